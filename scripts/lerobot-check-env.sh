#!/usr/bin/env bash
# A Python environment with what LeRobot's dataset reader stands on (pyarrow,
# pandas, Hugging Face datasets, PyAV), for scripts/lerobot_check.py and the
# test that runs it. Made once under the user's cache; fast when it is there.
# Prints the environment's python on stdout; everything else goes to stderr.
set -euo pipefail
VENV="${LEROBOT_CHECK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/teleop/lerobot-check}"
PACKAGES=(pyarrow pandas datasets av numpy)

# Written last, so a half-made environment is made again.
DONE="$VENV/.teleop-complete"
if [ -f "$DONE" ]; then
  echo "$VENV/bin/python"
  exit 0
fi
PYTHON="$(command -v python3 || true)"
if [ -z "$PYTHON" ] || ! "$PYTHON" -c "import venv, ensurepip" >/dev/null 2>&1; then
  echo "lerobot-check-env: needs python3 (3.9 or newer) with venv and ensurepip (Debian: apt-get install python3-venv)" >&2
  exit 1
fi
echo "lerobot-check-env: installing ${PACKAGES[*]} into $VENV" >&2
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV" >&2
LOG="$(mktemp)"
# One try per index: where only a local index answers, pip's default retries
# on the unreachable one take minutes.
if ! "$VENV/bin/pip" install --quiet --retries 0 --timeout 10 "${PACKAGES[@]}" >"$LOG" 2>&1; then
  cat "$LOG" >&2
  echo "lerobot-check-env: pip could not install ${PACKAGES[*]} (no package index reachable?)" >&2
  rm -rf "$VENV" "$LOG"
  exit 1
fi
rm -f "$LOG"
touch "$DONE"
echo "$VENV/bin/python"
