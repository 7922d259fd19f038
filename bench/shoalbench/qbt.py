"""qbittorrent-nox (Debian's) driven through its Web API v2, kept on 127.0.0.1: a fresh
profile with the legal notice accepted, no password from localhost, DHT/LSD/PeX/UPnP off."""
import http.cookiejar
import json
import os
import time
import urllib.parse
import urllib.request

from . import procs


class QbtApi:
    """A qBittorrent Web API v2 client (qbittorrent-nox, or Shoal's daemon)."""

    def __init__(self, webui_port):
        self.base = "http://127.0.0.1:%d/api/v2/" % webui_port
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def call(self, path, data=None, headers=None, timeout=60):
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        req.add_header("Referer", self.base)
        with self.opener.open(req, timeout=timeout) as r:
            return r.read()

    def post(self, path, **fields):
        return self.call(path, urllib.parse.urlencode(fields).encode(),
                         {"Content-Type": "application/x-www-form-urlencoded"})

    def login(self, user, password):
        return self.post("auth/login", username=user, password=password) == b"Ok."

    def add(self, torrent_files, save_path, paused=False):
        boundary = "shoalbench%d" % time.time_ns()
        parts = []
        for name, value in (("savepath", save_path), ("paused", str(paused).lower()),
                            ("stopped", str(paused).lower())):
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                          % (boundary, name, value)).encode())
        for path in torrent_files:
            with open(path, "rb") as f:
                body = f.read()
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"torrents\"; filename=\"%s\"\r\n"
                          "Content-Type: application/x-bittorrent\r\n\r\n" % (boundary, os.path.basename(path))
                          ).encode() + body + b"\r\n")
        parts.append(("--%s--\r\n" % boundary).encode())
        self.call("torrents/add", b"".join(parts),
                  {"Content-Type": "multipart/form-data; boundary=" + boundary}, timeout=300)

    def add_magnet(self, magnet, save_path):
        self.post("torrents/add", urls=magnet, savepath=save_path)

    def torrents(self):
        return json.loads(self.call("torrents/info"))


class QbtNox(QbtApi):
    def __init__(self, ctx, name, listen_port, profile=None):
        self.ctx = ctx
        self.webui = procs.free_port()
        self.profile = profile or ctx.fresh_dir("qbt", name)
        conf = os.path.join(self.profile, "qBittorrent", "config")
        os.makedirs(conf, exist_ok=True)
        with open(os.path.join(conf, "qBittorrent.conf"), "w") as f:
            f.write("[LegalNotice]\nAccepted=true\n\n"
                    "[BitTorrent]\nSession\\DHTEnabled=false\nSession\\LSDEnabled=false\n"
                    "Session\\PeXEnabled=false\nSession\\Interface=lo\nSession\\InterfaceName=lo\n"
                    "Session\\Port=%d\nSession\\MultiConnectionsPerIp=true\n"
                    "Session\\QueueingSystemEnabled=false\n\n"
                    "[Network]\nPortForwardingEnabled=false\n\n"
                    "[Preferences]\nConnection\\UPnP=false\nWebUI\\Address=127.0.0.1\nWebUI\\Port=%d\n"
                    "WebUI\\LocalHostAuth=false\nWebUI\\CSRFProtection=false\n" % (listen_port, self.webui))
        QbtApi.__init__(self, self.webui)
        self.proc = procs.Proc(["qbittorrent-nox", "--profile=" + self.profile,
                                "--webui-port=%d" % self.webui], ctx.log("qbittorrent-nox"))
        procs.wait_until(self._up, 120, step=0.05)

    def _up(self):
        try:
            return bool(self.call("app/version", timeout=2))
        except OSError:
            if not self.proc.running():
                raise RuntimeError("qbittorrent-nox exited; log: " + self.proc.log_path)
            return False

    def stop(self):
        try:
            self.call("app/shutdown", b"", timeout=10)
        except OSError:
            pass
        try:
            self.proc.wait(60)
        except TimeoutError:
            pass
        return self.proc.peak_rss_mib
