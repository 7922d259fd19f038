"""Scenario 4: from `get MAGNET` to having the metadata (1 GiB torrent): with the peer known
(x.pe in the magnet; transmission-cli never dials 127.0.0.0/8 and aria2c takes no x.pe, so
the seeder dials those two), and through a local DHT of 16 nodes (the clients that can be
pointed at a DHT node: Shoal, aria2c, libtorrent)."""
import os
import time

import libtorrent as lt

from . import procs
from .context import LT_PEER
from .download_rows import Seeder
from .leechers import Aria2, Libtorrent, Qbittorrent, Transmission, WatchedClient
from .measure import Row, run_order


class ShoalMagnet(WatchedClient):
    marker = "metadata received"

    def __init__(self, ctx, magnet, out, port, extra=("--no-dht",)):
        super().__init__([ctx.shoal, "get", magnet, "-o", out, "--loopback", "--port", port, "--profile",
                          ctx.fresh_dir("profiles", "magnet-%d" % port), "--no-ledger"] + list(extra),
                         ctx.log("shoal-magnet"))


class TransmissionMagnet(Transmission):
    def done(self):
        super().done()
        # Its status line looks the same before and after; the metadata is saved as a
        # .torrent in its config's torrents/ folder the moment it is complete.
        d = os.path.join(self.config, "torrents")
        return os.path.isdir(d) and any(f.endswith(".torrent") for f in os.listdir(d))


class QbtMagnet(Qbittorrent):
    def done(self):
        return self.has_metadata()


def peer_clients():
    """client -> (factory, whether the seeder must dial it)"""
    return {
        "Shoal": (ShoalMagnet, False),
        "transmission-cli": (TransmissionMagnet, True),
        "qbittorrent-nox": (QbtMagnet, False),
        "aria2c": (lambda c, m, o, p: Aria2(c, m, o, p, ["--bt-metadata-only=true", "--bt-save-metadata=true"]),
                   True),
        "libtorrent (python3)": (lambda c, m, o, p: Libtorrent(c, m, o, p, ["--metadata-only"]), False),
    }


def dht_clients(boot):
    return {
        "Shoal": (lambda c, m, o, p: ShoalMagnet(c, m, o, p, ["--dht-bootstrap", boot]), False),
        "aria2c": (lambda c, m, o, p: Aria2(c, m, o, p, [
            "--bt-metadata-only=true", "--bt-save-metadata=true", "--enable-dht=true",
            "--dht-entry-point=%s" % boot, "--dht-listen-port=%d" % procs.free_port(),
            "--dht-file-path=%s" % c.path("aria2-dht", "%d.dat" % p)]), False),
        "libtorrent (python3)": (lambda c, m, o, p: Libtorrent(c, m, o, p, ["--metadata-only", "--dht", boot]),
                                 False),
    }


def _measure(ctx, row, clients, magnet, seed, timeout):
    known = "%s&x.pe=127.0.0.1:%d" % (magnet, seed.port)
    for run in range(ctx.runs):
        for client, (make, dial) in run_order(clients.items(), run):
            if client in row.notes:
                continue
            port = procs.free_port()
            out = ctx.fresh_dir("dl", "magnet-%d" % port)
            c = None
            try:
                c = make(ctx, magnet if dial else known, out, port)
                if hasattr(c, "begin"):
                    start = time.monotonic()
                    c.begin()
                else:
                    start = c.proc.started
                if dial:
                    procs.wait_until(lambda: procs.listening(port) and c.ready_for_peers(), 60, step=0.002)
                    seed.dial(port)
                procs.wait_until(c.done, timeout, step=0.005)
                row.add(client, time.monotonic() - start, c.stop())
            except (RuntimeError, TimeoutError, OSError) as e:
                row.fail(client, str(e))
                if c:
                    c.stop()
            finally:
                if dial:
                    seed.forget(port)
            print("   %s, %s: %s" % (row.name, client, row.samples.get(client, row.notes.get(client))), flush=True)


def run(ctx, torrent, data_dir):
    info = lt.torrent_info(torrent)
    magnet = "magnet:?xt=urn:btih:%s&dn=%s" % (info.info_hash(), info.name())
    rows = []
    seed = Seeder(ctx, torrent, data_dir)
    try:
        row = Row("magnet → metadata, 1 GiB torrent, the peer known", "s")
        _measure(ctx, row, peer_clients(), magnet, seed, 60)
        rows.append(row)
    finally:
        seed.stop()
    first = procs.free_port()
    nodes = procs.Proc(LT_PEER + ["dht", 16, first], ctx.log("dht-nodes"))
    boot = "127.0.0.1:%d" % first
    seed = None
    try:
        procs.wait_until(lambda: "ready" in nodes.output(), 60)
        seed = Seeder(ctx, torrent, data_dir, dht=boot)
        time.sleep(5)  # the nodes find each other and the seeder announces
        row = Row("magnet → metadata through a local DHT of 16 nodes", "s")
        _measure(ctx, row, dht_clients(boot), magnet, seed, 120)
        row.fail("transmission-cli, qbittorrent-nox", "no way to name a DHT node to join")
        rows.append(row)
    finally:
        if seed:
            seed.stop()
        nodes.stop()
    return rows
