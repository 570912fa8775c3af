#!/usr/bin/env python3
"""Fault tests of output folders: staging, locks, signals, disk full, refusals and races."""
import fcntl
import hashlib
import json
import os
import pty
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

ICSIM = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/ci/icsim")
SOURCE = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else ".")
BASELINE = os.path.join(SOURCE, "scenarios", "mse-baseline.json")

RUN_FILES = ["calibration.csv", "decisions.csv", "discharge_teams.csv", "effective_scenario.json", "manifest.json", "measures.csv", "occupancy.csv",
             "pools.csv", "programmes.csv", "results.sqlite"]
REPS_FILES = ["calibration.csv", "decision_counts.csv", "effective_scenario.json", "manifest.json", "programme_totals.csv", "summary.csv"]
COMPARE_FILES = ["bands.csv", "calibration.csv", "comparison.csv", "decision_counts.csv", "headline.txt", "manifest.json", "programme_totals.csv"]
# The order in which `run` writes its files; the two large ones go side by side with threads > 1.
WRITE_ORDER = ["effective_scenario.json", "occupancy.csv", "pools.csv", "discharge_teams.csv", "programmes.csv", "decisions.csv",
               "measures.csv", "results.sqlite", "calibration.csv", "manifest.json"]
SIDE_BY_SIDE = {"measures.csv", "results.sqlite"}

SMALL = ["--scale", "0.05", "--years", "2"]
TINY = ["--scale", "0.01", "--years", "1"]
MID_RUN = ["--scale", "0.5", "--years", "4"]  # about 3 s: long enough to be caught in the simulation
MID_WRITE = ["--scale", "0.05", "--years", "6"]  # measures.csv 200 MB and results.sqlite 11 MB: long writes
LONG = ["--scale", "1", "--years", "10"]  # about 7 s: a refusal "before the run" must come well before
FAST = 2.5  # seconds: a refusal before the run takes a fraction of this
REPS = ["--replications", "2"]
COMPARE = ["compare", BASELINE, BASELINE, "--replications", "2"]

PAGE = os.sysconf("SC_PAGE_SIZE")
NOTES = b"the user's own notes\n" * 300  # more than a page, so that it takes real space on a tmpfs
CANNOT_WRITE = re.compile(r"(cannot|can't|could not|unable to) (be )?writ", re.I)

needs_root = unittest.skipIf(os.geteuid() != 0, "needs root: mounts a tmpfs")


def icsim(*args, cwd=None, timeout=300):
    return subprocess.run([ICSIM, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd)


def start(*args, cwd=None):
    return subprocess.Popen([ICSIM, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=cwd)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def pages(size):
    return -(-size // PAGE)


def staging_of(out, pid):
    """The prefix of the staging folders the contract names: PARENT/.NAME.partial-PID-N."""
    parent, name = os.path.split(os.path.normpath(out))
    return os.path.join(parent, ".%s.partial-%d" % (name, pid))


def find_staging(out, pid):
    """The staging folder of process pid, also if its name carries a suffix after the PID (only
    test_staging_folder_and_lock_names checks the exact name, so a naming slip fails one test, not all)."""
    exact = staging_of(out, pid)
    parent, prefix = os.path.split(exact)
    try:
        names = os.listdir(parent)
    except OSError:
        return None
    for name in sorted(names, key=len):
        if re.fullmatch(re.escape(prefix) + r"(?:[^0-9.][^/]*)?", name) and os.path.isdir(os.path.join(parent, name)):
            return os.path.join(parent, name)
    return None


def snapshot(root):
    """Every folder and file under root, files by digest: what "untouched" compares."""
    tree = {}
    for dirpath, dirnames, filenames in os.walk(root):
        tree[os.path.relpath(dirpath, root) + "/"] = "folder"
        for f in filenames:
            tree[os.path.relpath(os.path.join(dirpath, f), root)] = hashlib.sha256(read(os.path.join(dirpath, f))).hexdigest()
    return tree


def cpu_seconds(pid):
    """User and system time so far: a point in the run that does not move with the machine's load."""
    try:
        fields = read("/proc/%d/stat" % pid).decode().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def lock_is_held(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def unmount(where):
    if subprocess.run(["umount", where], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", where], capture_output=True)


_GOOD_DIR = tempfile.TemporaryDirectory(prefix="icsim-fault-good-")
_GOOD = {}


def good_run(*args):
    """A successful run's folder, made once per set of arguments."""
    if args not in _GOOD:
        out = os.path.join(_GOOD_DIR.name, "good-%d" % len(_GOOD))
        r = icsim("run", BASELINE, *args, "--out", out, "--quiet")
        if r.returncode != 0:
            raise RuntimeError("good run failed: " + r.stderr)
        _GOOD[args] = out
    return _GOOD[args]


class Faults(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="icsim-fault-")
        self.addCleanup(self.tmp.cleanup)
        self.dir = self.tmp.name

    # Helpers shared by every test.

    def parent(self, *parts):
        """A folder holding the user's notes.txt, for outputs to go into."""
        path = os.path.join(self.dir, *parts)
        os.makedirs(path, exist_ok=True)
        with open(os.path.join(path, "notes.txt"), "wb") as f:
            f.write(NOTES)
        return path

    def assert_complete(self, folder, files):
        self.assertEqual(sorted(os.listdir(folder)), sorted(files), folder)
        manifest = json.loads(read(os.path.join(folder, "manifest.json")))
        self.assertIn("icsim_version", manifest)
        return manifest

    def assert_parent(self, parent, finals=None):
        """Holds the user's notes.txt, untouched, and exactly the complete folders named: no staging, no lock."""
        finals = finals or {}
        self.assertEqual(sorted(os.listdir(parent)), sorted(["notes.txt", *finals]), parent)
        self.assertEqual(read(os.path.join(parent, "notes.txt")), NOTES)
        return {name: self.assert_complete(os.path.join(parent, name), files) for name, files in finals.items()}

    def assert_exit(self, code, returncode, stderr):
        self.assertNotIn("terminate called", stderr)
        self.assertEqual(returncode, code, stderr)

    def own(self, proc):
        """Kills proc at the end of the test if it is still alive (also when stopped)."""
        def end():
            if proc.poll() is None:
                proc.kill()
            proc.communicate()
        self.addCleanup(end)
        return proc

    def poll(self, condition, proc, what, timeout=120):
        deadline = time.monotonic() + timeout
        while not condition():
            if proc.poll() is not None:
                self.fail("icsim ended (exit %s) before %s: %s" % (proc.returncode, what, proc.stderr.read()))
            if time.monotonic() > deadline:
                self.fail("timed out waiting for " + what)
            time.sleep(0.001)

    def wait_for_staging(self, out, proc):
        """Waits until proc's staging folder and its lock file exist; returns the folder."""
        def both():
            staging = find_staging(out, proc.pid)
            return staging is not None and os.path.exists(staging + ".lock")
        self.poll(both, proc, "the staging folder and lock of " + out)
        return find_staging(out, proc.pid)

    def finish(self, proc, timeout=300):
        _, err = proc.communicate(timeout=timeout)
        return proc.returncode, err

    def refused_quickly(self, *args, cwd=None):
        """Runs a command that must be refused before the run starts; returns its exit code and stderr."""
        proc = self.own(subprocess.Popen([ICSIM, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd))
        try:
            _, err = proc.communicate(timeout=FAST)
        except subprocess.TimeoutExpired:
            self.fail("not refused within %.1f s: %s" % (FAST, " ".join(args)))
        return proc.returncode, err

    def mount(self, where, options):
        os.makedirs(where, exist_ok=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", where], check=True)
        self.addCleanup(unmount, where)

    def used_pages(self, where):
        s = os.statvfs(where)
        return s.f_blocks - s.f_bfree

    # Disk full.

    def check_disk_full(self, threads, target):
        args = [*SMALL, "--threads", str(threads)]
        good = good_run(*args)
        sizes = {f: os.path.getsize(os.path.join(good, f)) for f in RUN_FILES}
        before = sum(pages(sizes[f]) for f in WRITE_ORDER[:WRITE_ORDER.index(target)])
        part = pages(sizes[target]) // 2  # 0 for a one-page file: then it cannot be written at all
        parent = os.path.join(self.dir, "full")
        self.mount(parent, "size=%d" % ((before + pages(sizes[target]) + 64) * PAGE))
        with open(os.path.join(parent, "notes.txt"), "wb") as f:
            f.write(NOTES)
        # Whatever a staging folder and its lock take beyond their files (directory blocks) is allowed for.
        os.mkdir(os.path.join(parent, ".out.partial-1"))
        open(os.path.join(parent, ".out.partial-1.lock"), "w").close()
        overhead = self.used_pages(parent)
        os.remove(os.path.join(parent, ".out.partial-1.lock"))
        os.rmdir(os.path.join(parent, ".out.partial-1"))
        subprocess.run(["mount", "-o", "remount,size=%d" % ((overhead + before + part) * PAGE), parent], check=True)

        r = icsim("run", BASELINE, *args, "--out", os.path.join(parent, "out"), "--quiet")
        self.assert_exit(3, r.returncode, r.stderr)
        culprits = {target}
        if threads > 1 and target in SIDE_BY_SIDE:
            culprits |= SIDE_BY_SIDE
        if target == "manifest.json":
            culprits.add("results.sqlite")  # its manifest rows are updated just before, through a journal that needs room
        self.assertTrue(any(CANNOT_WRITE.search(line) and any(c in line for c in culprits) for line in r.stderr.splitlines()),
                        "expected a message that %s cannot be written, got: %s" % (" or ".join(sorted(culprits)), r.stderr))
        self.assert_parent(parent)

    @needs_root
    def test_disk_full_replications_and_compare(self):
        for name, args in (("reps", ["run", BASELINE, *REPS, *TINY]), ("cmp", [*COMPARE, *TINY])):
            with self.subTest(name):
                parent = os.path.join(self.dir, name)
                self.mount(parent, "size=%d" % (pages(len(NOTES)) * PAGE))
                with open(os.path.join(parent, "notes.txt"), "wb") as f:
                    f.write(NOTES)
                r = icsim(*args, "--out", os.path.join(parent, "out"), "--quiet")
                self.assert_exit(3, r.returncode, r.stderr)
                self.assertRegex(r.stderr, CANNOT_WRITE)
                self.assert_parent(parent)

    # Signals.

    def interrupt(self, args, sig, wait_for=None, cpu=0.0):
        """Starts a command writing to PARENT/out, waits until its staging folder (and the file wait_for in it)
        exists and it has used cpu seconds, sends sig; returns the parent, exit code and stderr."""
        parent = self.parent("p")
        out = os.path.join(parent, "out")
        proc = self.own(start(*args, "--out", out, "--quiet"))

        def reached():
            staging = find_staging(out, proc.pid)
            return staging is not None and os.path.exists(os.path.join(staging, wait_for or "")) and cpu_seconds(proc.pid) >= cpu

        self.poll(reached, proc, "the staging folder of %s%s" % (out, " with " + wait_for if wait_for else ""))
        os.kill(proc.pid, sig)
        code, err = self.finish(proc, timeout=120)
        return parent, code, err

    def check_interrupted(self, sig, *args, **kw):
        parent, code, err = self.interrupt(list(args), sig, **kw)
        self.assert_exit(-sig, code, err)
        self.assertIn("interrupted", err)
        self.assert_parent(parent)

    def test_sigint_mid_simulation(self):
        self.check_interrupted(signal.SIGINT, "run", BASELINE, *MID_RUN, "--threads", "2", cpu=1.0)

    def test_sigterm_as_the_run_starts(self):
        self.check_interrupted(signal.SIGTERM, "run", BASELINE, *MID_RUN, "--threads", "2")

    def test_sighup_mid_run(self):
        parent, code, err = self.interrupt(["run", BASELINE, *MID_RUN, "--threads", "2"], signal.SIGHUP, cpu=1.0)
        self.assertNotIn(code, (0, -signal.SIGABRT, -signal.SIGSEGV), err)
        self.assertNotIn("terminate called", err)
        self.assert_parent(parent)

    def test_sigint_while_writing_measures_csv(self):
        self.check_interrupted(signal.SIGINT, "run", BASELINE, *MID_WRITE, "--threads", "1", wait_for="measures.csv")

    def test_sigterm_while_writing_results_sqlite(self):
        self.check_interrupted(signal.SIGTERM, "run", BASELINE, *MID_WRITE, "--threads", "1", wait_for="results.sqlite")

    def test_sigint_while_writing_both_large_files(self):
        self.check_interrupted(signal.SIGINT, "run", BASELINE, *MID_WRITE, "--threads", "2", wait_for="results.sqlite")

    def test_sigint_mid_replications(self):
        self.check_interrupted(signal.SIGINT, "run", BASELINE, "--replications", "4", *MID_RUN, "--threads", "2", cpu=1.0)

    def test_sigterm_mid_compare(self):
        self.check_interrupted(signal.SIGTERM, *COMPARE, *MID_RUN, "--threads", "2", cpu=1.0)

    def test_bad_input_leaves_nothing(self):
        parent = self.parent("p")
        for args in (["run", BASELINE], ["run", BASELINE, *REPS], COMPARE):
            r = icsim(*args, "--scale", "-1", "--out", os.path.join(parent, "out"), "--quiet")
            self.assert_exit(2, r.returncode, r.stderr)
        self.assert_parent(parent)

    def test_progress_line_is_ended_on_sigint(self):
        master, slave = pty.openpty()
        proc = self.own(subprocess.Popen([ICSIM, "run", BASELINE, *MID_RUN, "--threads", "2", "--out",
                                          os.path.join(self.parent("p"), "out")],
                                         stdin=subprocess.DEVNULL, stdout=slave, stderr=slave))
        os.close(slave)
        screen = bytearray()

        def reader():
            while True:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # EIO: every writer has gone
                    break
                if not chunk:
                    break
                screen.extend(chunk)

        thread = threading.Thread(target=reader, daemon=True)
        thread.start()
        deadline = time.monotonic() + 120
        while b"ETA" not in screen:
            self.assertIsNone(proc.poll(), "icsim ended before drawing its progress bar: %r" % bytes(screen))
            self.assertLess(time.monotonic(), deadline, "no progress bar drawn")
            time.sleep(0.001)
        os.kill(proc.pid, signal.SIGINT)
        self.assertEqual(proc.wait(timeout=120), -signal.SIGINT, bytes(screen))
        thread.join(timeout=10)
        os.close(master)
        text = bytes(screen)
        at = text.find(b"interrupted")
        self.assertGreaterEqual(at, 0, text)
        bar = text[:at].rfind(b"ETA")
        self.assertGreaterEqual(bar, 0, text)
        after_bar = text[bar:at]
        # Where the last line ending or line clearing leaves the cursor: nothing of the bar may follow it.
        clean = max(after_bar.rfind(b"\r\033[K") + 4 if b"\r\033[K" in after_bar else -1,
                    after_bar.rfind(b"\n") + 1 if b"\n" in after_bar else -1)
        self.assertGreaterEqual(clean, 0, "the bar was neither cleared nor ended: %r" % text[-300:])
        self.assertNotIn(b"\r", after_bar[clean:], text[-300:])
        self.assert_parent(os.path.join(self.dir, "p"))

    # Stale and live staging folders.

    def test_staging_folder_and_lock_names(self):
        parent = self.parent("p")
        out = os.path.join(parent, "out")
        proc = self.own(start("run", BASELINE, *SMALL, "--out", out, "--quiet"))
        staging = self.wait_for_staging(out, proc)
        proc.send_signal(signal.SIGSTOP)  # so that the run cannot end while its lock is looked at
        try:
            self.assertRegex(os.path.basename(staging), r"^\.out\.partial-%d-\d+$" % proc.pid)
            self.assertTrue(lock_is_held(staging + ".lock"), "the staging folder's lock is not held while the run lives")
        finally:
            proc.send_signal(signal.SIGCONT)
        self.assert_exit(0, *self.finish(proc))
        self.assert_parent(parent, {"out": RUN_FILES})

    def test_next_run_removes_staging_left_by_kill_9(self):
        for next_out in ("b", "a"):  # another folder in the same parent, and the same folder
            with self.subTest(next_out=next_out):
                parent = self.parent(next_out)
                killed = self.own(start("run", BASELINE, *MID_RUN, "--out", os.path.join(parent, "a"), "--quiet"))
                staging = self.wait_for_staging(os.path.join(parent, "a"), killed)
                killed.kill()
                killed.communicate(timeout=60)
                self.assertTrue(os.path.isdir(staging) and os.path.exists(staging + ".lock"))
                self.assertFalse(lock_is_held(staging + ".lock"))
                r = icsim("run", BASELINE, *SMALL, "--out", os.path.join(parent, next_out), "--quiet")
                self.assert_exit(0, r.returncode, r.stderr)
                self.assert_parent(parent, {next_out: RUN_FILES})

    def test_next_run_leaves_a_live_runs_staging_alone(self):
        parent = self.parent("p")
        live = self.own(start("run", BASELINE, *SMALL, "--out", os.path.join(parent, "a"), "--quiet"))
        staging = self.wait_for_staging(os.path.join(parent, "a"), live)
        live.send_signal(signal.SIGSTOP)  # frozen while it holds its lock: the other run is certain to see it live
        try:
            self.assertTrue(lock_is_held(staging + ".lock"), "the staging folder's lock is not held while the run lives")
            r = icsim("run", BASELINE, *SMALL, "--out", os.path.join(parent, "b"), "--quiet", timeout=120)
            self.assert_exit(0, r.returncode, r.stderr)
            self.assertTrue(os.path.isdir(staging) and os.path.exists(staging + ".lock"), "a live run's staging was removed")
        finally:
            live.send_signal(signal.SIGCONT)
        code, err = self.finish(live)
        self.assert_exit(0, code, err)
        self.assert_parent(parent, {"a": RUN_FILES, "b": RUN_FILES})

    # A trailing slash.

    def check_trailing_slash(self, first, second, files, key, value):
        """--out DIR/ writes DIR; the second command, with --overwrite, replaces it."""
        parent = self.parent("p")
        out = os.path.join(parent, "out") + "/"
        r = icsim(*first, "--out", out, "--quiet")
        self.assert_exit(0, r.returncode, r.stderr)
        self.assert_parent(parent, {"out": files})
        r = icsim(*second, "--out", out, "--overwrite", "--quiet")
        self.assert_exit(0, r.returncode, r.stderr)
        self.assertEqual(self.assert_parent(parent, {"out": files})["out"][key], value)

    def test_trailing_slash_run(self):
        self.check_trailing_slash(["run", BASELINE, *TINY], ["run", BASELINE, *TINY, "--seed", "9"], RUN_FILES, "seed", 9)

    def test_trailing_slash_replications(self):
        self.check_trailing_slash(["run", BASELINE, *REPS, *TINY], ["run", BASELINE, *REPS, *TINY, "--seed", "9"], REPS_FILES,
                                  "seeds", "9 to 10")

    def test_trailing_slash_compare(self):
        self.check_trailing_slash([*COMPARE, *TINY], [*COMPARE, "--scale", "0.01", "--years", "2"], COMPARE_FILES, "years", 2)

    # --overwrite replaces only an icsim output folder; run where a mistake cannot reach the repository.

    def workspace(self, *cwd):
        """A working folder (cwd parts under the temporary folder) holding a self-contained scenario and user files."""
        work = os.path.join(self.dir, *cwd)
        os.makedirs(os.path.join(work, "sub"), exist_ok=True)
        shutil.copy(os.path.join(good_run(*TINY), "effective_scenario.json"), os.path.join(work, "scenario.json"))
        with open(os.path.join(work, "notes.txt"), "wb") as f:
            f.write(NOTES)
        with open(os.path.join(work, "sub", "more.txt"), "wb") as f:
            f.write(NOTES)
        return work

    def icsim_folder(self, *parts):
        """A copy of a real icsim output folder."""
        folder = os.path.join(self.dir, *parts)
        shutil.copytree(good_run(*TINY), folder)
        return folder

    def check_refused(self, cwd, out, scenario="scenario.json"):
        before = snapshot(self.dir)
        r = icsim("run", scenario, *TINY, "--out", out, "--overwrite", "--quiet", cwd=cwd)
        self.assert_exit(3, r.returncode, r.stderr)
        self.assertEqual(snapshot(self.dir), before, "--out %s --overwrite touched files" % out)
        # The staging folder of `--out ..` would sit outside the temporary folder: look there too.
        parent, name = os.path.split(os.path.normpath(os.path.join(cwd, out)))
        self.assertEqual([e for e in os.listdir(parent) if e.startswith(".%s.partial-" % name)], [])

    def test_overwrite_refuses_dot(self):
        self.check_refused(self.workspace("work"), ".")

    def test_overwrite_refuses_dot_dot(self):
        self.workspace("other")
        self.check_refused(self.workspace("work"), "..")

    def test_overwrite_refuses_the_working_folder_by_absolute_path(self):
        work = self.workspace("work")
        self.check_refused(work, work)

    def test_overwrite_refuses_a_parent_of_the_working_folder(self):
        work = self.workspace("work")
        deep = self.workspace("work", "deep", "er")
        self.check_refused(deep, work)
        self.check_refused(deep, "../..")

    def test_overwrite_refuses_a_folder_without_manifest(self):
        work = self.workspace("work")
        user = self.workspace("user")  # notes.txt and sub/, no manifest
        self.check_refused(work, user)

    def test_overwrite_refuses_a_folder_with_a_manifest_icsim_did_not_write(self):
        work = self.workspace("work")
        other = self.workspace("other")
        with open(os.path.join(other, "manifest.json"), "w") as f:
            json.dump({"tool": "something else", "version": 1}, f)
        self.check_refused(work, other)

    def test_overwrite_refuses_an_icsim_folder_that_is_the_working_folder_or_its_parent(self):
        run = self.icsim_folder("run")
        self.check_refused(run, ".", "effective_scenario.json")
        self.check_refused(run, run, "effective_scenario.json")
        inner = self.workspace("run", "work")
        self.check_refused(inner, "..")

    def test_overwrite_replaces_an_icsim_folder(self):
        work = self.workspace("work")
        self.icsim_folder("p", "run")
        parent = self.parent("p")
        before = snapshot(work)
        r = icsim("run", "scenario.json", *TINY, "--seed", "9", "--out", os.path.join(parent, "run"), "--overwrite", "--quiet",
                  cwd=work)
        self.assert_exit(0, r.returncode, r.stderr)
        self.assertEqual(self.assert_parent(parent, {"run": RUN_FILES})["run"]["seed"], 9)
        self.assertEqual(snapshot(work), before)

    # Without --overwrite an existing folder is refused before the run.

    def test_existing_out_is_refused_before_the_run(self):
        user = self.workspace("p", "user")
        self.icsim_folder("p", "run")
        for args in (["run", BASELINE, *LONG], ["run", BASELINE, *LONG, *REPS], [*COMPARE, *LONG]):
            for out in (user, user + "/", os.path.join(self.dir, "p", "run")):
                with self.subTest(args=args[:3], out=out):
                    before = snapshot(self.dir)
                    code, err = self.refused_quickly(*args, "--out", out, "--quiet")
                    self.assert_exit(3, code, err)
                    self.assertIn("exists", err)
                    self.assertEqual(snapshot(self.dir), before)

    @needs_root
    def test_read_only_parent_is_refused_before_the_run(self):
        parent = os.path.join(self.dir, "ro")
        self.mount(parent, "size=1m")
        with open(os.path.join(parent, "notes.txt"), "wb") as f:
            f.write(NOTES)
        subprocess.run(["mount", "-o", "remount,ro", parent], check=True)
        for args in (["run", BASELINE, *LONG], ["run", BASELINE, *LONG, *REPS], [*COMPARE, *LONG]):
            for out in (os.path.join(parent, "out"), os.path.join(parent, "a", "b")):
                with self.subTest(args=args[:3], out=out):
                    code, err = self.refused_quickly(*args, "--out", out, "--quiet")
                    self.assert_exit(3, code, err)
                    self.assertIn(parent, err)
                    self.assert_parent(parent)

    # Runs at once.

    def test_two_runs_on_one_out_without_overwrite(self):
        parent = self.parent("p")
        out = os.path.join(parent, "out")
        procs = {seed: self.own(start("run", BASELINE, *SMALL, "--seed", str(seed), "--out", out, "--quiet"))
                 for seed in (1, 2)}
        results = {seed: self.finish(p) for seed, p in procs.items()}
        codes = sorted(code for code, _ in results.values())
        self.assertEqual(codes, [0, 3], results)
        winner = next(seed for seed, (code, _) in results.items() if code == 0)
        self.assertIn("exists", results[3 - winner][1])
        self.assertEqual(self.assert_parent(parent, {"out": RUN_FILES})["out"]["seed"], winner)

    def test_two_runs_on_one_out_with_overwrite(self):
        parent = self.parent("p")
        out = os.path.join(parent, "out")
        procs = [self.own(start("run", BASELINE, *SMALL, "--seed", str(seed), "--out", out, "--overwrite", "--quiet"))
                 for seed in (1, 2)]
        for p in procs:
            self.assert_exit(0, *self.finish(p))
        self.assertIn(self.assert_parent(parent, {"out": RUN_FILES})["out"]["seed"], (1, 2))

    def test_two_runs_without_out_in_the_same_second(self):
        collided = False
        for attempt in range(3):
            cwd = self.parent("try%d" % attempt)
            time.sleep(1.02 - time.time() % 1.0)  # start both just after a second begins, so their run ids match
            procs = [self.own(start("run", BASELINE, *SMALL, "--quiet", cwd=cwd)) for _ in range(2)]
            for p in procs:
                self.assert_exit(0, *self.finish(p))
            self.assertEqual(sorted(os.listdir(cwd)), ["notes.txt", "runs"])
            self.assertEqual(read(os.path.join(cwd, "notes.txt")), NOTES)
            self.assertEqual(os.listdir(os.path.join(cwd, "runs")), ["mse-baseline"])
            runs = os.path.join(cwd, "runs", "mse-baseline")
            names = sorted(os.listdir(runs))
            self.assertEqual(len(names), 2, names)
            for name in names:
                self.assert_complete(os.path.join(runs, name), RUN_FILES)
            if names[0].split("-")[0] == names[1].split("-")[0]:
                self.assertEqual(names[1], names[0] + "-2")
                collided = True
                break
        self.assertTrue(collided, "the two runs never started within the same second")


# One test per output file and thread count: the disk fills while that file is written.
for _threads in (1, 2):
    for _target in WRITE_ORDER:
        def _test(self, threads=_threads, target=_target):
            self.check_disk_full(threads, target)
        setattr(Faults, "test_disk_full_in_%s_threads_%d" % (_target.replace(".", "_"), _threads), needs_root(_test))


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
