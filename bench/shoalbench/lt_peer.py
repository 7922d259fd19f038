#!/usr/bin/python3
"""python3-libtorrent (Debian's libtorrent 2.0, default settings but for the loopback-only
ones) as a benchmark peer, run as its own process:

  lt_peer.py create PATH OUT v1|v2|hybrid PIECE_BYTES
  lt_peer.py seed TORRENT DATA_DIR PORT [--dht HOST:PORT]
                                              stdin: "dial PORT...", "forget PORT", "announce URL";
                                              prints "ready"
  lt_peer.py leech TORRENT|MAGNET OUT_DIR PORT [--metadata-only] [--dht HOST:PORT]
  lt_peer.py check TORRENT DATA_DIR           exits 0 when every piece is good
  lt_peer.py dht COUNT FIRST_PORT             COUNT DHT nodes on 127.0.0.1, joined together
  lt_peer.py hold TORRENT_DIR DATA_DIR        adds every .torrent paused; prints "holding N"
"""
import os
import select
import sys
import time

import libtorrent as lt


def session(port, dht_bootstrap=None, fast_seed=False):
    s = {
        "listen_interfaces": "127.0.0.1:%d" % port,
        "enable_dht": dht_bootstrap is not None,
        "dht_bootstrap_nodes": dht_bootstrap or "",
        "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
        "enable_incoming_utp": False, "enable_outgoing_utp": False,
        "allow_multiple_connections_per_ip": True,
        "alert_mask": lt.alert.category_t.status_notification | lt.alert.category_t.error_notification,
    }
    if dht_bootstrap is not None:
        s.update({"dht_restrict_routing_ips": False, "dht_restrict_search_ips": False,
                  "dht_ignore_dark_internet": False, "dht_prefer_verified_node_ids": False})
    if fast_seed:
        # The common seeder of the download rows: never the bottleneck for anyone.
        # Two disk threads a core: with 8 on 2 cores the seeder spent 3.2-3.6 s of CPU on
        # each GiB it sent (its threads contending), which the leecher's CPU then lacked;
        # with 4, 2.1-2.6 s, and every leecher measured was as fast or faster.
        s.update({"send_buffer_watermark": 16 << 20, "send_buffer_low_watermark": 4 << 20,
                  "send_buffer_watermark_factor": 200, "unchoke_slots_limit": -1,
                  "aio_threads": max(2, 2 * (os.cpu_count() or 1)),
                  "max_queued_disk_bytes": 64 << 20,
                  # A leecher dialled before it is ready turns the seeder away: dial it
                  # again at once (libtorrent waits a minute, and gives up after 3 tries).
                  "min_reconnect_time": 0, "max_failcount": 1000})
    return lt.session(s)


def create(path, out, fmt, piece):
    fs = lt.file_storage()
    lt.add_files(fs, path)
    flags = {"v1": lt.create_torrent.v1_only, "v2": lt.create_torrent.v2_only, "hybrid": 0}[fmt]
    ct = lt.create_torrent(fs, int(piece), flags=flags)
    lt.set_piece_hashes(ct, os.path.dirname(os.path.abspath(path)))
    with open(out, "wb") as f:
        f.write(lt.bencode(ct.generate()))


def seed(torrent, data, port, dht=None):
    ses = session(int(port), dht_bootstrap=dht, fast_seed=True)
    atp = lt.add_torrent_params()
    atp.ti = lt.torrent_info(torrent)
    atp.save_path = data
    atp.flags |= lt.torrent_flags.seed_mode  # data verified by the benchmark beforehand
    h = ses.add_torrent(atp)
    # Ready once it seeds: a peer turned away while the torrent starts waits a minute.
    while not h.status().is_seeding:
        ses.wait_for_alert(20)
        ses.pop_alerts()
    print("ready", flush=True)
    dial = set()
    pending = b""
    while True:
        # Raw reads: lines in a buffered stdin would be invisible to select().
        r, _, _ = select.select([sys.stdin.fileno()], [], [], 0.1)
        if r:
            chunk = os.read(sys.stdin.fileno(), 4096)
            if not chunk:
                return
            *lines, pending = (pending + chunk).split(b"\n")
            for line in lines:
                verb, *args = line.decode().split()
                if verb == "announce":
                    h.add_tracker({"url": args[0]})
                    h.force_reannounce()
                else:
                    for arg in args:
                        (dial.add if verb == "dial" else dial.discard)(int(arg))
        connected = {pi.ip[1] for pi in h.get_peer_info()}
        for p in dial - connected:
            h.connect_peer(("127.0.0.1", p))
        # libtorrent makes new outgoing connections only once a second, so a dial waited
        # 0-1 s at random (0.4-1.0 s measured) whichever client it was for. A torrent that
        # resumes connects to the peers in its list at once: so until a dialled leecher is
        # connected (one that turns it away, not ready yet, is dialled again 0.1 s later),
        # unless peers are connected (found through a tracker), whom a pause would drop.
        if dial - connected and not connected:
            h.pause()
            h.resume()
        ses.pop_alerts()


def leech(source, out, port, metadata_only=False, dht=None):
    ses = session(int(port), dht_bootstrap=dht)
    if source.startswith("magnet:"):
        atp = lt.parse_magnet_uri(source)
    else:
        atp = lt.add_torrent_params()
        atp.ti = lt.torrent_info(source)
    atp.save_path = out
    h = ses.add_torrent(atp)
    while True:
        st = h.status()
        if metadata_only and st.has_metadata:
            print("metadata", flush=True)
            return
        if not metadata_only and st.is_seeding:
            print("done", flush=True)
            return
        ses.wait_for_alert(50)
        ses.pop_alerts()


def check(torrent, data):
    ses = session(0)
    atp = lt.add_torrent_params()
    atp.ti = lt.torrent_info(torrent)
    atp.save_path = data
    h = ses.add_torrent(atp)
    while True:
        for a in ses.pop_alerts():
            if isinstance(a, lt.torrent_checked_alert):
                st = h.status()
                print("pieces %d/%d" % (st.num_pieces, atp.ti.num_pieces()), flush=True)
                sys.exit(0 if st.is_seeding else 1)
        ses.wait_for_alert(100)


def dht(count, first_port):
    nodes = []
    boot = "127.0.0.1:%d" % int(first_port)
    for i in range(int(count)):
        nodes.append(session(int(first_port) + i, dht_bootstrap=boot if i else ""))
    print("ready", flush=True)
    while True:
        for n in nodes:
            n.pop_alerts()
        time.sleep(0.5)


def hold(torrent_dir, data):
    """libtorrent's own floor for the weight rows: a session holding N paused torrents."""
    ses = session(0)
    n = 0
    for name in sorted(os.listdir(torrent_dir)):
        atp = lt.add_torrent_params()
        atp.ti = lt.torrent_info(os.path.join(torrent_dir, name))
        atp.save_path = data
        atp.flags = (atp.flags | lt.torrent_flags.paused) & ~lt.torrent_flags.auto_managed
        ses.async_add_torrent(atp)
        n += 1
    while len(ses.get_torrents()) < n:
        ses.wait_for_alert(50)
        ses.pop_alerts()
    print("holding %d" % n, flush=True)
    while True:
        ses.wait_for_alert(1000)
        ses.pop_alerts()


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    boot = args[args.index("--dht") + 1] if "--dht" in args else None
    if cmd == "leech":
        leech(args[0], args[1], args[2], "--metadata-only" in args, boot)
    elif cmd == "seed":
        seed(args[0], args[1], args[2], boot)
    else:
        {"create": create, "seed": seed, "check": check, "dht": dht, "hold": hold}[cmd](*args)
