#!/usr/bin/env bash
# Shoal's main job, end to end on this machine: make a payload, create its torrent, seed
# it with one `shoal` and download it with another over 127.0.0.1, with the progress bar.
# Nothing leaves the machine (--loopback: no UPnP, NAT-PMP, LSD or public DHT nodes).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

shoal=build/bin/shoal
demo=build/demo
rm -rf "$demo"
mkdir -p "$demo/seed/shoal-demo"
echo "==> writing a 256 MiB demo payload"
head -c $((200 << 20)) /dev/urandom > "$demo/seed/shoal-demo/video.bin"
head -c $((56 << 20)) /dev/urandom > "$demo/seed/shoal-demo/extras.bin"
echo "hello from Shoal" > "$demo/seed/shoal-demo/README.txt"

echo "==> shoal create"
"$shoal" create "$demo/seed/shoal-demo" -o "$demo/shoal-demo.torrent" --hybrid \
  --profile "$demo/seed-profile"
"$shoal" info "$demo/shoal-demo.torrent"

echo "==> shoal seed (in the background)"
"$shoal" seed "$demo/shoal-demo.torrent" -d "$demo/seed" --loopback --port 0 \
  --profile "$demo/seed-profile" > "$demo/seed.log" 2>&1 &
seed_pid=$!
trap 'kill $seed_pid 2>/dev/null || true; wait $seed_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  grep -q "seeding shoal-demo" "$demo/seed.log" && break
  sleep 0.1
done
peer=$(grep -o "listening on 127.0.0.1:[0-9]*" "$demo/seed.log" | head -1 | cut -d' ' -f3)
[[ -n "$peer" ]] || { cat "$demo/seed.log"; echo "the seed did not start"; exit 1; }

echo "==> shoal get from $peer"
"$shoal" get "$demo/shoal-demo.torrent" -o "$demo/download" --loopback --port 0 \
  --profile "$demo/get-profile" --peer "$peer"

cmp "$demo/seed/shoal-demo/video.bin" "$demo/download/shoal-demo/video.bin"
cmp "$demo/seed/shoal-demo/extras.bin" "$demo/download/shoal-demo/extras.bin"
echo "==> the download is byte-identical to the seed: $demo/download/shoal-demo"

echo "==> the downloading node's signed ledger"
"$shoal" ledger show --profile "$demo/get-profile"
"$shoal" ledger verify --profile "$demo/get-profile"
"$shoal" ledger lookup "$demo/download/shoal-demo/README.txt" --profile "$demo/get-profile"
