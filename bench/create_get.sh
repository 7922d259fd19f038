#!/usr/bin/env bash
# Benchmark (not a test): shoal create on 1 GiB (v1, hybrid) beside mktorrent and
# transmission-create on the same data, and a 1 GiB shoal -> shoal download over
# 127.0.0.1. Prints a markdown table of the median of RUNS runs (default 3).
#   bench/create_get.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
shoal=$PWD/build/bin/shoal
work=$PWD/build/bench-create-get
for tool in mktorrent transmission-create; do
  command -v "$tool" >/dev/null || { echo "install $tool first (apt-get install mktorrent transmission-cli)"; exit 1; }
done
[[ -x "$shoal" ]] || { echo "build shoal first: bash scripts/setup.sh"; exit 1; }

rm -rf "$work"; mkdir -p "$work/seed"
head -c $((1 << 30)) /dev/urandom > "$work/seed/payload.bin"
cat "$work/seed/payload.bin" > /dev/null  # in the page cache, as for every tool

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
time_runs() {  # time_runs CMD... -> median seconds over $runs runs
  local t=()
  for _ in $(seq "$runs"); do
    rm -f "$work/out.torrent"
    local s; s=$(now); "$@" >/dev/null 2>&1; local e; e=$(now)
    t+=("$(echo "$e - $s" | bc -l)")
  done
  printf '%s\n' "${t[@]}" | median
}

printf '| job (1 GiB, 1 MiB pieces, %s runs, median) | seconds |\n| --- | --- |\n' "$runs"
printf '| shoal create (v1) | %.3f |\n' "$(time_runs "$shoal" create "$work/seed/payload.bin" -o "$work/out.torrent" --piece-size 1M --profile "$work/create-profile")"
printf '| shoal create --hybrid | %.3f |\n' "$(time_runs "$shoal" create "$work/seed/payload.bin" -o "$work/out.torrent" --piece-size 1M --hybrid --profile "$work/create-profile")"
printf '| mktorrent -l 20 -t %s | %.3f |\n' "$(nproc)" "$(time_runs mktorrent -l 20 -t "$(nproc)" -o "$work/out.torrent" "$work/seed/payload.bin")"
printf '| transmission-create -s 1024 | %.3f |\n' "$(time_runs transmission-create -s 1024 -o "$work/out.torrent" "$work/seed/payload.bin")"

"$shoal" create "$work/seed/payload.bin" -o "$work/payload.torrent" --piece-size 1M --no-ledger >/dev/null
"$shoal" seed "$work/payload.torrent" -d "$work/seed" --loopback --port 0 --profile "$work/seed-profile" --no-ledger \
  > "$work/seed.log" 2>&1 &
seed_pid=$!
trap 'kill $seed_pid 2>/dev/null || true' EXIT
for _ in $(seq 300); do grep -q "seeding payload" "$work/seed.log" && break; sleep 0.1; done
peer=$(grep -o "listening on 127.0.0.1:[0-9]*" "$work/seed.log" | head -1 | cut -d' ' -f3)
get_once() {
  rm -rf "$work/get" "$work/get-profile"
  "$shoal" get "$work/payload.torrent" -o "$work/get" --loopback --port 0 --profile "$work/get-profile" --peer "$peer" "$@"
}
printf '| shoal get, shoal seed on 127.0.0.1 (v1: includes recording the BEP 52 root) | %.3f |\n' "$(time_runs get_once)"
printf '| shoal get --no-ledger, same | %.3f |\n' "$(time_runs get_once --no-ledger)"
cmp "$work/seed/payload.bin" "$work/get/payload.bin"
