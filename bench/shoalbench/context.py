"""What every scenario needs: where things are, how many runs, the limits measured."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Debian's python3-libtorrent is for Debian's interpreter.
LT_PEER = ["/usr/bin/python3", os.path.join(os.path.dirname(os.path.abspath(__file__)), "lt_peer.py")]


class Context:
    def __init__(self, work, runs, quick):
        self.work = work
        self.runs = runs
        self.quick = quick
        self.shoal = os.path.join(ROOT, "build", "bin", "shoal")
        # Reads and hashes a payload on every core and does nothing else (bench/read_hash_floor.cpp).
        self.read_hash_floor = os.path.join(ROOT, "build", "bin", "shoal_read_hash_floor")
        # Shoal's own SHA-1 / SHA-256 throughput on every core (bench/sha_speed.cpp).
        self.sha_speed = os.path.join(ROOT, "build", "bin", "shoal_sha_speed")
        self.limits = {}
        self.cores = os.cpu_count() or 1
        self._seq = 0

    def path(self, *parts):
        p = os.path.join(self.work, *parts)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        return p

    def log(self, name):
        self._seq += 1
        return self.path("logs", "%04d-%s.log" % (self._seq, name))

    def fresh_dir(self, *parts):
        p = self.path(*parts)
        os.system("rm -rf '%s'" % p)
        os.makedirs(p)
        return p
