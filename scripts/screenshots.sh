#!/usr/bin/env bash
# Renders the desktop app (main window, add dialog, details panel) under Xvfb into
# docs/screenshots/, on a scene of real torrents on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
missing=()
for p in xvfb xauth; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
mkdir -p docs/screenshots
xvfb-run -a -s "-screen 0 1400x900x24" build/bin/shoal_ui_screenshots docs/screenshots
