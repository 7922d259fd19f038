"""Child processes of a benchmark: each in its own process group, output to a log file,
peak RSS from wait4(), and every one of them gone when the benchmark ends."""
import atexit
import os
import select
import signal
import socket
import subprocess
import threading
import time

_live = []
_given_ports = set()  # free_port()'s


def free_port():
    """A free TCP port on 127.0.0.1 that no earlier call returned. A common seeder remembers
    each leecher by address, and one that finished as a seed: libtorrent never dials a seed
    again while it seeds itself, so a later leecher on the same port would wait for ever. The
    likely cause of a transmission-cli swarm leecher left at "0 of 0 peers" for 240 s, in two
    runs of one bench (transmission never dials 127.0.0.0/8 peers itself)."""
    while True:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        if port not in _given_ports:
            _given_ports.add(port)
            return port


def listening(port):
    """Whether some process listens on TCP `port` (IPv4 or IPv6), from /proc/net/tcp*: the
    benchmark dials a client only once it listens (a refused dial makes libtorrent wait a
    minute before it tries that peer again)."""
    want = ":%04X " % port
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                for line in f:
                    fields = line.split()
                    if len(fields) > 3 and fields[3] == "0A" and (fields[1] + " ").endswith(want):
                        return True
        except FileNotFoundError:
            pass
    return False


def wait_until(predicate, timeout, step=0.02, wake=None):
    """Polls predicate() until it returns a true value (returned) or timeout seconds pass:
    every `step` seconds, and whenever the threading.Event `wake` is set (a Proc's `news`:
    it printed something). Waiting on news instead of polling often keeps the benchmark
    from taking CPU time from the program it measures (on the 0.36 s recheck, polling
    every 5 ms cost it ~30 ms)."""
    end = time.monotonic() + timeout
    while True:
        if wake is not None:
            wake.clear()
        value = predicate()
        if value:
            return value
        if time.monotonic() > end:
            raise TimeoutError("gave up after %.0f s" % timeout)
        if wake is None:
            time.sleep(step)
        else:
            wake.wait(step)


class Proc:
    """A child process. peak_rss_mib and the exit code are known after wait() or stop()."""

    def __init__(self, args, log, cwd=None, env=None, stdin=False):
        self.args = [str(a) for a in args]
        self.log_path = log
        self._log = open(log, "wb")
        self._output = bytearray()
        self._lock = threading.Lock()
        self.news = threading.Event()  # set whenever it prints, and at the end of its output
        self.popen = subprocess.Popen(
            self.args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=cwd,
            env=env, start_new_session=True,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL)
        self.started = time.monotonic()
        self.returncode = None
        self.peak_rss_mib = None
        self.cpu_s = None  # (user, system) seconds, once reaped
        self._hwm_kib = 0
        _live.append(self)
        self._pumping = threading.Thread(target=self._pump, daemon=True)
        self._pumping.start()

    def _pump(self):
        """Copies its output to the log file and to output() as it comes, to its end (a
        failing log write does not stop it: the program must never block on a full pipe)."""
        fd = self.popen.stdout.fileno()
        try:
            while True:
                chunk = os.read(fd, 65536)
                if chunk:
                    with self._lock:
                        self._output += chunk
                    try:
                        self._log.write(chunk)
                        self._log.flush()
                    except OSError:
                        pass
                self.news.set()
                if not chunk:
                    break
        finally:
            self.news.set()
            try:
                self._log.close()
            except OSError:
                pass
            self.popen.stdout.close()

    def output(self):
        with self._lock:
            return self._output.decode("utf-8", "replace")

    def send(self, line):
        self.popen.stdin.write((line + "\n").encode())
        self.popen.stdin.flush()

    def _sample_hwm(self):
        # VmHWM is this program's own peak: ru_maxrss would also count the Python process
        # it was forked from (Linux keeps the larger of the two across exec).
        try:
            with open("/proc/%d/status" % self.popen.pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        self._hwm_kib = max(self._hwm_kib, int(line.split()[1]))
        except OSError:
            pass

    def running(self):
        if self.returncode is not None:
            return False
        self._sample_hwm()
        pid, status, usage = os.wait4(self.popen.pid, os.WNOHANG)
        if pid == 0:
            return True
        self._reaped(status, usage)
        return False

    def _reaped(self, status, usage):
        self.returncode = os.waitstatus_to_exitcode(status)
        self.popen.returncode = self.returncode
        # The last sample was taken at most one poll before it exited; the fork's maxrss is
        # the fallback for a program that ran too briefly to be sampled.
        self.peak_rss_mib = (self._hwm_kib or usage.ru_maxrss) / 1024.0
        self.cpu_s = (usage.ru_utime, usage.ru_stime)
        self._pumping.join(1.0)  # its last output, unless a child of it still holds the pipe
        if self in _live:
            _live.remove(self)

    def wait(self, timeout):
        """Waits for the process to exit; raises TimeoutError (and stops it) after timeout.
        It wakes at the exit itself (a pidfd), and every 50 ms meanwhile to sample the peak
        RSS: polling every 5 ms took CPU from the program measured, more from one that kept
        both cores busy (shoal create of 2,000 files: 0.46-0.48 s polled, 0.42 s alone)."""
        end = time.monotonic() + timeout
        exited = os.pidfd_open(self.popen.pid)
        try:
            while self.running():
                left = end - time.monotonic()
                if left <= 0:
                    self.stop()
                    raise TimeoutError("%s did not finish in %.0f s; log: %s"
                                       % (os.path.basename(self.args[0]), timeout, self.log_path))
                select.select([exited], [], [], min(0.05, left))
        finally:
            os.close(exited)
        return self.returncode

    def stop(self, grace=10.0):
        """SIGTERM to the process group, SIGKILL after grace seconds; reaps the process."""
        if self.returncode is not None:
            return
        try:
            os.killpg(self.popen.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        self._sample_hwm()
        end = time.monotonic() + grace
        while self.running():
            if time.monotonic() > end:
                try:
                    os.killpg(self.popen.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                pid, status, usage = os.wait4(self.popen.pid, 0)
                self._reaped(status, usage)
                break
            time.sleep(0.01)

    def pid(self):
        return self.popen.pid


def run(args, log, timeout, cwd=None, env=None):
    """Runs a command to its end; returns the Proc (returncode, peak_rss_mib). Raises on failure."""
    p = Proc(args, log, cwd=cwd, env=env)
    if p.wait(timeout) != 0:
        raise RuntimeError("%s exited with %s; log: %s" % (" ".join(p.args[:3]), p.returncode, log))
    return p


def rss_mib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def cpu_seconds(pid, tid=None):
    """User + system CPU seconds of a process, or of its thread `tid`."""
    path = "/proc/%d/stat" % pid if tid is None else "/proc/%d/task/%s/stat" % (pid, tid)
    with open(path) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def stop_all():
    for p in list(_live):
        p.stop(grace=3.0)


atexit.register(stop_all)
for _sig in (signal.SIGINT, signal.SIGTERM):
    signal.signal(_sig, lambda *_: (stop_all(), os._exit(130)))
