#!/usr/bin/env bash
# Takes a screenshot of every view of the desktop app, in the light and the dark theme, on a
# virtual X display. Writes PNG files to the folder given as the first argument (default
# target/screenshots). Expects the debug build and tauri-driver, as `make screenshots` provides.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out_dir="$(realpath -m "${1:-$root/target/screenshots}")"
mkdir -p "$out_dir/light" "$out_dir/dark"

display_number=97
while [ -e "/tmp/.X${display_number}-lock" ]; do
  display_number=$((display_number + 1))
done
Xvfb ":$display_number" -screen 0 1280x800x24 -nolisten tcp &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null || true' EXIT
export DISPLAY=":$display_number"

for _ in $(seq 50); do
  xdpyinfo >/dev/null 2>&1 && break
  sleep 0.1
done

cd "$root"
CLAUSEWATCH_SCREENSHOT_DIR="$out_dir/light" dbus-run-session -- \
  "${CARGO:-cargo}" test -p clausewatch-e2e --test screenshots -- --ignored
# GTK reports the dark variant of its theme to WebKit as prefers-color-scheme: dark.
GTK_THEME=Adwaita:dark CLAUSEWATCH_SCREENSHOT_DIR="$out_dir/dark" dbus-run-session -- \
  "${CARGO:-cargo}" test -p clausewatch-e2e --test screenshots -- --ignored

echo "Screenshots in $out_dir"
