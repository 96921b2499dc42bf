#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine, or says exactly
# what is missing. Fast when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

BUN_VERSION=1.4.5
APT_PACKAGES=()
need_apt() { APT_PACKAGES+=("$1"); }

if ! command -v bun >/dev/null 2>&1; then
  if command -v npm >/dev/null 2>&1; then
    echo "setup: installing bun ${BUN_VERSION} from the npm registry"
    npm install -g --silent "bun@${BUN_VERSION}" >/dev/null
  else
    echo "setup: bun is missing and so is npm; install Node.js/npm, or bun from https://bun.sh" >&2
    exit 1
  fi
fi

command -v nats-server >/dev/null 2>&1 || need_apt nats-server
# Cameras: capture from UVC devices and JPEG encoding go through Debian's ffmpeg.
command -v ffmpeg >/dev/null 2>&1 || need_apt ffmpeg
# Browser tests run Debian's Chromium (playwright-core never downloads a browser).
[ -x /usr/bin/chromium ] || need_apt chromium
# The robot-bridge test talks to a real Python peer: Debian's interpreter with pyzmq and numpy.
if ! /usr/bin/python3 -c "import zmq, numpy" >/dev/null 2>&1; then
  need_apt python3-zmq
  need_apt python3-numpy
fi

if [ ${#APT_PACKAGES[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${APT_PACKAGES[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}" >/dev/null
  else
    echo "setup: missing ${APT_PACKAGES[*]}; install them with:" >&2
    echo "  sudo apt-get install --no-install-recommends ${APT_PACKAGES[*]}" >&2
    exit 1
  fi
fi

bun install --frozen-lockfile >/dev/null
