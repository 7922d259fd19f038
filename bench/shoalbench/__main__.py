"""bench/run's driver: runs the scenarios, prints one markdown table, writes bench/RESULTS.md.

  bench/run [--quick] [--runs N] [--only limits,create,download,swarm,recheck,magnet,weight]
"""
import argparse
import datetime
import os
import platform
import subprocess
import sys
import time

from . import create_rows, download_rows, limits, magnet_rows, payload, recheck_rows, weight_rows
from .context import ROOT, Context
from .measure import table
from .payload import GIB

SCENARIOS = ["limits", "create", "download", "swarm", "recheck", "magnet", "weight"]


def machine():
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / GIB
    return "%s, %d cores, %.0f GiB RAM, Linux %s" % (cpu, os.cpu_count(), mem, platform.release())


def versions(ctx):
    def first_line(args):
        try:
            r = subprocess.run(args, capture_output=True, text=True, timeout=20)
            return (r.stdout or r.stderr).strip().splitlines()[0]
        except Exception:
            return "?"
    return {
        "shoal": first_line([ctx.shoal, "--version"]),
        "transmission": first_line(["transmission-cli", "--version"]),
        "qbittorrent-nox": first_line(["qbittorrent-nox", "--version"]),
        "aria2c": first_line(["aria2c", "--version"]),
        "mktorrent": first_line(["mktorrent", "-h"]),
        "libtorrent (python3)": first_line(["/usr/bin/python3", "-c", "import libtorrent; print(libtorrent.__version__)"]),
    }


def main():
    # Every client runs as on a fresh Debian machine, where OpenSSL's default CA paths are in
    # effect (some shells, like this project's build sandbox, point SSL_CERT_FILE at the bundle).
    for var in ("SSL_CERT_FILE", "SSL_CERT_DIR"):
        os.environ.pop(var, None)
    ap = argparse.ArgumentParser(prog="bench/run")
    ap.add_argument("--quick", action="store_true", help="a reduced set, one run each, < 5 min")
    ap.add_argument("--runs", type=int, default=None, help="runs per client and row (default 3; 1 with --quick)")
    ap.add_argument("--only", default=",".join(SCENARIOS), help="comma-separated: " + ",".join(SCENARIOS))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "RESULTS.md"), help="where the results go")
    args = ap.parse_args()
    only = [s for s in args.only.split(",") if s]
    for s in only:
        if s not in SCENARIOS:
            ap.error("unknown scenario %r" % s)
    runs = args.runs or (1 if args.quick else 3)
    ctx = Context(os.path.join(ROOT, "build", "bench"), runs, args.quick)
    if not os.access(ctx.shoal, os.X_OK):
        sys.exit("build Shoal first (bash scripts/setup.sh)")

    began = time.monotonic()
    data = os.path.join(ctx.work, "payload")
    os.makedirs(data, exist_ok=True)
    print("==> payloads (deterministic, kept in %s)" % data, flush=True)
    one = payload.one_gib(data)
    many = payload.build(data, "many-2000x512KiB", 2000, 512 << 10)
    payload.warm(one)
    rows = []
    if "limits" in only:
        print("==> physical limits", flush=True)
        r, ctx.limits = limits.measure(ctx, [("1 GiB", one), ("2,000 × 512 KiB", many)], runs,
                                       args.quick)
        rows += r
    if "create" in only:
        print("==> create", flush=True)
        sets = [("1 GiB, one file", one, GIB)]
        if not args.quick:
            payload.warm(many)
            sets.append(("2,000 × 512 KiB", many, 2000 * (512 << 10)))
        rows += create_rows.run(ctx, sets)
    if "download" in only or "swarm" in only:
        print("==> download", flush=True)
        sets = [("1 GiB", one, GIB)]
        if not args.quick:
            files = payload.build(data, "files-1000x98KiB", 1000, 98 << 10)
            payload.warm(files)
            sets.append(("1,000 files / 98 MiB", files, 1000 * (98 << 10)))
        rows += download_rows.run(ctx, sets, "swarm" in only and not args.quick)
    if "recheck" in only:
        print("==> recheck", flush=True)
        torrent = download_rows.make_torrent(ctx, one, "single-1GiB.bin.torrent")
        rows += recheck_rows.run(ctx, "1 GiB", torrent, one, GIB)
    if "magnet" in only:
        print("==> magnet", flush=True)
        torrent = download_rows.make_torrent(ctx, one, "single-1GiB.bin.torrent")
        rows += magnet_rows.run(ctx, torrent, os.path.dirname(one))
    if "weight" in only:
        print("==> weight", flush=True)
        rows += weight_rows.run(ctx, 2000 if args.quick else 10000)

    text = table(rows)
    print(text)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    with open(args.out + ".tmp", "w") as f:
        f.write("# Benchmark results\n\n")
        f.write("Made by `bench/run%s` on %s (%.0f s), on %s.\n\n" % (
            " --quick" if args.quick else "", stamp, time.monotonic() - began, machine()))
        f.write("Versions: %s.\n\n" % "; ".join("%s: %s" % kv for kv in versions(ctx).items()))
        f.write(text + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(args.out + ".tmp", args.out)
    print("\nwritten to %s" % os.path.relpath(args.out, ROOT))


main()
