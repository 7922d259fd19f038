"""What every scenario needs: where things are, how many runs, the limits measured."""
import fcntl
import os
import struct

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
        spread_subdirs(os.path.dirname(p))  # two ioctls: cheaper than remembering which
        os.makedirs(p)
        return p


# From linux/fs.h: FS_IOC_GETFLAGS, FS_IOC_SETFLAGS and FS_TOPDIR_FL (chattr +T).
_GETFLAGS, _SETFLAGS, _TOPDIR = 0x80086601, 0x40086602, 0x00020000


def spread_subdirs(path):
    """Marks `path` as the top of a directory hierarchy (chattr +T), so that ext4 spreads the
    directories made in it over the disk's block groups, as it does those made in /. Without
    it, every run's output went into the block group where the runs before had just deleted
    theirs. On ext4 without a journal (this machine's), the inode of a new file skips every
    inode of its group deleted 1-60 s ago (360 s while the deletion is not written back),
    with a look-up each. Creating 1,000 empty files after deleting 1,000 took 0.06 s after
    one such round and 0.25 s after five, against 0.011 s in a marked directory. Every
    client of a 1,000-file row paid up to 0.25 s a run for the runs before it.
    Other file systems ignore the mark or refuse it: harmless either way."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        flags = struct.unpack("i", fcntl.ioctl(fd, _GETFLAGS, b"\0" * 4))[0]
        fcntl.ioctl(fd, _SETFLAGS, struct.pack("i", flags | _TOPDIR))
    except OSError:
        pass
    finally:
        os.close(fd)
