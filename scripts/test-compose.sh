#!/usr/bin/env bash
# make test-compose: the stack under a real Docker engine, with the project's
# Dockerfile and compose files unchanged. Installs what is missing (Debian's
# docker.io, Compose v2, debootstrap), starts dockerd when it is not running,
# builds stand-ins for the base images when no registry has them
# (scripts/compose-base-images.sh; kept between runs), then runs
# test/compose/stack.compose.ts. Cleans up pass or fail: its compose projects,
# and the dockerd it started with the firewall rules and forwarding switches
# that dockerd set (scripts/host-network.sh); it fails when they differ
# afterwards from what the machine had.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/host-network.sh

started=$SECONDS
say() { echo "test-compose: $*"; }
PROJECT="teleop-test-$$"
DOCKERD_PID=""
DOCKERD_LOG=""
HAD_DOCKER0=""
HOST_NET_DIR=""
OLD_IMAGE=""
ip link show docker0 >/dev/null 2>&1 && HAD_DOCKER0=1

cleanup() {
  local status=$?
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    for p in "$PROJECT" "$PROJECT-auth"; do
      if [ -n "$(docker ps -aq --filter "label=com.docker.compose.project=$p")" ]; then
        say "removing leftover project $p"
        docker compose -p "$p" down --volumes --remove-orphans --timeout 5 >/dev/null 2>&1
      fi
    done
    # The image this run replaced (sources changed) would be left dangling at each run.
    if [ -n "$OLD_IMAGE" ] && [ "$OLD_IMAGE" != "$(docker image inspect -f '{{.Id}}' teleop:latest 2>/dev/null)" ]; then
      docker image rm "$OLD_IMAGE" >/dev/null 2>&1
    fi
  fi
  if [ -n "$DOCKERD_PID" ]; then
    say "stopping the dockerd it started (pid $DOCKERD_PID)"
    kill "$DOCKERD_PID" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.5; done
    [ -z "$HAD_DOCKER0" ] && ip link delete docker0 >/dev/null 2>&1
    rm -f "$DOCKERD_LOG"
  fi
  if [ -n "$HOST_NET_DIR" ]; then
    say "restoring the firewall rules and forwarding switches dockerd changed"
    host_net_restore "$HOST_NET_DIR"
    if ! host_net_diff "$HOST_NET_DIR"; then
      say "the host's firewall or forwarding differs from before the run (above: before <, now >)" >&2
      [ "$status" -eq 0 ] && status=1
    fi
    rm -rf "$HOST_NET_DIR"
  fi
  say "done in $((SECONDS - started)) s"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

need_root() {
  if [ "$(id -u)" != "0" ]; then
    say "$1 needs root; run: sudo $2" >&2
    exit 1
  fi
}

apt_install() {
  need_root "installing $*" "apt-get install --no-install-recommends $*"
  say "installing $* with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null ||
    { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }
}

# Compose v2: Debian's docker-compose from trixie on (a Go binary installed as
# the CLI plugin). On an older release (bookworm's is Compose v1) the one
# package comes from trixie through a private apt configuration, so this
# machine's sources stay as they are; its only dependency is libc6.
install_compose_v2() {
  local candidate
  candidate=$(apt-cache policy docker-compose 2>/dev/null | awk '/Candidate:/ {print $2}')
  if [[ "$candidate" == 2.* ]]; then
    apt_install docker-compose
    return
  fi
  need_root "installing Compose v2" "make test-compose"
  local mirror dir opts
  mirror=$(grep -hoE '^(URIs:|deb) +(\[[^]]*\] +)?https?://[^ ]+' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
    grep -oE 'https?://[^ ]+' | grep -v -- '-security' | head -1)
  mirror=${mirror:-http://deb.debian.org/debian}
  dir=$(mktemp -d /tmp/teleop-trixie.XXXXXX)
  mkdir -p "$dir/lists/partial" "$dir/archives/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" >"$dir/sources.list"
  opts=(-o "Dir::Etc::SourceList=$dir/sources.list" -o Dir::Etc::SourceParts=- -o "Dir::State::Lists=$dir/lists"
    -o "Dir::Cache::Archives=$dir/archives" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=
    -o APT::Sandbox::User=root)
  say "installing Compose v2 (docker-compose from Debian trixie, $mirror)"
  if apt-get "${opts[@]}" update -qq >/dev/null &&
    (cd "$dir" && apt-get "${opts[@]}" download docker-compose >/dev/null); then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$dir"/docker-compose_*.deb >/dev/null
  fi
  local rc=$?
  rm -rf "$dir"
  return $rc
}

command -v dockerd >/dev/null 2>&1 || apt_install docker.io || exit 1
command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap || exit 1
if ! docker compose version 2>/dev/null | grep -qE 'v?2\.'; then
  install_compose_v2 || { say "could not install Compose v2" >&2; exit 1; }
fi
say "$(docker compose version)"

if ! docker info >/dev/null 2>&1; then
  need_root "starting dockerd" "dockerd &"
  DOCKERD_LOG=$(mktemp /tmp/teleop-dockerd.XXXXXX.log)
  HOST_NET_DIR=$(mktemp -d /tmp/teleop-host-net.XXXXXX)
  host_net_save "$HOST_NET_DIR"
  say "starting dockerd (log $DOCKERD_LOG)"
  setsid dockerd >"$DOCKERD_LOG" 2>&1 &
  DOCKERD_PID=$!
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  if ! docker info >/dev/null 2>&1; then
    say "dockerd did not come up:" >&2
    tail -20 "$DOCKERD_LOG" >&2
    exit 1
  fi
fi
say "Docker engine $(docker version --format '{{.Server.Version}}')"
OLD_IMAGE=$(docker image inspect -f '{{.Id}}' teleop:latest 2>/dev/null)

bash scripts/compose-base-images.sh || { say "could not build the base images" >&2; exit 1; }

COMPOSE_TEST_PROJECT="$PROJECT" bun test --timeout 600000 ./test/compose/stack.compose.ts
