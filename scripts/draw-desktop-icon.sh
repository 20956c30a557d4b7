#!/usr/bin/env bash
# Draws the Clausewatch app icon (a page of clauses with one changed line marked) as a 1024 px
# RGBA PNG, then derives every size Tauri bundles from it with the Tauri CLI's `icon` command.
# Needs ImageMagick (Debian package imagemagick) and the npm packages of ui/ (`npm ci` in ui/).
# Usage: scripts/draw-desktop-icon.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
source_png="$root/src-tauri/icons/source.png"
mkdir -p "$root/src-tauri/icons"

# /usr/bin/convert is named explicitly because other `convert` programs may come first in PATH.
convert_bin=/usr/bin/convert
if [ ! -x "$convert_bin" ]; then
  echo "error: $convert_bin not found; install the Debian package imagemagick" >&2
  exit 1
fi

# Slate background with rounded corners, a white page, grey clause lines and one amber line
# for the clause that changed.
"$convert_bin" -size 1024x1024 xc:none \
  -fill '#24415f' -draw 'roundrectangle 64,64 960,960 180,180' \
  -fill '#f7f8fa' -draw 'polygon 300,200 620,200 744,324 744,824 300,824' \
  -fill '#c9d2dc' -draw 'polygon 620,200 620,324 744,324' \
  -fill '#8a99a8' \
  -draw 'roundrectangle 370,380 674,412 16,16' \
  -draw 'roundrectangle 370,470 674,502 16,16' \
  -draw 'roundrectangle 370,650 600,682 16,16' \
  -draw 'roundrectangle 370,740 640,772 16,16' \
  -fill '#e0a526' -draw 'roundrectangle 340,548 704,604 22,22' \
  -depth 8 -define png:color-type=6 "$source_png"

"$root/ui/node_modules/.bin/tauri" icon "$source_png" --output "$root/src-tauri/icons"

# Clausewatch ships for desktop only, so the mobile icon sets the command also writes are dropped.
rm -rf "$root/src-tauri/icons/android" "$root/src-tauri/icons/ios"
