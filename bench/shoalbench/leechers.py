"""One leecher of each client, started on a known listening port (the common seeder dials
it: Transmission 3.00 never dials peers in 127.0.0.0/8). done() polls; stop() ends the
client and returns its peak RSS in MiB."""
import json
import os

from . import procs
from .context import LT_PEER
from .qbt import QbtNox

DONE_STATES = {"uploading", "stalledUP", "pausedUP", "queuedUP", "forcedUP", "checkingUP", "stoppedUP"}


class ProcessLeecher:
    """A client that exits by itself once the download is complete."""

    def __init__(self, args, log):
        self.proc = procs.Proc(args, log)

    def ready_for_peers(self):
        """Whether it has the torrent: a peer dialling before that is turned away and then
        waits a minute. Clients that listen only once they have it need not say."""
        return True

    def done(self):
        if self.proc.running():
            return False
        if self.proc.returncode != 0:
            raise RuntimeError("exited with %s; log: %s" % (self.proc.returncode, self.proc.log_path))
        return True

    def stop(self):
        self.proc.stop()
        return self.proc.peak_rss_mib


class WatchedClient:
    """A client that keeps running: done once `marker` shows in its output."""

    marker = None

    def __init__(self, args, log):
        self.proc = procs.Proc(args, log)

    def ready_for_peers(self):
        return True

    def done(self):
        if not self.proc.running():
            raise RuntimeError("exited with %s; log: %s" % (self.proc.returncode, self.proc.log_path))
        return self.marker in self.proc.output()

    def stop(self):
        self.proc.stop()
        return self.proc.peak_rss_mib


class Shoal(ProcessLeecher):
    def __init__(self, ctx, source, out, port, extra=()):
        super().__init__([ctx.shoal, "get", source, "-o", out, "--loopback", "--no-dht", "--port", port,
                          "--profile", ctx.fresh_dir("profiles", "shoal-%d" % port)] + list(extra),
                         ctx.log("shoal-get"))

    def ready_for_peers(self):
        # It listens, then adds the torrent and prints a status line (or exits).
        return "%" in self.proc.output() or not self.proc.running()


class Libtorrent(ProcessLeecher):
    def __init__(self, ctx, source, out, port, extra=()):
        super().__init__(LT_PEER + ["leech", source, out, port] + list(extra), ctx.log("lt-leech"))


class Aria2(ProcessLeecher):
    def __init__(self, ctx, source, out, port, extra=()):
        super().__init__(["aria2c", "--dir", out, "--listen-port", port, "--seed-time=0",
                          "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false",
                          "--enable-peer-exchange=false", "--file-allocation=falloc",
                          "--summary-interval=0", "--console-log-level=warn", "--no-conf",
                          "--bt-hash-check-seed=false"] + list(extra) + [source],
                         ctx.log("aria2c"))


class Transmission(WatchedClient):
    """transmission-cli keeps seeding: done when its status line says "Seeding"."""

    marker = "Seeding"

    def __init__(self, ctx, source, out, port, extra=()):
        self.config = config = ctx.fresh_dir("profiles", "transmission-%d" % port)
        with open(os.path.join(config, "settings.json"), "w") as f:
            json.dump({"dht-enabled": False, "lpd-enabled": False, "pex-enabled": False,
                       "utp-enabled": False, "port-forwarding-enabled": False,
                       "blocklist-enabled": False, "peer-port": int(port),
                       "bind-address-ipv4": "127.0.0.1", "encryption": 1, "message-level": 1,
                       "peer-limit-per-torrent": 200, "peer-limit-global": 1000}, f)
        os.makedirs(out, exist_ok=True)
        # Unbuffered: its status line (every 200 ms, ending in \r) reaches the log at once.
        # It loads the torrent before it listens: ready for peers once it listens.
        super().__init__(["stdbuf", "-o0", "transmission-cli", "-g", config, "-w", out, "-p", port, "-M",
                          "-D", "-U"] + list(extra) + [source], ctx.log("transmission-cli"))


class Qbittorrent:
    """qbittorrent-nox is started (and its Web API up) before the clock starts: the job is
    timed from torrents/add."""

    prepare_untimed = True

    def __init__(self, ctx, source, out, port, extra=()):
        self.qbt = QbtNox(ctx, "leech-%d" % port, int(port))
        self.source, self.out = source, out

    def begin(self):
        if self.source.startswith("magnet:"):
            self.qbt.add_magnet(self.source, self.out)
        else:
            self.qbt.add([self.source], self.out)

    def done(self):
        t = self.qbt.torrents()
        return bool(t) and t[0]["progress"] >= 1.0 and t[0]["state"] in DONE_STATES

    def ready_for_peers(self):
        return True  # begin() returns once qbittorrent-nox has added it

    def has_metadata(self):
        t = self.qbt.torrents()
        return bool(t) and t[0].get("total_size", -1) > 0

    def stop(self):
        return self.qbt.stop()


class ShoalNoLedger(Shoal):
    """The same without recording into the ledger: for v1 torrents that skips hashing every
    file's BEP 52 root once it is complete (1 GiB: ~0.4 s on 2 cores)."""

    def __init__(self, ctx, source, out, port, extra=()):
        super().__init__(ctx, source, out, port, ["--no-ledger"] + list(extra))


CLIENTS = {
    "Shoal": Shoal,
    "Shoal --no-ledger": ShoalNoLedger,
    "transmission-cli": Transmission,
    "qbittorrent-nox": Qbittorrent,
    "aria2c": Aria2,
    "libtorrent (python3)": Libtorrent,
}
