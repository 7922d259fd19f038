#!/usr/bin/python3
"""Benchmark (not a test): the weight of a headless client with 10,000 torrents in one
profile, Shoal's daemon beside qbittorrent-nox (Debian's), in the same run, through the same
qBittorrent Web API client. For each: add the torrents (paused, data present), stop, then
measure a restart: time until torrents/info lists them all, resident memory then, and the
latency of torrents/info (median of 20). Everything stays on 127.0.0.1 with DHT, LSD, PEX and
port mapping off. Prints a markdown table.

    bench/daemon_bench.py [N]      (build first; needs qbittorrent-nox)
"""
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "build", "bin")
WORK = os.path.join(ROOT, "build", "bench-daemon")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Api:
    def __init__(self, port):
        self.base = "http://127.0.0.1:%d/api/v2/" % port
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def call(self, path, data=None, headers=None, timeout=60):
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        req.add_header("Referer", self.base)
        with self.opener.open(req, timeout=timeout) as r:
            return r.read()

    def login(self, user, password):
        body = urllib.parse.urlencode({"username": user, "password": password}).encode()
        return self.call("auth/login", body, {"Content-Type": "application/x-www-form-urlencoded"}) == b"Ok."

    def add(self, files, save_path):
        boundary = "shoalbench%d" % time.time_ns()
        parts = []
        for name, value in (("savepath", save_path), ("paused", "true"), ("stopped", "true")):
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, name, value)).encode())
        for f in files:
            with open(f, "rb") as fh:
                data = fh.read()
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"torrents\"; filename=\"%s\"\r\n"
                          "Content-Type: application/x-bittorrent\r\n\r\n" % (boundary, os.path.basename(f))).encode() + data + b"\r\n")
        parts.append(("--%s--\r\n" % boundary).encode())
        self.call("torrents/add", b"".join(parts), {"Content-Type": "multipart/form-data; boundary=" + boundary}, timeout=300)

    def count(self):
        import json
        return len(json.loads(self.call("torrents/info")))


def rss_mib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return -1


def wait_api(api, login, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if login():
                return True
        except Exception:
            pass
        time.sleep(0.05)
    return False


def measure(name, start, login, stop, n, torrents, data):
    """Fill the profile once (unless a previous run did), then time a restart."""
    proc, api = start()
    if not wait_api(api, login(api)):
        raise SystemExit(name + " did not start")
    fill = 0.0
    marker = os.path.join(WORK, name + ".filled")
    if not os.path.exists(marker):
        t0 = time.monotonic()
        for i in range(0, len(torrents), 250):
            try:
                api.add(torrents[i:i + 250], data)
            except Exception as e:  # a client that drops a batch: counted below
                print(name, "refused a batch:", e, file=sys.stderr)
        deadline = time.time() + 1800
        last, still = -1, 0
        while time.time() < deadline:
            have = api.count()
            if have >= n:
                break
            still = still + 1 if have == last else 0
            if still > 60:
                break  # no progress for 30 s
            last = have
            time.sleep(0.5)
        fill = time.monotonic() - t0
        open(marker, "w").close()
    # Everything the profile holds, once the count stops moving (restoring takes a while).
    have, stable = api.count(), 0
    while stable < 6:
        time.sleep(0.5)
        now = api.count()
        stable = stable + 1 if now == have else 0
        have = now
    stop(proc, api)
    t0 = time.monotonic()
    proc, api = start()
    if not wait_api(api, login(api)):
        raise SystemExit(name + " did not restart")
    while api.count() < have:
        time.sleep(0.05)
    ready = time.monotonic() - t0
    time.sleep(2)
    rss = rss_mib(proc.pid)
    lat = []
    for _ in range(20):
        t = time.monotonic()
        api.call("torrents/info")
        lat.append((time.monotonic() - t) * 1000)
    stop(proc, api)
    return have, fill, ready, rss, statistics.median(lat)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    if not shutil.which("qbittorrent-nox"):
        raise SystemExit("install qbittorrent-nox first (apt-get install qbittorrent-nox)")
    # A previous run's torrents and profiles are reused (filling qbittorrent-nox takes long).
    if not os.path.isdir(os.path.join(WORK, "torrents")) or len(os.listdir(os.path.join(WORK, "torrents"))) != n:
        shutil.rmtree(WORK, ignore_errors=True)
        os.makedirs(WORK)
        subprocess.run([os.path.join(BIN, "shoal_make_torrents"), WORK, str(n)], check=True,
                       stdout=subprocess.DEVNULL)
    torrents = sorted(os.path.join(WORK, "torrents", f) for f in os.listdir(os.path.join(WORK, "torrents")))
    data = os.path.join(WORK, "data")

    # Shoal
    shoal_profile = os.path.join(WORK, "shoal-profile")
    shoal_port = free_port()
    password = {}

    def shoal_start():
        log = open(os.path.join(WORK, "shoal.log"), "a")
        p = subprocess.Popen([os.path.join(BIN, "shoal"), "daemon", "--profile", shoal_profile, "--loopback",
                              "--port", "0", "--no-dht", "--no-ledger", "--webui-port", str(shoal_port)],
                             stdout=log, stderr=log)
        return p, Api(shoal_port)

    def shoal_login(api):
        def attempt():
            if "pw" not in password:
                m = re.search(r"password '([^']+)'", open(os.path.join(WORK, "shoal.log")).read())
                if not m:
                    return False
                password["pw"] = m.group(1)
            return api.login("admin", password["pw"])
        return attempt

    def shoal_stop(proc, api):
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)

    # qbittorrent-nox, configured for loopback only and no password on localhost.
    qbt_profile = os.path.join(WORK, "qbt-profile")
    qbt_port = free_port()
    conf_dir = os.path.join(qbt_profile, "qBittorrent", "config")
    os.makedirs(conf_dir, exist_ok=True)
    with open(os.path.join(conf_dir, "qBittorrent.conf"), "w") as f:
        f.write("[LegalNotice]\nAccepted=true\n\n"
                "[BitTorrent]\nSession\\DHTEnabled=false\nSession\\LSDEnabled=false\nSession\\PeXEnabled=false\n"
                "Session\\Interface=lo\nSession\\InterfaceName=lo\nSession\\Port=%d\n\n"
                "[Network]\nPortForwardingEnabled=false\n\n"
                "[Preferences]\nConnection\\UPnP=false\nWebUI\\Address=127.0.0.1\nWebUI\\Port=%d\n"
                "WebUI\\LocalHostAuth=false\nWebUI\\CSRFProtection=false\n" % (free_port(), qbt_port))

    def qbt_start():
        log = open(os.path.join(WORK, "qbt.log"), "a")
        p = subprocess.Popen(["qbittorrent-nox", "--profile=" + qbt_profile, "--webui-port=%d" % qbt_port],
                             stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        return p, Api(qbt_port)

    def qbt_login(api):
        return lambda: bool(api.call("app/version"))

    def qbt_stop(proc, api):
        try:
            api.call("app/shutdown", b"")
        except Exception:
            proc.terminate()
        proc.wait(120)

    rows = [("Shoal daemon",) + measure("shoal", shoal_start, shoal_login, shoal_stop, n, torrents, data),
            ("qbittorrent-nox 4.5.2",) + measure("qbittorrent-nox", qbt_start, qbt_login, qbt_stop, n, torrents, data)]
    print("| %d torrents in one profile | torrents held | adding them through the API (s) | "
          "restart until all listed (s) | RSS then (MiB) | torrents/info, median of 20 (ms) |" % n)
    print("| --- | --- | --- | --- | --- | --- |")
    for name, have, fill, ready, rss, lat in rows:
        print("| %s | %d | %s | %.2f | %.0f | %.1f |" % (name, have, "%.0f" % fill if fill else "(earlier run)",
                                                       ready, rss, lat))


if __name__ == "__main__":
    main()
