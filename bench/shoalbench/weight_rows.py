"""Scenario 5: the weight of N small torrents (paused, one file each) in one profile: start-up
until the client lists them all, resident memory then, and CPU while idle — Shoal's daemon,
qbittorrent-nox and transmission-daemon. The profiles are made once and kept: Shoal's through
its own Web API, qBittorrent's and Transmission's written the way they store torrents (adding
10,000 torrents through qbittorrent-nox's API takes it about 20 minutes)."""
import json
import os
import re
import shutil
import time
import urllib.error
import urllib.request

import libtorrent as lt

from . import procs
from .context import LT_PEER, ROOT
from .measure import Row, run_order
from .qbt import QbtApi, QbtNox


def make_torrents(ctx, n):
    d = ctx.path("weight-%d" % n, "set")
    tdir = os.path.join(d, "torrents")
    if not (os.path.isdir(tdir) and len(os.listdir(tdir)) == n):
        shutil.rmtree(d, ignore_errors=True)
        procs.run([os.path.join(ROOT, "build", "bin", "shoal_make_torrents"), d, n],
                  ctx.log("make-torrents"), timeout=600)
    return sorted(os.path.join(tdir, f) for f in os.listdir(tdir)), os.path.join(d, "data")


class ShoalDaemon:
    def __init__(self, ctx, profile):
        self.webui = procs.free_port()
        self.log = os.path.join(profile, "bench-daemon.log")
        self.proc = procs.Proc([ctx.shoal, "daemon", "--profile", profile, "--loopback", "--port", "0",
                                "--no-dht", "--no-ledger", "--webui-port", self.webui], ctx.log("shoal-daemon"))
        self.api = QbtApi(self.webui)
        self.profile = profile

    def password(self):
        path = os.path.join(self.profile, "bench-password")
        if not os.path.exists(path):
            m = re.search(r"password '([^']+)'", self.proc.output())
            if not m:
                return None
            with open(path, "w") as f:
                f.write(m.group(1))
        return open(path).read()

    def count(self):
        try:
            pw = self.password()
            if pw is None:
                return None
            if not getattr(self, "_in", False):
                self._in = self.api.login("admin", pw)
            return len(self.api.torrents())
        except OSError:
            return None

    def stop(self):
        self.proc.stop(grace=60)


class Qbt:
    def __init__(self, ctx, profile):
        self.q = QbtNox(ctx, "weight", procs.free_port(), profile=profile)
        self.proc = self.q.proc

    def count(self):
        try:
            return len(self.q.torrents())
        except OSError:
            return None

    def stop(self):
        self.q.stop()


class TransmissionDaemon:
    def __init__(self, ctx, config):
        self.rpc = procs.free_port()
        with open(os.path.join(config, "settings.json"), "w") as f:
            json.dump({"dht-enabled": False, "lpd-enabled": False, "pex-enabled": False,
                       "utp-enabled": False, "port-forwarding-enabled": False, "peer-port": procs.free_port(),
                       "bind-address-ipv4": "127.0.0.1", "rpc-bind-address": "127.0.0.1",
                       "rpc-port": self.rpc, "rpc-authentication-required": False,
                       "rpc-whitelist-enabled": False, "rpc-host-whitelist-enabled": False,
                       "start-added-torrents": False, "message-level": 1}, f)
        self.proc = procs.Proc(["transmission-daemon", "-f", "-g", config], ctx.log("transmission-daemon"))
        self.sid = ""

    def count(self):
        body = json.dumps({"method": "torrent-get", "arguments": {"fields": ["id"]}}).encode()
        for _ in range(2):
            req = urllib.request.Request("http://127.0.0.1:%d/transmission/rpc" % self.rpc, data=body,
                                         headers={"X-Transmission-Session-Id": self.sid})
            try:
                with urllib.request.urlopen(req, timeout=30) as r:
                    return len(json.loads(r.read())["arguments"]["torrents"])
            except urllib.error.HTTPError as e:
                if e.code != 409:
                    return None
                self.sid = e.headers.get("X-Transmission-Session-Id", "")
            except OSError:
                return None
        return None

    def stop(self):
        self.proc.stop(grace=60)


class LibtorrentHold:
    """A bare libtorrent session adding the same .torrent files: what libtorrent itself costs."""

    def __init__(self, ctx, torrent_dir, data):
        self.proc = procs.Proc(LT_PEER + ["hold", torrent_dir, data], ctx.log("lt-hold"))

    def count(self):
        m = re.search(r"holding (\d+)", self.proc.output())
        return int(m.group(1)) if m else None

    def stop(self):
        self.proc.stop()


def fill_shoal(ctx, profile, torrents, data):
    d = ShoalDaemon(ctx, profile)
    try:
        procs.wait_until(lambda: d.count() is not None, 60, step=0.05)
        for i in range(0, len(torrents), 500):
            d.api.add(torrents[i:i + 500], data, paused=True)
        procs.wait_until(lambda: d.count() == len(torrents), 600, step=0.5)
    finally:
        d.stop()


def fill_qbt(profile, torrents, data):
    backup = os.path.join(profile, "qBittorrent", "data", "BT_backup")
    os.makedirs(backup, exist_ok=True)
    for t in torrents:
        info = lt.torrent_info(t)
        ih = str(info.info_hash())
        shutil.copyfile(t, os.path.join(backup, ih + ".torrent"))
        resume = {
            "file-format": "libtorrent resume file", "file-version": 1,
            "info-hash": bytes.fromhex(ih), "name": info.name(), "save_path": data,
            "paused": 1, "auto_managed": 0, "allocation": "sparse", "pieces": b"",
            "qBt-savePath": data, "qBt-category": "", "qBt-tags": [], "qBt-name": "",
            "qBt-ratioLimit": -2000, "qBt-seedingTimeLimit": -2, "qBt-contentLayout": "Original",
            "qBt-firstLastPiecePriority": 0, "qBt-stopCondition": "None", "qBt-seedStatus": 0,
        }
        with open(os.path.join(backup, ih + ".fastresume"), "wb") as f:
            f.write(lt.bencode(resume))


def fill_transmission(config, torrents):
    tdir = os.path.join(config, "torrents")
    os.makedirs(tdir, exist_ok=True)
    for t in torrents:
        shutil.copyfile(t, os.path.join(tdir, os.path.basename(t)))


def measure_start(ctx, row_ready, row_rss, row_cpu, name, start, n, idle_seconds):
    t0 = time.monotonic()
    c = start()
    try:
        procs.wait_until(lambda: c.count() == n, 900, step=0.05)
        row_ready.add(name, time.monotonic() - t0)
        time.sleep(2)
        row_rss.add(name, procs.rss_mib(c.proc.pid()))
        cpu0 = procs.cpu_seconds(c.proc.pid())
        time.sleep(idle_seconds)
        row_cpu.add(name, 100.0 * (procs.cpu_seconds(c.proc.pid()) - cpu0) / idle_seconds)
    except (TimeoutError, RuntimeError, OSError) as e:
        row_ready.fail(name, "%s (had %s)" % (e, c.count()))
    finally:
        c.stop()


def run(ctx, n):
    torrents, data = make_torrents(ctx, n)
    base = ctx.path("weight-%d" % n, "profiles")
    shoal_p, qbt_p, tr_p = (os.path.join(base, x) for x in ("shoal", "qbt", "transmission"))
    stamp = os.path.join(base, ".filled")
    if not os.path.exists(stamp):
        shutil.rmtree(base, ignore_errors=True)
        for p in (shoal_p, qbt_p, tr_p):
            os.makedirs(p)
        print("   filling the profiles with %d torrents (once)" % n, flush=True)
        fill_shoal(ctx, shoal_p, torrents, data)
        fill_qbt(qbt_p, torrents, data)
        fill_transmission(tr_p, torrents)
        open(stamp, "w").close()
    label = "%s torrents in one profile" % format(n, ",")
    ready = Row("weight, %s: start-up until all are listed" % label, "s")
    rss = Row("weight, %s: resident memory once listed" % label, "MiB")
    cpu = Row("weight, %s: CPU while idle (%% of one core)" % label, "%")
    idle = 5 if ctx.quick else 10
    clients = {
        "Shoal daemon": lambda: ShoalDaemon(ctx, shoal_p),
        "qbittorrent-nox": lambda: Qbt(ctx, qbt_p),
        "transmission-daemon": lambda: TransmissionDaemon(ctx, tr_p),
        "floor: a bare libtorrent session (python3) adding the .torrent files": lambda: LibtorrentHold(ctx, os.path.dirname(torrents[0]), data),
    }
    for run in range(ctx.runs):
        for name, start in run_order(clients.items(), run):
            if name in ready.notes:
                continue
            measure_start(ctx, ready, rss, cpu, name, start, n, idle)
            print("   %s, %s: %s" % (ready.name, name, ready.samples.get(name, ready.notes.get(name))), flush=True)
    return [ready, rss, cpu]
