#!/usr/bin/env bash
# Re-render the hicolor PNG icons from the SVG master (needs rsvg-convert: apt-get install librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/.."

app_id="io.github.imagestudio.ImageStudio"
hicolor="resources/icons/hicolor"
svg="$hicolor/scalable/apps/$app_id.svg"
sizes=(16 24 32 48 64 128 256 512)

command -v rsvg-convert >/dev/null || { echo "render_icons: rsvg-convert not found (librsvg2-bin)" >&2; exit 1; }
for size in "${sizes[@]}"; do
    out="$hicolor/${size}x${size}/apps/$app_id.png"
    mkdir -p "$(dirname "$out")"
    rsvg-convert --width "$size" --height "$size" "$svg" --output "$out"
    echo "render_icons: $out"
done
