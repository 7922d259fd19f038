"""Scenario 1: make a .torrent of 1 GiB in one file and of 2,000 files of 512 KiB, 1 MiB
pieces: Shoal v1/v2/hybrid beside mktorrent, transmission-create and libtorrent's creator."""
import os
import time

from . import procs
from .context import LT_PEER
from .measure import READ_HASH_FLOOR, Row, run_order
from .payload import PIECE


def _tools(ctx, src, out, fmt, prof):
    shoal = [ctx.shoal, "create", src, "-o", out, "--piece-size", PIECE, "-f", "--profile", prof]
    floor = {READ_HASH_FLOOR: [ctx.read_hash_floor, fmt, PIECE, src]}
    tools = {
        "v1": {
            # The payload is in the page cache: the ledger's entry comes without the files'
            # BEP 52 roots, which Shoal hashes when it seeds the torrent.
            "Shoal": shoal,
            "Shoal --no-ledger": shoal + ["--no-ledger"],
            "mktorrent -t %d" % ctx.cores: ["mktorrent", "-l", PIECE.bit_length() - 1, "-t", ctx.cores,
                                            "-o", out, src],
            "transmission-create": ["transmission-create", "-s", PIECE >> 10, "-o", out, src],
            "libtorrent (python3)": LT_PEER + ["create", src, out, "v1", PIECE],
        },
        "v2": {
            "Shoal": shoal + ["--v2"],
            "libtorrent (python3)": LT_PEER + ["create", src, out, "v2", PIECE],
        },
        "hybrid": {
            "Shoal": shoal + ["--hybrid"],
            "libtorrent (python3)": LT_PEER + ["create", src, out, "hybrid", PIECE],
        },
    }
    return {**tools[fmt], **floor}


def _padded(src):
    """Bytes a hybrid torrent's v1 pieces hash: each file but the last is padded to a whole
    piece (BEP 47 pad files), and the zeros are hashed with it."""
    if not os.path.isdir(src):
        return os.path.getsize(src)
    sizes = [os.path.getsize(os.path.join(src, n)) for n in sorted(os.listdir(src))]
    return sum(-(-s // PIECE) * PIECE for s in sizes[:-1]) + sizes[-1]


def _limit(ctx, fmt, src, size, hashing=""):
    """All-core bytes/s of the payload that the hashing a format needs allows (v1: SHA-1, v2:
    SHA-256, hybrid: both, SHA-1 also over its pad files' zeros), hashing as OpenSSL does
    ("") or as Shoal does ("_lanes")."""
    sha1 = ctx.limits.get("sha1%s_%d" % (hashing, ctx.cores))
    sha256 = ctx.limits.get("sha256%s_%d" % (hashing, ctx.cores))
    if not sha1 or not sha256:
        return None
    if fmt == "hybrid":
        return 1.0 / (_padded(src) / size / sha1 + 1.0 / sha256)
    return {"v1": sha1, "v2": sha256}[fmt]


def run(ctx, payloads):
    rows = []
    # Every bench run records into a ledger of the same size: a fresh one.
    prof = ctx.fresh_dir("create-profile")
    for label, src, size in payloads:
        for fmt in ("v1", "v2", "hybrid"):
            limits = (_limit(ctx, fmt, src, size), _limit(ctx, fmt, src, size, "_lanes"))
            row = Row("create %s, %s" % (fmt, label), "s", size, limits)
            out = ctx.path("create", "out.torrent")
            for run in range(ctx.runs):
                for client, args in run_order(_tools(ctx, src, out, fmt, prof).items(), run):
                    if client in row.notes:
                        continue
                    if os.path.exists(out):
                        os.remove(out)
                    os.sync()
                    start = time.monotonic()
                    try:
                        p = procs.run(args, ctx.log("create"), timeout=600)
                    except (RuntimeError, TimeoutError) as e:
                        row.fail(client, str(e))
                        continue
                    row.add(client, time.monotonic() - start, p.peak_rss_mib)
            rows.append(row)
    return rows
