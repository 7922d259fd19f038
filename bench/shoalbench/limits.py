"""The physical limits of this machine, measured in the same run as the clients: SHA-1 and
SHA-256 on one core and on all of them (openssl speed), and on all of them as Shoal hashes
(several messages interleaved per core with the SHA extensions: bench/sha_speed.cpp),
loopback TCP (iperf3), and reading the payload from the page cache."""
import json
import os
import re
import subprocess
import time

from . import procs
from .measure import Row


def openssl_speed(digest, cores, seconds):
    """Bytes per second of `digest` over 16 KiB blocks on `cores` processes."""
    args = ["openssl", "speed", "-evp", digest, "-bytes", "16384", "-seconds", str(seconds)]
    if cores > 1:
        args += ["-multi", str(cores)]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    m = re.findall(r"^%s\s+([0-9.]+)k" % digest, out, re.M | re.I)
    if not m:
        raise RuntimeError("no %s figure in openssl speed's output" % digest)
    return float(m[-1]) * 1000.0


def shoal_speed(ctx, digest, cores, seconds):
    """Bytes per second of Shoal's own `digest` over 16 KiB messages on `cores` threads."""
    out = subprocess.run([ctx.sha_speed, digest, str(cores), str(seconds)], capture_output=True,
                         text=True, check=True).stdout
    return float(out.strip())


def iperf3_loopback(work, seconds):
    port = procs.free_port()
    server = procs.Proc(["iperf3", "-s", "-1", "-B", "127.0.0.1", "-p", port],
                        os.path.join(work, "iperf3-server.log"))
    try:
        time.sleep(0.3)
        out = subprocess.run(["iperf3", "-c", "127.0.0.1", "-p", str(port), "-t", str(seconds), "-J"],
                             capture_output=True, text=True, timeout=seconds + 30).stdout
        return json.loads(out)["end"]["sum_received"]["bits_per_second"] / 8.0
    finally:
        server.stop()


def page_cache_read(path):
    """Bytes/s of open() and read() from the page cache into one reused 1 MiB buffer: what
    every client that reads (not maps) pays on top of hashing. Small files cost more per
    byte (a file each, and here 4 KiB page-cache pages)."""
    from .payload import warm
    warm(path)
    start = time.monotonic()
    total = warm(path)
    return total / (time.monotonic() - start)


def measure(ctx, payloads, runs, quick):
    """Returns (rows, limits): rows for the table and a dict of bytes/s figures."""
    work = ctx.work
    cores = os.cpu_count() or 1
    secs = 1 if quick else 2
    rows = []
    limits = {}
    for digest in ("sha1", "sha256"):
        for n, label in ((1, "1 core"), (cores, "%d cores" % cores)):
            row = Row("limit: %s, %s (openssl speed, 16 KiB blocks)" % (digest.upper(), label), "MB/s")
            for _ in range(runs):
                v = openssl_speed(digest, n, secs)
                row.add("openssl", v / 1e6)
            limits["%s_%d" % (digest, n)] = row.median("openssl") * 1e6
            rows.append(row)
        row = Row("limit: %s, %d cores (Shoal's interleaved lanes, 16 KiB blocks)" %
                  (digest.upper(), cores), "MB/s")
        for _ in range(runs):
            row.add("Shoal", shoal_speed(ctx, digest, cores, secs) / 1e6)
        limits["%s_lanes_%d" % (digest, cores)] = row.median("Shoal") * 1e6
        rows.append(row)
    row = Row("limit: TCP over 127.0.0.1 (iperf3, one stream)", "MB/s")
    for _ in range(runs):
        row.add("iperf3", iperf3_loopback(work, 2 if quick else 3) / 1e6)
    limits["tcp"] = row.median("iperf3") * 1e6
    rows.append(row)
    for label, path in payloads:
        row = Row("limit: read the %s payload from the page cache (1 MiB reads)" % label, "MB/s")
        for _ in range(runs):
            row.add("read()", page_cache_read(path) / 1e6)
        rows.append(row)
    limits["cores"] = cores
    return rows, limits
