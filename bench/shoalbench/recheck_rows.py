"""Scenario 3: check 1 GiB of complete data against its torrent (in the page cache): Shoal
(`shoal seed`, which checks before it seeds) vs transmission-cli --verify, qbittorrent-nox
(adding it with checking), aria2c --check-integrity and libtorrent. transmission-cli drops the
file from the page cache once it has verified it (POSIX_FADV_DONTNEED): the payload is read
back into the cache before each check, so that no client pays for the one before it."""
import os
import time

from . import payload, procs
from .context import LT_PEER
from .leechers import Aria2, ProcessLeecher, Qbittorrent, Transmission, WatchedClient
from .measure import READ_HASH_FLOOR, Row, run_order


class ShoalSeed(WatchedClient):
    marker = "seeding "  # printed once its data is checked

    def __init__(self, ctx, torrent, data, port):
        super().__init__([ctx.shoal, "seed", torrent, "-d", data, "--loopback", "--no-dht", "--port", port,
                          "--profile", ctx.fresh_dir("profiles", "check-%d" % port)], ctx.log("shoal-seed"))


class LibtorrentCheck(ProcessLeecher):
    def __init__(self, ctx, torrent, data, port):
        super().__init__(LT_PEER + ["check", torrent, data], ctx.log("lt-check"))


CHECKERS = {
    "Shoal (shoal seed)": ShoalSeed,
    "transmission-cli --verify": lambda ctx, t, d, p: Transmission(ctx, t, d, p, ["-v"]),
    "qbittorrent-nox": Qbittorrent,
    "aria2c --check-integrity": lambda ctx, t, d, p: Aria2(ctx, t, d, p, ["--check-integrity=true"]),
    "libtorrent (python3)": LibtorrentCheck,
}


def run(ctx, label, torrent, data, size):
    sha1 = (ctx.limits.get("sha1_%d" % ctx.cores), ctx.limits.get("sha1_lanes_%d" % ctx.cores))
    row = Row("recheck %s of complete data" % label, "s", size, sha1)
    checkers = dict(CHECKERS)
    checkers[READ_HASH_FLOOR] = lambda ctx, t, d, p: ProcessLeecher(
        [ctx.read_hash_floor, "v1", payload.PIECE, data], ctx.log("read-hash-floor"))
    for run in range(ctx.runs):
        for client, make in run_order(checkers.items(), run):
            if client in row.notes:
                continue
            checker = None
            os.sync()
            payload.warm(data)
            try:
                checker = make(ctx, torrent, os.path.dirname(data), procs.free_port())
                if hasattr(checker, "begin"):
                    start = time.monotonic()
                    checker.begin()
                else:
                    start = checker.proc.started
                # A client that says when it is done is woken by its output; the others
                # are polled.
                watched = isinstance(checker, WatchedClient)
                procs.wait_until(checker.done, 300, step=1.0 if watched else 0.005,
                                 wake=checker.proc.news if watched else None)
                took = time.monotonic() - start
                row.add(client, took, checker.stop())
            except (RuntimeError, TimeoutError, OSError) as e:
                row.fail(client, str(e))
                if checker:
                    checker.stop()
            print("   %s, %s: %s" % (row.name, client, row.samples.get(client, row.notes.get(client))), flush=True)
    return [row]
