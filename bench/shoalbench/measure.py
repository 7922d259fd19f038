"""Samples of one client on one row, and the markdown table of all rows."""
import random
import statistics

# The floor of the hashing rows: bench/read_hash_floor.cpp reads the payload and hashes it
# with OpenSSL on every core, as any creator or checker must, and does nothing else. (Shoal
# hashes several pieces or blocks at once per core, faster than OpenSSL, so it can beat it.)
READ_HASH_FLOOR = "floor: read + OpenSSL hash on every core, no torrent"


def run_order(clients, run):
    """The clients (names, or (name, value) pairs) in the order of run number `run`: shuffled
    with the run number as the seed, the same in every bench run. No client is then always
    first (the first job of a scenario can meet a colder cache or seeder) or always right
    after the same client (whose files were just deleted, whose memory was just freed)."""
    items = list(clients)
    random.Random(run).shuffle(items)
    return items


class Row:
    """One job (e.g. "create v1, 1 GiB") measured for several clients. `unit` is "s" (lower is
    better) or a throughput ("MB/s", higher is better). `hash_bytes_per_s`: the all-core hash
    throughput of this run that bounds the job, for the "% of the limit" column: a pair, as
    OpenSSL hashes (`openssl speed`) and as Shoal does (its interleaved lanes)."""

    def __init__(self, name, unit="s", work_bytes=None, hash_bytes_per_s=(None, None)):
        self.name = name
        self.unit = unit
        self.work_bytes = work_bytes
        self.hash_bytes_per_s = hash_bytes_per_s
        self.samples = {}    # client -> [value]
        self.rss = {}        # client -> [MiB]
        self.notes = {}      # client -> text (failures, caveats)

    def add(self, client, value, rss_mib=None):
        self.samples.setdefault(client, []).append(value)
        if rss_mib is not None:
            self.rss.setdefault(client, []).append(rss_mib)

    def fail(self, client, why):
        self.notes[client] = why

    def lower_is_better(self):
        return not self.unit.endswith("/s")  # seconds, MiB, % CPU; throughputs are higher-better

    def median(self, client):
        return statistics.median(self.samples[client])

    def best_peer(self):
        # "floor: …" entries are what a bare library costs, not a client to beat.
        peers = [c for c in self.samples if not c.startswith(("Shoal", "floor:"))]
        if not peers:
            return None
        pick = min if self.lower_is_better() else max
        return pick(peers, key=self.median)


def _fmt(value, unit):
    if unit == "s":
        return "%.3f s" % value if value < 10 else "%.1f s" % value
    if unit == "%":
        return "%.1f %%" % value
    return "%s %s" % (format(round(value), ","), unit)


def table(rows):
    lines = ["| job | client | median | spread (min–max, n) | peak RSS | vs best peer "
             "| % of hash limit: OpenSSL's; Shoal's lanes |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        best = row.best_peer()
        clients = sorted(row.samples, key=lambda c: (not c.startswith("Shoal"), c))
        for client in clients:
            v = row.samples[client]
            med = statistics.median(v)
            spread = "%s–%s, %d" % (_fmt(min(v), row.unit), _fmt(max(v), row.unit), len(v))
            rss = ("%.0f MiB" % max(row.rss[client])) if row.rss.get(client) else ""
            ratio = ""
            if client.startswith("Shoal") and best:
                b = row.median(best)
                if row.unit == "s":
                    ratio = "%.2f× the time of %s" % (med / b, best)
                elif row.lower_is_better():
                    ratio = "%.2f× %s" % (med / b, best) if b else "%s: 0" % best
                else:
                    ratio = "%.2f× %s" % (med / b, best)
            if client.startswith("Shoal") and row.samples.get(READ_HASH_FLOOR):
                ratio += "; %.2f× the floor's" % (med / row.median(READ_HASH_FLOOR))
            limit = ""
            if row.work_bytes and all(row.hash_bytes_per_s):
                limit = "; ".join("%.0f%%" % (100.0 * row.work_bytes / med / h)
                                  for h in row.hash_bytes_per_s)
            note = row.notes.get(client, "")
            lines.append("| %s | %s | %s | %s | %s | %s | %s |" % (
                row.name, client + (" (%s)" % note if note else ""), _fmt(med, row.unit),
                spread, rss, ratio, limit))
        for client, note in row.notes.items():
            if client not in row.samples:
                lines.append("| %s | %s | — | failed: %s | | | |" % (row.name, client, note))
    return "\n".join(lines)
