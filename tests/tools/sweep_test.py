#!/usr/bin/env python3
"""Sweeps end to end, as researchers run them: `icsim sweep` in real processes on a small world
(population scale 0.01, two years; the runs' results matter here only as bytes to compare).

- The exported results are byte-identical for one thread and two.
- A sweep killed with SIGKILL midway and started again with --resume runs exactly the runs that
  were missing: every committed run has all its results and no other run has any, the resumed
  sweep reports the missing count, and its export equals an uninterrupted sweep's.
- Under mpirun with 2 and 4 ranks (oversubscribed), the ranks share the runs and the export is
  the same bytes as one process's.
- With --precision, a pilot sets the replications; its record serves a resumed sweep, which
  refuses another rule, and the results equal those of the same replications fixed, and those
  of 2 ranks under mpirun.
- Resuming with another sweep file is refused; an existing folder is never overwritten unasked.
- `sweep analyse` ranks both parameters for each scenario and for their difference.
- `sweep --json-schema` is the shipped schema, and the shipped sweeps plan without error.

  sweep_test.py ICSIM SOURCE_DIR
"""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

ICSIM, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])


def icsim(*args, cwd=None):
    return subprocess.run([ICSIM, *args], capture_output=True, text=True, cwd=cwd, timeout=600)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def status_counts(folder):
    db = sqlite3.connect(f"file:{os.path.join(folder, 'sweep.sqlite')}?mode=ro", uri=True)
    try:
        return dict(db.execute("SELECT status, COUNT(*) FROM runs GROUP BY status").fetchall())
    finally:
        db.close()


def mpi_environment():
    # Oversubscribed on a small machine; root (as in a container) needs Open MPI's consent.
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", OMPI_MCA_rmaps_base_oversubscribe="1")
    # Under the sanitizers, the ranks run without LeakSanitizer: Open MPI unloads its plugins at
    # MPI_Finalize, so their allocations can be neither attributed nor suppressed. AddressSanitizer
    # and UBSan stay on, and the single-process sweeps still check for leaks.
    if "ASAN_OPTIONS" in os.environ:
        env["ASAN_OPTIONS"] = os.environ["ASAN_OPTIONS"].replace("detect_leaks=1", "detect_leaks=0")
    return env


class SweepTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        for name, base in (("small", "mse-baseline.json"), ("small-locality", "locality-first.json")):
            with open(os.path.join(self.dir, name + ".json"), "w", encoding="utf-8") as f:
                json.dump({"schema_version": 1, "extends": os.path.join(SOURCE, "scenarios", base), "name": name,
                           "population": {"scale": 0.01}}, f)
        self.sweep = self.write_sweep("sweep.json", replications=2)

    def tearDown(self):
        self.tmp.cleanup()

    def write_sweep(self, name, replications):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            json.dump({"schema_version": 1, "name": "small-morris", "scenarios": ["small.json", "small-locality.json"],
                       "parameters": [{"path": "flow.discharge.team.interface_days", "min": 0.25, "max": 2},
                                      {"path": "programmes.mechanisms.continuity.upc_gain[2]", "min": 0, "max": 0.2}],
                       "design": {"kind": "morris", "samples": 4}, "replications": replications, "years": 2,
                       "keep": {"measures": ["emergency_admissions", "delayed_transfer_days"]}}, f)
        return path

    def sweep_to(self, out, *extra):
        r = icsim("sweep", self.sweep, "--out", out, "--quiet", *extra)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = icsim("sweep", "export", out)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_results_are_byte_identical_for_one_thread_and_two(self):
        one, two = os.path.join(self.dir, "one"), os.path.join(self.dir, "two")
        self.sweep_to(one, "--threads", "1")
        self.sweep_to(two, "--threads", "2")
        for name in ("results.csv", "points.csv"):
            self.assertEqual(read(os.path.join(one, name)), read(os.path.join(two, name)), name)
        self.assertEqual(status_counts(one), {"done": 4 * 3 * 2 * 2})
        rows = read(os.path.join(one, "results.csv")).splitlines()
        # 48 runs x 2 years x 5 areas (System and four Places) x 2 measures.
        self.assertEqual(len(rows), 1 + 48 * 2 * 5 * 2)

    def test_mpirun_with_two_and_four_ranks_gives_the_same_bytes(self):
        single = os.path.join(self.dir, "single")
        self.sweep_to(single)
        env = mpi_environment()
        for ranks in (2, 4):
            out = os.path.join(self.dir, f"ranks{ranks}")
            r = subprocess.run(["mpirun", "-n", str(ranks), ICSIM, "sweep", self.sweep, "--out", out, "--threads", "1"],
                               capture_output=True, text=True, timeout=600, env=env)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertIn("48 runs in", r.stdout)
            r = icsim("sweep", "export", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(read(os.path.join(out, "results.csv")), read(os.path.join(single, "results.csv")), ranks)
            self.assertEqual(status_counts(out), {"done": 48})
            shards = [f for f in os.listdir(os.path.join(out, "tasks")) if f.endswith(".sqlite")]
            self.assertEqual(shards, [], "every rank's shard is collected")
            db = sqlite3.connect(os.path.join(out, "sweep.sqlite"))
            self.assertEqual(sorted(r for (r,) in db.execute("SELECT DISTINCT rank FROM runs")), list(range(ranks)))
            db.close()

    def test_a_killed_sweep_resumes_with_no_run_lost_or_repeated(self):
        reference = os.path.join(self.dir, "reference")
        self.sweep_to(reference)
        out = os.path.join(self.dir, "killed")
        process = subprocess.Popen([ICSIM, "sweep", self.sweep, "--out", out, "--quiet", "--threads", "2"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 300
        while time.time() < deadline:
            time.sleep(0.02)
            if os.path.exists(os.path.join(out, "sweep.sqlite")) and status_counts(out).get("done", 0) >= 2:
                break
        process.send_signal(signal.SIGKILL)
        process.wait()
        counts = status_counts(out)
        done = counts.get("done", 0)
        self.assertGreater(counts.get("pending", 0), 0, "the sweep finished before it could be killed")
        # Atomic commits: results for every done run, none for any other.
        db = sqlite3.connect(os.path.join(out, "sweep.sqlite"))
        per_run = dict(db.execute("SELECT r.run, COUNT(x.run) FROM runs r LEFT JOIN results x USING (run) GROUP BY r.run"))
        statuses = dict(db.execute("SELECT run, status FROM runs"))
        db.close()
        for run, n in per_run.items():
            self.assertEqual(n, 20 if statuses[run] == "done" else 0, run)
        r = icsim("sweep", self.sweep, "--out", out, "--resume")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(f"; {48 - done} to do,", r.stdout)
        self.assertEqual(status_counts(out), {"done": 48})
        r = icsim("sweep", "export", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(read(os.path.join(out, "results.csv")), read(os.path.join(reference, "results.csv")))
        r = icsim("sweep", self.sweep, "--out", out, "--resume", "--quiet")  # nothing left: nothing run
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_precision_sets_the_replications_by_a_pilot_recorded_for_resume(self):
        # Two points of one scenario: the pilot and four sweeps of it stay cheap under the sanitizers.
        self.sweep = os.path.join(self.dir, "tiny.json")
        with open(self.sweep, "w", encoding="utf-8") as f:
            json.dump({"schema_version": 1, "name": "tiny", "scenarios": ["small.json"],
                       "parameters": [{"path": "flow.discharge.team.interface_days", "min": 0.25, "max": 2}],
                       "design": {"kind": "factorial", "levels": 2}, "replications": 1, "years": 1,
                       "keep": {"measures": ["emergency_admissions", "delayed_transfer_days"]}}, f)
        out, fixed = os.path.join(self.dir, "precise"), os.path.join(self.dir, "fixed")
        rule = ["--precision", "0.3", "--min-replications", "3", "--max-replications", "6"]
        quick = ["--years", "1"]
        r = icsim("sweep", self.sweep, "--out", out, *quick, *rule)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("pilot: ", r.stdout)
        db = sqlite3.connect(os.path.join(out, "sweep.sqlite"))
        record = json.loads(db.execute("SELECT value FROM meta WHERE key = 'precision'").fetchone()[0])
        n = int(db.execute("SELECT value FROM meta WHERE key = 'replications'").fetchone()[0])
        points = db.execute("SELECT COUNT(*) FROM points").fetchone()[0]
        db.close()
        self.assertEqual((record["target"], record["minimum"], record["maximum"], record["replications"]), (0.3, 3, 6, n))
        self.assertTrue(3 <= n <= 6, n)
        self.assertEqual(points, 2)
        self.assertEqual(status_counts(out), {"done": points * n})
        # Resumed with the same rule, the record is read and the pilot not run again; another rule,
        # or none, is refused.
        r = icsim("sweep", self.sweep, "--out", out, "--resume", *quick, *rule)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("pilot", r.stdout)
        self.assertIn("0 to do", r.stdout)
        r = icsim("sweep", self.sweep, "--out", out, "--resume", *quick, *rule[:4], "--max-replications", "7")
        self.assertEqual(r.returncode, 2)
        self.assertIn("was run with --precision 0.3 --min-replications 3 --max-replications 6; resume it with the same", r.stderr)
        r = icsim("sweep", self.sweep, "--out", out, "--resume", *quick)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--precision", r.stderr)
        # The pilot only chose how many: the results are those of the same number fixed.
        self.sweep_to(fixed, *quick, "--replications", str(n))
        r = icsim("sweep", "export", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(read(os.path.join(out, "results.csv")), read(os.path.join(fixed, "results.csv")))
        # Under mpirun, rank 0 runs the pilot and tells the other the replications: the same bytes.
        ranks = os.path.join(self.dir, "precise-ranks")
        r = subprocess.run(["mpirun", "-n", "2", ICSIM, "sweep", self.sweep, "--out", ranks, "--threads", "1", "--quiet", *quick,
                            *rule], capture_output=True, text=True, timeout=600, env=mpi_environment())
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        r = icsim("sweep", "export", ranks)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(read(os.path.join(ranks, "results.csv")), read(os.path.join(out, "results.csv")))

    def test_resuming_another_sweep_or_reusing_a_folder_is_refused(self):
        out = os.path.join(self.dir, "out")
        self.sweep_to(out, "--samples", "2")
        r = icsim("sweep", self.sweep, "--out", out, "--resume")  # without --samples 2: another sweep
        self.assertEqual(r.returncode, 2)
        self.assertIn("cannot resume", r.stderr)
        other = self.write_sweep("other.json", replications=3)
        r = icsim("sweep", other, "--out", out, "--resume", "--samples", "2")
        self.assertEqual(r.returncode, 2)
        self.assertIn("another sweep file", r.stderr)
        r = icsim("sweep", self.sweep, "--out", out)
        self.assertEqual(r.returncode, 2)
        self.assertIn("exists; use --resume", r.stderr)
        self.assertEqual(status_counts(out), {"done": 2 * 3 * 2 * 2})

    def test_analyse_ranks_the_parameters_for_each_scenario_and_the_difference(self):
        out = os.path.join(self.dir, "out")
        self.sweep_to(out)
        r = icsim("sweep", "analyse", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("morris design, 12 points, 2 replications each", r.stdout)
        self.assertIn("small-locality - small: delayed_transfer_days", r.stdout)
        rows = read(os.path.join(out, "analysis.csv")).splitlines()
        self.assertEqual(rows[0], "output,period,level,area,measure,parameter,statistic,value,low,high")
        mu = [row for row in rows if ",system,MSE,delayed_transfer_days,flow.discharge.team.interface_days,mu_star," in row]
        self.assertEqual(sorted(row.split(",")[0] for row in mu if row.split(",")[1] == "2021-2022"),
                         ["small", "small-locality", "small-locality - small"])
        for row in rows[1:]:
            value, low, high = map(float, row.split(",")[-3:])
            self.assertLessEqual(low, high, row)

    def test_the_schema_is_the_shipped_one_and_the_shipped_sweeps_plan(self):
        r = icsim("sweep", "--json-schema")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout), json.loads(read(os.path.join(SOURCE, "scenarios", "sweeps", "icsim-sweep.schema.json"))))
        folder = os.path.join(SOURCE, "scenarios", "sweeps")
        for name in sorted(os.listdir(folder)):
            if name.endswith(".json") and not name.endswith(".schema.json"):
                r = icsim("sweep", os.path.join(folder, name), "--dry-run")
                self.assertEqual(r.returncode, 0, name + ": " + r.stderr)
                self.assertIn(" runs", r.stdout)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
