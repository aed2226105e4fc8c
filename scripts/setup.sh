#!/usr/bin/env bash
# Installs what RunSound's build and tests need on a fresh Debian/Ubuntu machine:
# Debian's Chromium (unless RUNSOUND_CHROMIUM names another browser) and the npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

install_chromium() {
  local sudo=''
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo='sudo'; else
      echo "Chromium is missing and this user cannot install it: install the 'chromium' package, or set RUNSOUND_CHROMIUM to a Chromium binary." >&2
      exit 1
    fi
  fi
  # Another apt may hold the dpkg lock (unattended upgrades on a fresh machine): wait and retry.
  for attempt in 1 2 3 4 5 6; do
    if $sudo apt-get -o DPkg::Lock::Timeout=120 update -qq &&
      DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=120 install -y -qq chromium >/dev/null; then
      return 0
    fi
    echo "apt-get failed (attempt $attempt); retrying in 15 s" >&2
    sleep 15
  done
  echo "Could not install Chromium with apt-get." >&2
  exit 1
}

if [ -n "${RUNSOUND_CHROMIUM:-}" ]; then
  [ -x "$RUNSOUND_CHROMIUM" ] || { echo "RUNSOUND_CHROMIUM=$RUNSOUND_CHROMIUM is not an executable" >&2; exit 1; }
elif ! [ -x /usr/bin/chromium ]; then
  install_chromium
fi

npm ci --no-audit --no-fund
