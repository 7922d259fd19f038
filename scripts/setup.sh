#!/usr/bin/env bash
# Installs what Shoal needs from Debian 12's packages and builds it into build/.
#   scripts/setup.sh            build dependencies only
#   scripts/setup.sh --peers    also the real clients the interop tests use
#   scripts/setup.sh --bench    those and the other clients bench/run compares Shoal with
# Safe to run again: apt-get and the build only do what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

build_packages=(
  g++ cmake ninja-build ccache pkg-config
  libtorrent-rasterbar-dev libboost-dev libssl-dev
  nlohmann-json3-dev libcli11-dev libgtest-dev libgmock-dev libsqlite3-dev
  qt6-base-dev libgl-dev
)
peer_packages=(transmission-cli transmission-daemon python3-libtorrent opentracker
  chromium chromium-driver python3-selenium curl openssl)
bench_packages=(transmission-cli transmission-daemon python3-libtorrent opentracker
  qbittorrent-nox aria2 mktorrent iperf3 openssl coreutils diffutils)

packages=("${build_packages[@]}")
case "${1:-}" in
  --peers) packages+=("${peer_packages[@]}") ;;
  --bench) packages+=("${bench_packages[@]}") ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "==> installing: ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

echo "==> building (RelWithDebInfo, Ninja, ccache) into build/"
cmake --preset default >/dev/null
cmake --build --preset default
