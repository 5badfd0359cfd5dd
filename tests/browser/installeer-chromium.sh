#!/usr/bin/env bash
# Installs Debian's Chromium and ChromeDriver when they are missing (a fresh CI machine has
# neither). Never downloads a browser build of its own: only the distribution's packages.
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive

echo "Chromium ontbreekt: installeer chromium en chromium-driver (apt-get)"
# The package lists may be missing or stale on a new machine: update only when needed.
if ! $sudo apt-get install -y chromium chromium-driver; then
  $sudo apt-get update
  $sudo apt-get install -y chromium chromium-driver
fi
/usr/bin/chromium --version 2>/dev/null || true
