"""Deterministic payloads: the AES-128-CTR keystream of a fixed key (openssl), so every run
and every machine hashes and moves the same bytes. Kept between runs; rebuilt when missing."""
import os
import subprocess

KEY = "5348_4f41_4c42_454e_4348_0000_0000_0001".replace("_", "")
GIB = 1 << 30
# The piece size of every torrent the bench makes or checks, and of the floor's hashing.
PIECE = 1 << 20


def _stream():
    return subprocess.Popen(
        ["openssl", "enc", "-aes-128-ctr", "-nosalt", "-K", KEY, "-iv", "0" * 32, "-in", "/dev/zero"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)


def _write_files(sizes_by_path):
    src = _stream()
    try:
        for path, size in sizes_by_path:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as out:
                left = size
                while left:
                    chunk = src.stdout.read(min(left, 1 << 20))
                    out.write(chunk)
                    left -= len(chunk)
    finally:
        src.kill()
        src.wait()


def build(root, name, files, file_size):
    """root/name: one file (files == 1, name is the file) or a directory of `files` files.
    Returns the path. A stamp file records what was built, so it is made once."""
    path = os.path.join(root, name)
    stamp = os.path.join(root, "." + name + ".stamp")
    want = "%s %d %d" % (KEY, files, file_size)
    if os.path.exists(stamp) and open(stamp).read() == want and os.path.exists(path):
        return path
    subprocess.run(["rm", "-rf", path, stamp], check=True)
    if files == 1:
        _write_files([(path, file_size)])
    else:
        _write_files([(os.path.join(path, "f%05d.bin" % i), file_size) for i in range(files)])
    with open(stamp, "w") as f:
        f.write(want)
    return path


def files_of(path):
    """The payload's files: the file itself, or every file under the directory, sorted."""
    if os.path.isfile(path):
        return [path]
    return sorted(os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs)


def warm(path):
    """Reads the payload once so that every tool starts with it in the page cache, into one
    reused buffer (no allocation per read). Returns the bytes read."""
    view = memoryview(bytearray(1 << 20))
    total = 0
    for p in files_of(path):
        with open(p, "rb", buffering=0) as f:
            while True:
                n = f.readinto(view)
                if not n:
                    break
                total += n
    return total


def one_gib(data):
    """The 1 GiB payload in one file, under `data`."""
    return build(data, "single-1GiB.bin", 1, GIB)
