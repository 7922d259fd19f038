"""Scenario 2: download from one common seeder on 127.0.0.1 (python3-libtorrent with the data
in the page cache; it dials every leecher), one leecher at a time; then a swarm of that
seeder and 4 leechers of one client, which find each other and the seeder through
opentracker (the seeder still dials them: Transmission never dials 127.0.0.0/8)."""
import os
import subprocess
import time

import libtorrent as lt

from . import payload, procs
from .context import LT_PEER
from .leechers import CLIENTS, Libtorrent
from .measure import Row, run_order


class Seeder:
    def __init__(self, ctx, torrent, data_dir, dht=None):
        self.port = procs.free_port()
        extra = ["--dht", dht] if dht else []
        self.proc = procs.Proc(LT_PEER + ["seed", torrent, data_dir, self.port] + extra, ctx.log("seeder"),
                               stdin=True)
        procs.wait_until(lambda: ("ready" in self.proc.output() and procs.listening(self.port))
                         or not self.proc.running(), 60)
        if not self.proc.running():
            raise RuntimeError("the seeder did not start; log: " + self.proc.log_path)
        # In its first second libtorrent turns a peer away even after the torrent seeds and the
        # port listens (and the peer then waits a minute before it tries again).
        time.sleep(1.0)

    def dial(self, *ports):
        """Has the seeder connect to these leechers (all of one run: in one go)."""
        self.proc.send("dial " + " ".join(str(p) for p in ports))

    def forget(self, port):
        self.proc.send("forget %d" % port)

    def announce(self, url):
        self.proc.send("announce " + url)

    def stop(self):
        self.proc.stop()


class Tracker:
    def __init__(self, ctx, torrent):
        self.port = procs.free_port()
        d = ctx.fresh_dir("tracker")
        with open(os.path.join(d, "whitelist"), "w") as f:
            f.write(str(lt.torrent_info(torrent).info_hash()) + "\n")
        # Debian's opentracker chroots into -d before it reads the whitelist.
        self.proc = procs.Proc(["opentracker", "-i", "127.0.0.1", "-p", self.port, "-P", self.port,
                                "-w", "whitelist", "-d", "."], ctx.log("opentracker"), cwd=d)
        self.announce = "http://127.0.0.1:%d/announce" % self.port

    def stop(self):
        self.proc.stop()


def same_content(a, b):
    if os.path.isdir(a):
        return subprocess.run(["diff", "-rq", a, b], capture_output=True).returncode == 0
    return subprocess.run(["cmp", "-s", a, b]).returncode == 0


def swarm_run(ctx, cls, torrent, seed, expect, leechers, timeout, peers_out=None):
    """Starts `leechers` leechers of one client; returns (seconds until all are done, max peak RSS).
    peers_out, a list: gets the leechers, stopped."""
    # The last run's gigabyte is written back before this one starts, not during it.
    os.sync()
    ports = [procs.free_port() for _ in range(leechers)]
    outs = [ctx.fresh_dir("dl", "%d" % p) for p in ports]
    peers = []
    try:
        for port, out in zip(ports, outs):
            peers.append(cls(ctx, torrent, out, port))
        if getattr(cls, "prepare_untimed", False):
            start = time.monotonic()
            for p in peers:
                p.begin()
        else:
            start = min(p.proc.started for p in peers)
        for port, peer in zip(ports, peers):
            procs.wait_until(lambda: procs.listening(port) and peer.ready_for_peers(), 60, step=0.002)
        seed.dial(*ports)
        pending = list(peers)
        end = start + timeout
        while pending:
            pending = [p for p in pending if not p.done()]
            if time.monotonic() > end:
                raise TimeoutError("not done after %d s" % timeout)
            time.sleep(0.01)
        took = time.monotonic() - start
    finally:
        rss = [p.stop() for p in peers]
        if peers_out is not None:
            peers_out.extend(peers)
        for port in ports:
            seed.forget(port)
    for out in outs:
        got = os.path.join(out, os.path.basename(expect))
        if not same_content(expect, got):
            raise RuntimeError("the downloaded data differs from the payload (%s)" % got)
    for out in outs:
        subprocess.run(["rm", "-rf", out])
    return took, max(r or 0 for r in rss)


def make_torrent(ctx, src, name, tracker=None):
    out = ctx.path("torrents", name)
    args = [ctx.shoal, "create", src, "-o", out, "--piece-size", payload.PIECE, "-f", "--no-ledger"]
    if tracker:
        args += ["-t", tracker]
    procs.run(args, ctx.log("make-torrent"), timeout=300)
    return out


def warm_up(ctx, torrent, seed, expect, leechers, timeout):
    """One untimed download with libtorrent's leecher. The first download from a fresh seeder
    is slower (its first read of the payload: 3.4-3.9 s for 1 GiB, against 2.6-2.9 s for the
    ones after), which used to fall on whichever client ran first: always Shoal."""
    swarm_run(ctx, Libtorrent, torrent, seed, expect, leechers, timeout)


def measure_row(ctx, row, torrent, seed, expect, leechers, timeout, clients):
    warm_up(ctx, torrent, seed, expect, leechers, timeout)
    for run in range(ctx.runs):
        for client in run_order(clients, run):
            if client in row.notes:
                continue
            try:
                took, rss = swarm_run(ctx, CLIENTS[client], torrent, seed, expect, leechers, timeout)
                row.add(client, took, rss)
            except (RuntimeError, TimeoutError, OSError) as e:
                row.fail(client, str(e))
            print("   %s, %s: %s" % (row.name, client, row.samples.get(client, row.notes.get(client))), flush=True)


def run(ctx, sets, swarm):
    """sets: [(label, payload path, bytes)]. Returns rows."""
    rows = []
    clients = list(CLIENTS)
    for label, src, size in sets:
        torrent = make_torrent(ctx, src, os.path.basename(src) + ".torrent")
        seed = Seeder(ctx, torrent, os.path.dirname(src))
        try:
            row = Row("download %s from one seeder" % label, "s")
            measure_row(ctx, row, torrent, seed, src, 1, 300, clients)
            rows.append(row)
            if swarm:
                tracker = Tracker(ctx, torrent)
                try:
                    with_tracker = make_torrent(ctx, src, os.path.basename(src) + "-tracker.torrent",
                                                tracker.announce)
                    seed.announce(tracker.announce)
                    row = Row("swarm: 1 seeder + 4 leechers of one client, %s, until all are done" % label, "s")
                    measure_row(ctx, row, with_tracker, seed, src, 4, 240, clients)
                    rows.append(row)
                finally:
                    tracker.stop()
        finally:
            seed.stop()
    return rows
