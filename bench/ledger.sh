#!/usr/bin/env bash
# Benchmark (not a test) of the ledger: append rate in batches of 100, verify of
# ENTRIES entries (default 1,000,000), and the BEP 52 root of a 1 GiB file as
# `shoal ledger lookup` computes it, beside `openssl speed -evp sha256` on one core.
#   bench/ledger.sh [ENTRIES]
set -euo pipefail
cd "$(dirname "$0")/.."
entries=${1:-1000000}
bench=$PWD/build/bin/shoal_ledger_bench
work=$PWD/build/bench-ledger
[[ -x "$bench" ]] || { echo "build first: bash scripts/setup.sh"; exit 1; }
rm -rf "$work"; mkdir -p "$work"
head -c $((1 << 30)) /dev/urandom > "$work/file.bin"
cat "$work/file.bin" > /dev/null  # in the page cache: the figure is hashing, not the disk
"$bench" "$work/ledger" "$entries" "$work/file.bin"
# openssl prints bytes/s in thousands for 16 KiB blocks (the BEP 52 block size).
k=$(openssl speed -evp sha256 -bytes 16384 -seconds 3 2>/dev/null | awk '/^sha256/ {print $NF}' | tr -d k)
printf '| openssl speed -evp sha256, 16 KiB blocks, 1 core | %.0f MB/s |\n' "$(echo "$k / 1000" | bc -l)"
rm -rf "$work"
