#!/usr/bin/env bash
# Installs what RunSound's build and tests need on a fresh Debian/Ubuntu machine:
# Debian's Chromium (unless RUNSOUND_CHROMIUM names another browser), Debian's Firefox ESR (unless
# RUNSOUND_FIREFOX names another Firefox) and the npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

install_packages() {
  local sudo=''
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo='sudo'; else
      echo "$* missing and this user cannot install it: install the Debian package(s) $*, or set RUNSOUND_CHROMIUM / RUNSOUND_FIREFOX to the browsers." >&2
      exit 1
    fi
  fi
  # Another apt may hold the dpkg lock (unattended upgrades on a fresh machine): wait and retry.
  for attempt in 1 2 3 4 5 6; do
    if $sudo apt-get -o DPkg::Lock::Timeout=120 update -qq &&
      DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=120 install -y -qq "$@" >/dev/null; then
      return 0
    fi
    echo "apt-get failed (attempt $attempt); retrying in 15 s" >&2
    sleep 15
  done
  echo "Could not install $* with apt-get." >&2
  exit 1
}

missing=()
if [ -n "${RUNSOUND_CHROMIUM:-}" ]; then
  [ -x "$RUNSOUND_CHROMIUM" ] || { echo "RUNSOUND_CHROMIUM=$RUNSOUND_CHROMIUM is not an executable" >&2; exit 1; }
elif ! [ -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi
if [ -n "${RUNSOUND_FIREFOX:-}" ]; then
  [ -x "$RUNSOUND_FIREFOX" ] || { echo "RUNSOUND_FIREFOX=$RUNSOUND_FIREFOX is not an executable" >&2; exit 1; }
elif ! [ -x /usr/bin/firefox-esr ]; then
  missing+=(firefox-esr)
fi
if [ ${#missing[@]} -gt 0 ]; then install_packages "${missing[@]}"; fi

npm ci --no-audit --no-fund
