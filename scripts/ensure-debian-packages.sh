#!/usr/bin/env bash
# Installs the Debian packages named as arguments that are not installed yet.
# Run as root or with sudo available; does nothing when every package is present.
set -euo pipefail

missing=()
for package in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "error: missing Debian packages: ${missing[*]}; run as root or install sudo" >&2
    exit 1
  fi
  sudo_cmd=(sudo)
fi

echo "Installing Debian packages: ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
  "${missing[@]}"
