"""Where the CPU of a download row goes (a diagnostic, not part of bench/run): the row's own
seeder and one leecher at a time, as in the row, and for each download its time, the
leecher's user and system CPU, and the seeder's CPU by thread. On a 2-core machine the sum
of the two shows how much of the wall time the CPU bounds. The 1 GiB row; with --files,
the 1,000 files / 98 MiB one. The client "floor" is shoal_discard_leecher (bench/
discard_leecher.cpp): it asks the seeder for every block and throws them away, so its time
is what this seeder needs to send the payload, whatever the leecher.
  PYTHONPATH=bench /usr/bin/python3 -m shoalbench.download_cpu [--files] [RUNS] [CLIENT ...]"""
import os
import subprocess
import sys
import time

from . import download_rows, payload, procs
from .context import ROOT, Context
from .leechers import CLIENTS


def thread_cpu(pid):
    """{thread id: CPU seconds} of a running process."""
    out = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            out[tid] = procs.cpu_seconds(pid, tid)
        except OSError:
            pass  # the thread ended
    return out


def discard(torrent, port):
    """(seconds, user CPU, system CPU) of shoal_discard_leecher's run against the seeder."""
    os.sync()
    before = os.times()
    start = time.monotonic()
    subprocess.run([os.path.join(ROOT, "build", "bin", "shoal_discard_leecher"), torrent, str(port)],
                   check=True, capture_output=True, timeout=300)
    took = time.monotonic() - start
    after = os.times()
    return took, after.children_user - before.children_user, after.children_system - before.children_system


def main():
    args = sys.argv[1:]
    files = args[:1] == ["--files"]
    args = args[1:] if files else args
    runs = int(args[0]) if args else 2
    clients = args[1:] or ["Shoal", "Shoal --no-ledger"]
    for c in clients:
        if c not in CLIENTS and c != "floor":
            sys.exit("unknown client %r (%s)" % (c, ", ".join(CLIENTS)))
    ctx = Context(os.path.join(ROOT, "build", "bench"), runs, False)
    data = os.path.join(ctx.work, "payload")
    os.makedirs(data, exist_ok=True)
    if files:
        src = payload.build(data, "files-1000x98KiB", 1000, 98 << 10)
    else:
        src = payload.one_gib(data)
    payload.warm(src)
    torrent = download_rows.make_torrent(ctx, src, os.path.basename(src) + ".torrent")
    seed = download_rows.Seeder(ctx, torrent, data)
    try:
        download_rows.warm_up(ctx, torrent, seed, src, 1, 300)
        for _ in range(runs):
            for client in clients:
                before = thread_cpu(seed.proc.popen.pid)
                leecher = []
                if client == "floor":
                    took, user, system = discard(torrent, seed.port)
                else:
                    took, _ = download_rows.swarm_run(ctx, CLIENTS[client], torrent, seed, src, 1,
                                                      300, peers_out=leecher)
                    proc = getattr(leecher[0], "proc", None)
                    user, system = proc.cpu_s if proc and proc.cpu_s else (float("nan"),) * 2
                after = thread_cpu(seed.proc.popen.pid)
                spent = sorted((cpu - before.get(tid, 0.0) for tid, cpu in after.items()),
                               reverse=True)
                print("%-20s %.2f s; leecher CPU %.2f s (user %.2f, system %.2f); seeder CPU %.2f s "
                      "(busiest threads %s)" % (
                          client, took, user + system, user, system, sum(spent),
                          ", ".join("%.2f" % c for c in spent[:3])), flush=True)
    finally:
        seed.stop()


main()
