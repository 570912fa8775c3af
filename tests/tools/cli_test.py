#!/usr/bin/env python3
"""End-to-end tests of the icsim command line: help, exit codes, messages and outputs."""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

ICSIM = sys.argv[1] if len(sys.argv) > 1 else "build/ci/icsim"
SOURCE = sys.argv[2] if len(sys.argv) > 2 else "."
BASELINE = os.path.join(SOURCE, "scenarios", "mse-baseline.json")
# What a run at --scale 0.01 says on stderr, quiet or not.
SCALE_WARNING = ("icsim: warning: population scale 0.01: capacity pools and queues are scaled too, so queue-driven results "
                 "(delays, waits, occupancy) differ from the full-scale system; use scale 1 for results\n")


def icsim(*args, cwd=None):
    return subprocess.run([ICSIM, *args], capture_output=True, text=True, timeout=600, cwd=cwd)


def read(path):
    with open(path, "rb") as f:
        return f.read()


class Cli(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="icsim-cli-")
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def what_if(self, body, name="what-if.json"):
        return self.write(name, '{"schema_version": 1, "extends": "%s", %s}' % (os.path.abspath(BASELINE), body))

    def test_help_for_every_subcommand(self):
        r = icsim("--help")
        self.assertEqual(r.returncode, 0)
        for sub in ("run", "validate", "describe", "params", "calibrate", "compare"):
            self.assertIn(sub, r.stdout)
            h = icsim(sub, "--help")
            self.assertEqual(h.returncode, 0, sub)
            self.assertIn("Usage", h.stdout + h.stderr)
        self.assertIn("--overwrite", icsim("run", "--help").stdout)

    def test_version_names_the_commit(self):
        r = icsim("--version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"icsim \d+\.\d+\.\d+ \(commit \S+, \S* ?build\)")

    def test_unknown_option_is_bad_input(self):
        self.assertEqual(icsim("run", BASELINE, "--colour").returncode, 2)

    def test_validate_baseline(self):
        r = icsim("validate", BASELINE)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("ok", r.stdout)

    def test_three_mistakes_three_lines_exit_2_and_no_output(self):
        bad = self.what_if('"run": {"years": 0, "sed": 3}, "population": {"scale": "big"}')
        r = icsim("validate", bad)
        self.assertEqual(r.returncode, 2)
        lines = [l for l in r.stderr.splitlines() if l.startswith(bad + ":/")]
        self.assertEqual(len(lines), 3, r.stderr)
        self.assertTrue(any(":/run/years: out of range (got 0; expected" in l for l in lines), lines)
        self.assertTrue(any(':/run/sed: unknown key "sed"' in l and 'Did you mean "seed"?' in l for l in lines), lines)
        self.assertTrue(any(":/population/scale: wrong type (got \"big\"" in l for l in lines), lines)
        out = os.path.join(self.dir, "out")
        r = icsim("run", bad, "--out", out, "--quiet")
        self.assertEqual(r.returncode, 2)
        self.assertFalse(os.path.exists(out))
        self.assertEqual(sorted(os.listdir(self.dir)), ["what-if.json"])

    def test_missing_scenario_is_environment_error(self):
        r = icsim("run", os.path.join(self.dir, "absent.json"), "--quiet")
        self.assertEqual(r.returncode, 3)
        self.assertIn("absent.json", r.stderr)

    def test_unwritable_output_is_environment_error(self):
        blocker = self.write("file", "")
        r = icsim("run", BASELINE, "--scale", "0.01", "--years", "1", "--out", os.path.join(blocker, "out"), "--quiet")
        self.assertEqual(r.returncode, 3, r.stderr)

    def test_end_to_end_run_reproduces_from_its_effective_scenario(self):
        out = os.path.join(self.dir, "run1")
        r = icsim("run", BASELINE, "--scale", "0.05", "--threads", "2", "--out", out, "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "")
        self.assertEqual(sorted(os.listdir(out)),
                         ["calibration.csv", "decisions.csv", "discharge_teams.csv", "effective_scenario.json", "manifest.json", "measures.csv",
                          "occupancy.csv", "pools.csv", "programmes.csv", "results.sqlite"])
        with open(os.path.join(out, "manifest.json")) as f:
            manifest = json.load(f)
        for key in ("icsim_version", "git_commit", "build_type", "scenario_files", "scenario_digest_sha256", "seed",
                    "threads", "started_utc", "finished_utc", "wall_seconds", "peak_memory_mb", "host"):
            self.assertIn(key, manifest)
        # The chain base first: the world file the baseline extends, then the baseline itself.
        files = manifest["scenario_files"]
        self.assertEqual(files[0]["path"], os.path.join(os.path.dirname(BASELINE), "mse-world.json"))
        self.assertEqual(files[0]["role"], "extends")
        self.assertEqual(files[1]["path"], BASELINE)
        self.assertEqual(files[1]["role"], "scenario")
        self.assertEqual([entry["role"] for entry in files[2:]], ["table"] * (len(files) - 2))
        for entry in files:
            self.assertEqual(len(entry["sha256"]), 64, entry["path"])
        csv = read(os.path.join(out, "measures.csv")).decode()
        self.assertTrue(csv.startswith("period,level,area,group,measure,value\n"))
        rows = csv.count("\n") - 1
        # Each downstream pool on the first day and at month ends, within its places; council
        # services name their council, NHS services none.
        pools = read(os.path.join(out, "pools.csv")).decode().splitlines()
        self.assertEqual(pools[0], "date,service,pool,council,capacity,in_use,placements,placed_elsewhere")
        for line in pools[1:]:
            date, service, pool, council, capacity, in_use, placed, elsewhere = line.split(",")
            self.assertLessEqual(int(in_use), int(capacity), line)
            self.assertEqual(council != "", service in ("home_care", "reablement", "care_home_places"), line)
        self.assertIn("2021-01-01,care_home_places,thurrock_council/thurrock,thurrock_council,", "\n".join(pools))
        db = sqlite3.connect(os.path.join(out, "results.sqlite"))
        self.assertEqual(db.execute("select count(*) from measures").fetchone()[0], rows)
        self.assertEqual(db.execute("select value from manifest where key='seed'").fetchone()[0], str(manifest["seed"]))
        # The measure dimension table carries the catalogue: unit, additivity, definition.
        unit, additive, definition = db.execute(
            "select unit, additive, definition from measure_names where name='bed_occupancy_rate'").fetchone()
        self.assertEqual((unit, additive), ("fraction", 0))
        self.assertIn("beds_occupied_mean", definition)
        self.assertEqual(db.execute("select count(*) from measure_names where unit is null or definition = ''").fetchone()[0], 0)
        listed = icsim("measures").stdout
        for (name,) in db.execute("select name from measure_names"):
            self.assertIn(name + " (", listed)
        # Refuses to overwrite without --overwrite, and leaves the folder as it was.
        r = icsim("run", BASELINE, "--scale", "0.05", "--out", out, "--quiet")
        self.assertEqual(r.returncode, 3)
        self.assertIn("--overwrite", r.stderr)
        # The effective scenario reproduces the measures byte for byte, with other thread counts.
        for threads in ("1", "8"):
            again = os.path.join(self.dir, "again" + threads)
            r = icsim("run", os.path.join(out, "effective_scenario.json"), "--threads", threads, "--out", again, "--quiet")
            self.assertEqual(r.returncode, 0, r.stderr)
            for name in ("measures.csv", "occupancy.csv", "pools.csv", "discharge_teams.csv"):
                self.assertEqual(read(os.path.join(again, name)), read(os.path.join(out, name)), name)
        # --overwrite replaces it.
        r = icsim("run", BASELINE, "--scale", "0.05", "--seed", "9", "--out", out, "--overwrite", "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.load(open(os.path.join(out, "manifest.json")))["seed"], 9)

    def test_replications_and_paired_comparison(self):
        reps = os.path.join(self.dir, "reps")
        r = icsim("run", BASELINE, "--replications", "3", "--scale", "0.01", "--years", "1", "--out", reps, "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(os.listdir(reps)), ["calibration.csv", "decision_counts.csv", "effective_scenario.json", "manifest.json",
                                                    "programme_totals.csv", "summary.csv"])
        header = read(os.path.join(reps, "summary.csv")).decode().splitlines()[0]
        self.assertEqual(header, "period,level,area,measure,mean,p2_5,p25,p50,p75,p97_5")
        # A scenario compared with itself: every difference and interval is exactly zero.
        out = os.path.join(self.dir, "cmp")
        r = icsim("compare", BASELINE, BASELINE, "--replications", "2", "--scale", "0.01", "--years", "1", "--out", out, "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = read(os.path.join(out, "comparison.csv")).decode().splitlines()
        self.assertTrue(rows[0].startswith("scenario,period,level,area,measure,baseline_mean,scenario_mean,difference"))
        for row in rows[1:]:
            self.assertEqual(row.split(",")[0], "mse-baseline", row)
            self.assertEqual(row.split(",")[7:10], ["0", "0", "0"], row)
        self.assertIn("emergency_admissions", r.stdout)
        # The two-scenario form keeps its manifest keys and its default folder name.
        manifest = json.loads(read(os.path.join(out, "manifest.json")))
        self.assertEqual((manifest["baseline"], manifest["scenario"]), ("mse-baseline", "mse-baseline"))
        self.assertEqual(manifest["baseline_digest_sha256"], manifest["scenario_digest_sha256"])
        self.assertEqual(manifest["median_interval_narrowing_by_pairing"], 0)
        r = icsim("compare", BASELINE, BASELINE, "--replications", "2", "--scale", "0.01", "--years", "1", "--quiet", cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(os.listdir(os.path.join(self.dir, "runs", "compare")), ["mse-baseline-vs-mse-baseline"])

    def test_precision_adds_replications_until_the_rule_is_met(self):
        tiny = ["--scale", "0.01", "--years", "1", "--quiet"]
        summaries = {}
        for threads in ("1", "2"):
            out = os.path.join(self.dir, "precise" + threads)
            r = icsim("run", BASELINE, "--precision", "0.3", "--min-replications", "3", "--threads", threads, "--out", out, *tiny)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stderr, SCALE_WARNING)
            summaries[threads] = read(os.path.join(out, "summary.csv"))
        self.assertEqual(summaries["1"], summaries["2"])
        manifest = json.loads(read(os.path.join(self.dir, "precise1", "manifest.json")))
        rule = manifest["precision"]
        n = manifest["replications"]
        self.assertEqual((rule["target"], rule["minimum"], rule["maximum"], rule["met"], rule["replications"]), (0.3, 3, 50, True, n))
        self.assertGreater(n, 3)  # the rule went past its minimum at this scale
        self.assertLessEqual(rule["widest_ratio"], 0.3 / 1.3)
        self.assertEqual(manifest["seeds"], "20210101 to %d" % (20210101 + n - 1))
        # The same replications as a fixed count of them: the rule only chooses how many.
        fixed = os.path.join(self.dir, "fixed")
        r = icsim("run", BASELINE, "--replications", str(n), "--out", fixed, *tiny)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(read(os.path.join(fixed, "summary.csv")), summaries["1"])
        # A comparison that cannot meet its target stops at the maximum, says so, and records it.
        what = os.path.join(SOURCE, "scenarios", "locality-first.json")
        out = os.path.join(self.dir, "cmp")
        r = icsim("compare", BASELINE, what, "--precision", "0.001", "--min-replications", "3", "--max-replications", "4", "--out", out,
                  *tiny)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("icsim: warning: precision not met: 4 replications", r.stderr)
        self.assertIn("not met by the maximum of 4 replications", r.stdout)
        manifest = json.loads(read(os.path.join(out, "manifest.json")))
        self.assertEqual((manifest["replications"], manifest["precision"]["met"]), (4, False))
        fixed = os.path.join(self.dir, "cmp-fixed")
        r = icsim("compare", BASELINE, what, "--replications", "4", "--out", fixed, *tiny)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(read(os.path.join(fixed, "comparison.csv")), read(os.path.join(out, "comparison.csv")))
        # Options that do not go together are bad input, before anything runs.
        for args, message in ((["--precision", "0.1", "--replications", "5"], "excludes"),
                              (["--precision", "0.1", "--min-replications", "20", "--max-replications", "10"],
                               "--max-replications 10 is below --min-replications 20"),
                              (["--max-replications", "10"], "requires"),
                              (["--precision", "0"], "not in range"),
                              (["--parameter-uncertainty"], "--parameter-uncertainty needs --replications N")):
            bad = os.path.join(self.dir, "bad")
            r = icsim("run", BASELINE, *args, "--out", bad, *tiny)
            self.assertEqual(r.returncode, 2, args)
            self.assertIn(message, r.stderr, args)
            self.assertFalse(os.path.exists(bad))

    def test_compare_several_scenarios_with_one_comparator(self):
        fund = os.path.join(SOURCE, "scenarios", "transformation-fund.json")
        place = os.path.join(SOURCE, "scenarios", "place-first.json")
        tiny = ["--replications", "2", "--scale", "0.01", "--years", "1", "--quiet"]
        r = icsim("compare", fund, place, fund, *tiny, cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, SCALE_WARNING)  # quiet, but warned: a scaled world is another system
        out = os.path.join(self.dir, "runs", "compare", "transformation-fund-vs-place-first-transformation-fund")
        self.assertEqual(sorted(os.listdir(out)), ["bands.csv", "calibration.csv", "comparison.csv", "decision_counts.csv", "headline.txt", "manifest.json",
                                                    "programme_totals.csv"])
        # One block of rows per scenario, in the order given, with the same cells.
        rows = read(os.path.join(out, "comparison.csv")).decode().splitlines()
        self.assertEqual(rows[0], "scenario,period,level,area,measure,baseline_mean,scenario_mean,difference,difference_low,"
                                  "difference_high,unpaired_low,unpaired_high")
        blocks = {}
        for row in rows[1:]:
            blocks.setdefault(row.split(",")[0], []).append(row.split(","))
        self.assertEqual(list(blocks), ["place-first", "transformation-fund"])
        self.assertEqual([b[1:5] for b in blocks["place-first"]], [b[1:5] for b in blocks["transformation-fund"]])
        # The comparator again, in the same run: exactly zero, every cell; place-first differs somewhere.
        for row in blocks["transformation-fund"]:
            self.assertEqual(row[5], row[6], row)
            self.assertEqual(row[7:10], ["0", "0", "0"], row)  # the unpaired interval is not zero: replications differ
        self.assertTrue(any(float(row[7]) != 0 for row in blocks["place-first"]))
        # The headline names every scenario and the five measures, and is what was printed.
        headline = read(os.path.join(out, "headline.txt")).decode()
        self.assertTrue(r.stdout.startswith(headline))
        self.assertIn("Differences from transformation-fund", headline)
        for text in ("place-first", "emergency_admissions", "ae_attendances", "ae_attendances_avoidable",
                     "delayed_transfer_days", "residential_admissions", "MSE", "Thurrock", "2021"):
            self.assertIn(text, headline)
        self.assertIn("vs transformation-fund: 2 replications each", r.stdout)
        # The manifest lists the comparator and the scenarios in order, with their digests.
        manifest = json.loads(read(os.path.join(out, "manifest.json")))
        self.assertEqual(manifest["comparator"], "transformation-fund")
        self.assertEqual([s["name"] for s in manifest["scenarios"]], ["place-first", "transformation-fund"])
        self.assertEqual([s["file"] for s in manifest["scenarios"]], [place, fund])
        self.assertEqual(manifest["scenarios"][1]["digest_sha256"], manifest["comparator_digest_sha256"])
        self.assertNotIn("scenario", manifest)  # the one-scenario keys would name only one of them
        self.assertIn("population scale 0.01", manifest["scale_warning"])
        # A scenario given twice, or two files of one name, is refused before anything runs.
        r = icsim("compare", fund, place, place, *tiny, "--out", os.path.join(self.dir, "twice"))
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr, "icsim: %s is given twice; compare needs each scenario once\n" % place)
        again = self.write("again.json", '{"schema_version": 1, "extends": "%s"}' % os.path.abspath(place))
        r = icsim("compare", fund, place, again, *tiny, "--out", os.path.join(self.dir, "twice"))
        self.assertEqual(r.returncode, 2)
        self.assertIn('%s is scenario "place-first" again (as %s)' % (again, place), r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "twice")))

    def test_scaled_runs_warn_on_stderr_and_in_the_manifest(self):
        warning = SCALE_WARNING
        for args in (["run"], ["run", "--replications", "2"]):
            out = os.path.join(self.dir, "-".join(args))
            r = icsim(*args, BASELINE, "--scale", "0.01", "--years", "1", "--out", out, "--quiet")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stderr, warning, args)
            self.assertEqual(json.loads(read(os.path.join(out, "manifest.json")))["scale_warning"], warning[16:-1])
        # The scenario's own population.scale warns too.
        scaled = self.what_if('"population": {"scale": 0.01}')
        r = icsim("run", scaled, "--years", "1", "--out", os.path.join(self.dir, "scaled"), "--quiet")
        self.assertEqual(r.stderr, warning)
        # calibrate warns among its progress lines and in its report.
        report = os.path.join(self.dir, "calibration.md")
        r = icsim("calibrate", BASELINE, "--replications", "2", "--scale", "0.01", "--out", report)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr.splitlines()[0], warning[:-1])
        self.assertIn("**Warning:** " + warning[16:-1] + ".", read(report).decode())
        # At scale 1: no warning, and no scale_warning in the manifest.
        out = os.path.join(self.dir, "full")
        r = icsim("run", BASELINE, "--years", "1", "--out", out, "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        self.assertNotIn("scale_warning", json.loads(read(os.path.join(out, "manifest.json"))))
        db = sqlite3.connect(os.path.join(out, "results.sqlite"))
        self.assertEqual(db.execute("select count(*) from manifest where key='scale_warning'").fetchone()[0], 0)

    def test_every_shipped_scenario_runs_and_programmes_report_their_accounts_and_decisions(self):
        shipped = ("transformation-fund", "locality-first", "place-first", "system-first", "frailty-shift",
                   "discharge-to-assess", "care-home-outreach", "need-based-allocation", "home-care-capacity-up",
                   "home-care-capacity-down", "flu-winter", "end-of-life-care")
        without_programmes = ("home-care-capacity-up", "home-care-capacity-down", "flu-winter")
        # Every what-if in scenarios/ is here (the world and the baseline run in other tests).
        files = sorted(f[:-5] for f in os.listdir(os.path.join(SOURCE, "scenarios"))
                       if f.endswith(".json") and not f.endswith(".schema.json"))
        self.assertEqual(sorted(shipped + ("mse-baseline", "mse-world")), files)
        for name in shipped:
            out = os.path.join(self.dir, name)
            r = icsim("run", os.path.join(SOURCE, "scenarios", name + ".json"), "--scale", "0.02", "--years", "2", "--out", out,
                      "--quiet")
            self.assertEqual(r.returncode, 0, name + ": " + r.stderr)
            programmes = read(os.path.join(out, "programmes.csv")).decode().splitlines()
            self.assertTrue(programmes[0].startswith("year,programme,level,unit,allocated_gbp,spent_gbp,carried_forward_gbp"))
            self.assertEqual(len(programmes) > 1, name not in without_programmes, name)
        decisions = read(os.path.join(self.dir, "transformation-fund", "decisions.csv")).decode().splitlines()
        self.assertTrue(decisions[0].startswith("proposed,decided,effective,level,body,from_programme,to_programme"))
        self.assertGreater(len(decisions), 1)
        # Parameter uncertainty: recorded in the manifest; the replications differ from those without it.
        runs = {}
        for flag in ([], ["--parameter-uncertainty"]):
            out = os.path.join(self.dir, "reps" + "".join(flag))
            r = icsim("run", os.path.join(SOURCE, "scenarios", "care-home-outreach.json"), "--replications", "2", "--scale", "0.02",
                      "--years", "2", "--out", out, "--quiet", *flag)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(json.loads(read(os.path.join(out, "manifest.json")))["parameter_uncertainty"], bool(flag))
            runs[bool(flag)] = read(os.path.join(out, "summary.csv"))
        self.assertNotEqual(runs[False], runs[True])

    def test_no_progress_bar_when_not_a_terminal(self):
        out = os.path.join(self.dir, "run")
        r = icsim("run", BASELINE, "--scale", "0.01", "--years", "1", "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, SCALE_WARNING)  # stderr is a pipe here: no progress bar, only the warning
        self.assertIn("results: " + out, r.stdout)
        self.assertIn("Thurrock", r.stdout)  # the headline table

    def test_validate_reports_each_file(self):
        bad = self.what_if('"run": {"years": 0}')
        r = icsim("validate", BASELINE, bad)
        self.assertEqual(r.returncode, 2)
        self.assertIn(BASELINE + ": ok", r.stdout)
        self.assertIn(bad + ":/run/years: out of range", r.stderr)

    def test_describe_and_dot(self):
        r = icsim("describe", BASELINE)
        self.assertEqual(r.returncode, 0, r.stderr)
        for text in ("Thurrock", "Mid Essex", "Broomfield Hospital", "Essex County Council", "85+"):
            self.assertIn(text, r.stdout)
        dot = icsim("describe", BASELINE, "--dot")
        self.assertEqual(dot.returncode, 0)
        self.assertTrue(dot.stdout.startswith("digraph"))

    def test_describe_age_bands_hold_every_resident(self):
        # The plan is in 5-year bands: the infants' and 1-4 columns are one 0-4 column, and each
        # Place's bands add up to its residents.
        r = icsim("describe", BASELINE)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        places = {}
        for line in lines[lines.index("Places") + 1:]:
            if not line.strip():
                break
            name, rest = line[:26].strip(), line[26:].split()
            places[name] = int(rest[0])
        header = lines.index(next(l for l in lines if l.startswith("Residents by Place and age band"))) + 1
        self.assertEqual(lines[header].split()[:2], ["0-4", "5-14"])
        for line in lines[header + 1:header + 1 + len(places)]:
            name, values = line[:26].strip(), [int(v) for v in line[26:].split()]
            self.assertGreater(values[0], 0, line)
            self.assertEqual(sum(values), places[name], line)

    def test_calibrate_checks_where_its_report_goes_before_running(self):
        report = os.path.join(self.dir, "absent", "calibration.md")
        r = icsim("calibrate", BASELINE, "--replications", "2", "--scale", "0.01", "--out", report)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn(os.path.join(self.dir, "absent"), r.stderr)
        self.assertNotIn("replication 1/2 done", r.stderr)
        self.assertEqual(os.listdir(self.dir), [])

    def test_validate_checks_every_file_after_a_number_overflow(self):
        bad = self.write("overflow.json", '{"schema_version": 1, "run": {"years": 1e400}}')
        r = icsim("validate", bad, BASELINE)
        self.assertEqual(r.returncode, 2)
        self.assertIn(bad + ": number out of range (line 1, column ", r.stderr)
        self.assertIn(BASELINE + ": ok", r.stdout)

    def test_measures_documentation_matches_a_run(self):
        out = os.path.join(self.dir, "run")
        r = icsim("run", BASELINE, "--scale", "0.01", "--years", "1", "--out", out, "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        measures, groups, areas, breakdown = set(), set(), set(), set()
        rows = 0
        with open(os.path.join(out, "measures.csv")) as f:
            next(f)
            for line in f:
                period, level, area, group, measure, value = line.rstrip("\n").split(",")
                measures.add(measure)
                groups.add(group)
                areas.add((level, area))
                rows += 1
                if group.startswith(("pathway_", "reason_", "responsible_")):
                    breakdown.add(group)
        doc = read(os.path.join(SOURCE, "docs", "measures.md")).decode()
        import re
        m = re.search(r"(\d+) periods × (\d+) areas × (\d+) groups × (\d+)\s+measures, plus (\d+) × (\d+) × (\d+) breakdown "
                      r"rows: ([\d,]+) rows", doc)
        self.assertIsNotNone(m, "docs/measures.md states the size of the baseline's measures.csv")
        periods, n_areas, n_groups, n_measures, p2, a2, n_breakdown, total = m.groups()
        self.assertEqual(int(n_measures), len(measures))
        self.assertEqual(int(n_groups), len(groups) - len(breakdown))
        self.assertEqual(int(n_breakdown), len(breakdown))
        self.assertEqual(int(n_areas), len(areas))
        self.assertEqual(int(periods), 130)  # 10 years of 12 months, and the 10 years
        self.assertEqual(int(total.replace(",", "")),
                         int(periods) * int(n_areas) * (int(n_groups) * int(n_measures) + int(n_breakdown)))
        self.assertEqual(rows, 13 * len(areas) * ((len(groups) - len(breakdown)) * len(measures) + len(breakdown)))
        self.assertIn("rows of %d\nvalues" % len(measures), doc)
        # Every measure is defined: by name, or as prefix_<kind> with its kinds listed.
        named = set(re.findall(r"`([a-z0-9_]+)`", doc))
        prefixes = set(re.findall(r"`([a-z0-9]+(?:_[a-z0-9]+)*)_<[a-z]+>`", doc))
        for measure in sorted(measures):
            defined = measure in named or any(measure.startswith(p + "_") and measure[len(p) + 1:] in named for p in prefixes)
            self.assertTrue(defined, "docs/measures.md does not define " + measure)

    def test_params_markdown_and_schema(self):
        md = icsim("params", "--markdown")
        self.assertEqual(md.returncode, 0)
        self.assertIn("| `demography.mortality_multiplier` |", md.stdout)
        schema = json.loads(icsim("params", "--json-schema").stdout)
        self.assertEqual(schema["properties"]["run"]["properties"]["years"]["maximum"], 100)
        self.assertIn("source:", icsim("params").stdout)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
