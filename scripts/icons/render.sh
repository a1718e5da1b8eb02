#!/usr/bin/env bash
# Rasterizes Postcart's icon from its SVG sources (scripts/icons/) into public/icons/<size>.png.
# The PNGs are committed, so builds and CI never need this; rerun it after changing an SVG.
# Needs rsvg-convert (Debian: apt-get install -y librsvg2-bin), which downloads nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v rsvg-convert >/dev/null 2>&1; then
  echo "rsvg-convert is missing: apt-get install -y librsvg2-bin" >&2
  exit 1
fi

mkdir -p public/icons
# 16 px has its own drawing on the pixel grid (a scaled-down cart blurs into a smudge there);
# the larger sizes come from the full drawing.
rsvg-convert --width 16 --height 16 scripts/icons/postcart-16.svg --output public/icons/16.png
for size in 32 48 96 128; do
  rsvg-convert --width "$size" --height "$size" scripts/icons/postcart.svg --output "public/icons/$size.png"
done
ls -l public/icons
