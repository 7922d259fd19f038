#!/usr/bin/python3
"""Loads a .torrent with python3-libtorrent (Debian's, an independent consumer of the
file), checks the data in DATA_DIR against it and exits 0 only if every piece verifies.

usage: verify_with_libtorrent.py TORRENT DATA_DIR
"""
import sys
import time

import libtorrent as lt


def main():
    torrent, data_dir = sys.argv[1], sys.argv[2]
    settings = {
        "listen_interfaces": "127.0.0.1:0",
        "enable_dht": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "alert_mask": lt.alert.category_t.error_notification | lt.alert.category_t.status_notification,
    }
    session = lt.session(settings)
    info = lt.torrent_info(torrent)
    handle = session.add_torrent({"ti": info, "save_path": data_dir})
    deadline = time.time() + 60
    while time.time() < deadline:
        status = handle.status()
        if status.errc.value() != 0:
            print("error:", status.errc.message())
            return 1
        if status.state == lt.torrent_status.seeding:
            print("verified %d pieces of %s (v1 %s, v2 %s)" % (
                info.num_pieces(), info.name(), info.info_hashes().has_v1(), info.info_hashes().has_v2()))
            return 0
        if status.state not in (lt.torrent_status.checking_files, lt.torrent_status.checking_resume_data) \
                and status.progress < 1.0 and status.state != lt.torrent_status.downloading_metadata:
            # Checking finished without every piece: the data does not match the torrent.
            if status.num_pieces < info.num_pieces() and status.state == lt.torrent_status.downloading:
                print("only %d of %d pieces verified" % (status.num_pieces, info.num_pieces()))
                return 1
        time.sleep(0.1)
    print("timed out")
    return 1


if __name__ == "__main__":
    sys.exit(main())
