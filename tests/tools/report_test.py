#!/usr/bin/env python3
"""`icsim report` as a board secretary meets it: a real comparison (population scale 0.05, two
years, three replications), its attribution by lever (`icsim attribute`), its report, and the
page opened in a real browser (headless Chromium driven by Selenium through Debian's
chromedriver) with the network switched off.

- The page loads with no console error, its body says every chart was drawn, and every chart's
  SVG has marks.
- The summary's numbers, as data and as the text a reader sees, are comparison.csv's.
- The PDF is A4 with the pages expected (pdfinfo); each figure has its SVG, PNG and CSV.
- A folder that is not a comparison's gets every problem at once, exit 2, and no report folder;
  --html-only needs no browser; a report is replaced whole.
- A screenshot of the whole page is kept in ARTEFACTS/report.png.
- Attribution: the levers' contributions add up to the whole difference; a lever with no effect
  (a programme's caseload while it has no budget) gets exactly zero; the coalition of every lever
  reproduces the what-if's run byte for byte; a changed scenario or a folder that is not a
  comparison's is refused with exit 2.

  report_test.py ICSIM SOURCE_DIR ARTEFACTS
"""
import csv
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

ICSIM, SOURCE, ARTEFACTS = (os.path.abspath(a) for a in sys.argv[1:4])
MINUS = "\u2212"


def icsim(*args):
    return subprocess.run([ICSIM, *args], capture_output=True, text=True, cwd=SOURCE, timeout=900)


def shown(value, decimals=1):
    """A signed number as the report shows it: grouped, + or a true minus."""
    text = f"{abs(value):,.{decimals}f}"
    if float(text.replace(",", "")) == 0:
        return text
    return ("+" if value > 0 else MINUS) + text


def with_page(test, report, screenshot, check):
    """Opens REPORT/index.html offline in headless Chromium: every chart drawn, each with its SVG
    and marks, CHECK(driver), no console error; the whole page kept in ARTEFACTS/SCREENSHOT."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.set_network_conditions(offline=True, latency=0, download_throughput=0, upload_throughput=0)
        driver.get("file://" + os.path.join(report, "index.html"))
        deadline = time.monotonic() + 60
        while driver.find_element(By.TAG_NAME, "body").get_attribute("data-charts") is None:
            test.assertLess(time.monotonic(), deadline, "the charts did not finish")
            time.sleep(0.1)
        test.assertEqual(driver.find_element(By.TAG_NAME, "body").get_attribute("data-charts"), "drawn")
        with open(os.path.join(report, "manifest.json"), encoding="utf-8") as f:
            manifest = json.load(f)
        plots = driver.find_elements(By.CSS_SELECTOR, "div.plot")
        test.assertEqual(sorted(p.get_attribute("id") for p in plots), sorted("chart-" + f for f in manifest["figures"]))
        for plot in plots:
            svgs = plot.find_elements(By.TAG_NAME, "svg")
            test.assertEqual(len(svgs), 1, plot.get_attribute("id"))
            marks = plot.find_elements(By.CSS_SELECTOR,
                                       "g.mark-symbol path, g.mark-line path, g.mark-area path, g.mark-rule line, g.mark-rect path")
            test.assertGreater(len(marks), 3, plot.get_attribute("id"))
        check(driver)
        errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
        test.assertEqual(errors, [], "console errors")
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1280, height)
        os.makedirs(ARTEFACTS, exist_ok=True)
        test.assertTrue(driver.save_screenshot(os.path.join(ARTEFACTS, screenshot)))
    finally:
        driver.quit()


def check_printed(test, report, figures, least_pages):
    """The PDF is A4 with at least LEAST_PAGES pages; each of FIGURES has its SVG, PNG and CSV."""
    info = subprocess.run(["pdfinfo", os.path.join(report, "report.pdf")], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    test.assertTrue(least_pages <= pages <= 18, info)
    test.assertIn("(A4)", info)
    with open(os.path.join(report, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    test.assertEqual(sorted(manifest["figures"]), sorted(figures))
    for figure in manifest["figures"]:
        for ext in ("svg", "png", "csv"):
            test.assertGreater(os.path.getsize(os.path.join(report, "figures", f"{figure}.{ext}")), 100, (figure, ext))
        with open(os.path.join(report, "figures", f"{figure}.png"), "rb") as f:
            test.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        with open(os.path.join(report, "figures", f"{figure}.svg"), encoding="utf-8") as f:
            test.assertIn('xmlns="http://www.w3.org/2000/svg"', f.read(400))
    return pages


class Report(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.comparison = os.path.join(cls.tmp.name, "comparison")
        done = icsim("compare", "scenarios/mse-baseline.json", "scenarios/transformation-fund.json", "--replications", "3",
                     "--scale", "0.05", "--years", "2", "--out", cls.comparison, "--quiet")
        assert done.returncode == 0, done.stderr
        done = icsim("attribute", cls.comparison, "--replications", "2", "--pairs", "2", "--quiet")
        assert done.returncode == 0, done.stderr
        started = time.monotonic()
        done = icsim("report", cls.comparison)
        cls.seconds = time.monotonic() - started
        assert done.returncode == 0, done.stderr
        cls.report = os.path.join(cls.comparison, "report")
        with open(os.path.join(cls.comparison, "comparison.csv"), newline="", encoding="utf-8") as f:
            cls.rows = list(csv.DictReader(f))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_the_page_renders_offline_with_every_chart_and_the_csv_numbers(self):
        with_page(self, self.report, "report.png", self.check_summary)

    def check_summary(self, driver):
        last = max(r["period"] for r in self.rows if re.fullmatch(r"\d{4}", r["period"]))
        system = {r["measure"]: r for r in self.rows if r["level"] == "system" and r["period"] == last}
        cells = driver.find_elements(By.CSS_SELECTOR, "table.summary tr[data-measure]")
        self.assertEqual(len(cells), 8)
        for row in cells:
            self.assertEqual(row.get_attribute("data-period"), last)
            want = system[row.get_attribute("data-measure")]
            for attribute, column in (("data-difference", "difference"), ("data-low", "difference_low"),
                                      ("data-high", "difference_high")):
                self.assertEqual(float(row.get_attribute(attribute)), float(want[column]), (want["measure"], column))
            decimals = 0 if want["measure"].startswith("cost_") else 1
            tds = row.find_elements(By.TAG_NAME, "td")
            self.assertEqual(tds[2].text, shown(float(want["difference"]), decimals))
            self.assertEqual(tds[3].text, f"{shown(float(want['difference_low']), decimals)} to "
                                          f"{shown(float(want['difference_high']), decimals)}")
        # The 4-hour standard: each replication's share, so its difference has an interval.
        share = driver.find_element(By.CSS_SELECTOR, "p[data-measure=ae_share_over_4h]")
        want = system["ae_share_over_4h"]
        for attribute, column in (("data-difference", "difference"), ("data-low", "difference_low"), ("data-high", "difference_high")):
            self.assertEqual(float(share.get_attribute(attribute)), float(want[column]), column)
        self.assertIn(f"{100 * float(want['baseline_mean']):.1f}% of A&E attendances took over four hours", share.text)
        self.assertIn(f"{shown(100 * float(want['difference']), 2)} percentage points", share.text)
        # Calibration: the comparator's runs against its targets, as calibration.csv has them.
        with open(os.path.join(self.comparison, "calibration.csv"), newline="", encoding="utf-8") as f:
            targets = {r["key"]: r["met"] for r in csv.DictReader(f)}
        shown_targets = {r.get_attribute("data-key"): r.get_attribute("data-met")
                         for r in driver.find_elements(By.CSS_SELECTOR, "#calibration tr[data-key]")}
        self.assertEqual(shown_targets, targets)
        self.assertGreater(len(targets), 20)
        # Equity: each quintile's row is comparison.csv's.
        quintiles = {r["area"] for r in self.rows if r["level"] == "deprivation"}
        self.assertEqual(quintiles, {"imd1", "imd2", "imd3", "imd4", "imd5"})

    def test_the_pdf_is_a4_and_each_figure_has_its_files(self):
        pages = check_printed(self, self.report, ["difference-by-year", "fan-by-year", "difference-by-place", "difference-by-pcn",
                                                  "difference-by-deprivation", "occupancy-by-month", "attribution", "programme-spend"], 6)
        print(f"report of a 3-replication comparison: {self.seconds:.1f} s, {pages} pages, "
              f"index.html {os.path.getsize(os.path.join(self.report, 'index.html')) / 1e6:.2f} MB", file=sys.stderr)

    def test_the_transformation_funds_eight_programmes_add_up_to_its_difference(self):
        rows = attribution_rows(self.comparison)
        levers = {r["lever"] for r in rows}
        self.assertEqual(len(levers), 9, levers)  # eight programmes and the total
        self.assertIn("programme virtual_wards", levers)
        check_adds_up(self, rows)
        manifest = json.load(open(os.path.join(self.comparison, "attribution", "manifest.json"), encoding="utf-8"))
        self.assertEqual(manifest["scenarios"][0]["method"], "sampled orderings, antithetic pairs")
        self.assertEqual(manifest["runs"], manifest["scenarios"][0]["coalitions"] * 2)

    def test_a_folder_that_is_not_a_comparisons_gets_every_problem_and_no_report(self):
        with tempfile.TemporaryDirectory() as empty:
            done = icsim("report", empty)
            self.assertEqual(done.returncode, 2, done.stderr)
            self.assertIn("comparison.csv: missing", done.stderr)
            self.assertIn("manifest.json: missing", done.stderr)
            self.assertEqual(os.listdir(empty), [])
            missing = icsim("report", os.path.join(empty, "nowhere"))
            self.assertEqual(missing.returncode, 2)
            self.assertIn("no such folder", missing.stderr)

    def test_html_only_needs_no_browser_and_a_report_is_replaced_whole(self):
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, "comparison")
            os.mkdir(copy)
            for name in ("comparison.csv", "manifest.json"):
                with open(os.path.join(self.comparison, name), "rb") as src, open(os.path.join(copy, name), "wb") as dst:
                    dst.write(src.read())
            env_path = os.environ.get("PATH", "")
            try:
                os.environ["PATH"] = "/nonexistent"
                printed = subprocess.run([ICSIM, "report", copy], capture_output=True, text=True, cwd=SOURCE, timeout=300)
                self.assertEqual(printed.returncode, 2)
                self.assertIn("Chromium", printed.stderr)
                self.assertFalse(os.path.exists(os.path.join(copy, "report")))
                done = subprocess.run([ICSIM, "report", copy, "--html-only"], capture_output=True, text=True, cwd=SOURCE, timeout=300)
            finally:
                os.environ["PATH"] = env_path
            self.assertEqual(done.returncode, 0, done.stderr)
            files = sorted(os.listdir(os.path.join(copy, "report")))
            self.assertEqual(files, ["figures", "index.html", "manifest.json"])
            again = icsim("report", copy)
            self.assertEqual(again.returncode, 0, again.stderr)
            self.assertEqual(sorted(os.listdir(copy)), ["comparison.csv", "manifest.json", "report"])
            self.assertTrue(os.path.exists(os.path.join(copy, "report", "report.pdf")))


class RunReports(unittest.TestCase):
    """The report of one run (results.sqlite, with deprivation quintiles and programmes) and of a
    replications folder (summary.csv, with its fan of percentiles)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.one = os.path.join(cls.tmp.name, "run")
        cls.reps = os.path.join(cls.tmp.name, "replications")
        common = ("scenarios/transformation-fund.json", "--scale", "0.05", "--years", "2", "--quiet")
        for args in (("--out", cls.one), ("--out", cls.reps, "--replications", "3")):
            done = icsim("run", *common, *args)
            assert done.returncode == 0, done.stderr
        for folder in (cls.one, cls.reps):
            done = icsim("report", folder)
            assert done.returncode == 0, done.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def check_values(self, driver, want, decimals):
        rows = driver.find_elements(By.CSS_SELECTOR, "table.summary tr[data-measure]")
        self.assertEqual(len(rows), 8)
        for row in rows:
            measure = row.get_attribute("data-measure")
            self.assertEqual(row.get_attribute("data-period"), "2022")
            self.assertEqual(float(row.get_attribute("data-value")), want[measure], measure)
            places = 0 if measure.startswith("cost_") else decimals
            self.assertEqual(row.find_elements(By.TAG_NAME, "td")[1].text.replace(MINUS, "-"), f"{want[measure]:,.{places}f}")

    def test_a_runs_page_shows_its_database_values_by_deprivation_and_programme(self):
        db = sqlite3.connect(os.path.join(self.one, "results.sqlite"))
        want = dict(db.execute("SELECT measure, value FROM measures WHERE period = '2022' AND level = 'system' AND \"group\" = 'all'"))
        db.close()
        with_page(self, os.path.join(self.one, "report"), "report-run.png", lambda d: self.check_values(d, want, 0))
        check_printed(self, os.path.join(self.one, "report"),
                      ["levels-by-year", "by-place", "by-deprivation", "occupancy-by-month", "programme-spend"], 5)
        with open(os.path.join(self.one, "report", "figures", "by-deprivation.csv"), newline="", encoding="utf-8") as f:
            groups = {r["group"] for r in csv.DictReader(f)}
        self.assertEqual(groups, {"1", "2", "3", "4", "5"})

    def test_a_replications_page_shows_the_summarys_means_and_fan(self):
        with open(os.path.join(self.reps, "summary.csv"), newline="", encoding="utf-8") as f:
            want = {r["measure"]: float(r["mean"]) for r in csv.DictReader(f) if r["period"] == "2022" and r["level"] == "system"}
        with_page(self, os.path.join(self.reps, "report"), "report-replications.png", lambda d: self.check_values(d, want, 1))
        check_printed(self, os.path.join(self.reps, "report"), ["fan-by-year", "by-place", "occupancy-by-month", "programme-spend"], 4)
        with open(os.path.join(self.reps, "report", "figures", "fan-by-year.csv"), newline="", encoding="utf-8") as f:
            fan = list(csv.DictReader(f))
        self.assertTrue(all(float(r["p2_5"]) <= float(r["p25"]) <= float(r["p50"]) <= float(r["p75"]) <= float(r["p97_5"]) for r in fan))


class SweepReport(unittest.TestCase):
    """The report of a sweep (a Latin hypercube of three programme effects, the fund against the
    baseline at population scale 0.01): its ranking equals `icsim sweep analyse`'s, and a sweep
    whose runs are not all done is refused."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        for name, base in (("small", "mse-baseline.json"), ("small-fund", "transformation-fund.json")):
            with open(os.path.join(cls.tmp.name, name + ".json"), "w", encoding="utf-8") as f:
                json.dump({"schema_version": 1, "extends": os.path.join(SOURCE, "scenarios", base), "name": name,
                           "population": {"scale": 0.01}}, f)
        with open(os.path.join(SOURCE, "scenarios", "sweeps", "programme-effects-lhs.json"), encoding="utf-8") as f:
            shipped = json.load(f)
        sweep = {"schema_version": 1, "name": "small-lhs", "description": "Three programme effects over their ranges.",
                 "scenarios": ["small.json", "small-fund.json"], "parameters": shipped["parameters"][:3],
                 "design": {"kind": "latin_hypercube", "samples": 12}, "replications": 2, "years": 2, "seed": 5,
                 "keep": shipped["keep"]}
        cls.file = os.path.join(cls.tmp.name, "sweep.json")
        with open(cls.file, "w", encoding="utf-8") as f:
            json.dump(sweep, f)
        cls.sweep = os.path.join(cls.tmp.name, "sweep")
        for args in (("sweep", cls.file, "--out", cls.sweep, "--quiet"), ("sweep", "analyse", cls.sweep), ("report", cls.sweep)):
            done = icsim(*args)
            assert done.returncode == 0, done.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_the_ranking_is_the_analysis_and_every_chart_renders(self):
        with open(os.path.join(self.sweep, "analysis.csv"), newline="", encoding="utf-8") as f:
            analysis = {(r["measure"], r["parameter"]): float(r["value"]) for r in csv.DictReader(f)
                        if r["output"] == "small-fund - small" and r["level"] == "system" and r["period"] == "2021-2022"
                        and r["statistic"] == "prcc"}

        def check(driver):
            rows = driver.find_elements(By.CSS_SELECTOR, "table.summary tr[data-measure]")
            defined = {key for key, value in analysis.items() if value == value}  # a measure no parameter moves has NaN
            self.assertGreaterEqual(len(defined), 3 * 3)
            self.assertEqual(len(rows), len(defined))
            for row in rows:
                self.assertEqual(row.get_attribute("data-output"), "small-fund - small")
                key = (row.get_attribute("data-measure"), row.get_attribute("data-parameter"))
                self.assertEqual(float(row.get_attribute("data-value")), analysis[key], key)

        with_page(self, os.path.join(self.sweep, "report"), "report-sweep.png", check)
        check_printed(self, os.path.join(self.sweep, "report"), ["sensitivity-ranking", "sweep-scatter"], 3)
        with open(os.path.join(self.sweep, "report", "figures", "sweep-scatter.csv"), newline="", encoding="utf-8") as f:
            points = {r["point"] for r in csv.DictReader(f)}
        self.assertEqual(len(points), 12)

    def test_a_sweep_not_yet_run_is_refused(self):
        pending = os.path.join(self.tmp.name, "pending")
        done = icsim("sweep", self.file, "--out", pending, "--slurm", "--quiet")
        self.assertEqual(done.returncode, 0, done.stderr)
        refused = icsim("report", pending)
        self.assertEqual(refused.returncode, 2, refused.stderr)
        self.assertIn("runs are not done", refused.stderr)
        self.assertFalse(os.path.exists(os.path.join(pending, "report")))


def attribution_rows(folder):
    with open(os.path.join(folder, "attribution", "attribution.csv"), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def check_adds_up(test, rows):
    cells = {}
    for r in rows:
        cells.setdefault((r["scenario"], r["period"], r["measure"]), []).append(r)
    test.assertGreater(len(cells), 0)
    for key, levers in cells.items():
        total = [float(r["contribution"]) for r in levers if r["lever"] == "total"]
        parts = [float(r["contribution"]) for r in levers if r["lever"] != "total"]
        test.assertEqual(len(total), 1, key)
        test.assertAlmostEqual(sum(parts), total[0], delta=1e-9 * max(1.0, abs(total[0])), msg=key)


class Attribution(unittest.TestCase):
    def test_a_lever_without_effect_gets_zero_and_every_lever_reproduces_the_what_if(self):
        with tempfile.TemporaryDirectory() as tmp:
            what_if = os.path.join(tmp, "two-levers.json")
            with open(what_if, "w", encoding="utf-8") as f:
                json.dump({"schema_version": 1, "extends": os.path.join(SOURCE, "scenarios", "mse-baseline.json"), "name": "two-levers",
                           "description": "Virtual wards funded, and a caseload for a programme with no budget.",
                           "programmes": {"library": {"virtual_wards": {"budget_gbp_per_year": 4000000},
                                                      "care_home_enhanced_health": {"caseload_per_staff": 200}}}}, f)
            out = os.path.join(tmp, "comparison")
            done = icsim("compare", "scenarios/mse-baseline.json", what_if, "--replications", "2", "--scale", "0.05",
                         "--years", "2", "--out", out, "--quiet")
            self.assertEqual(done.returncode, 0, done.stderr)
            done = icsim("attribute", out, "--replications", "2", "--quiet")
            self.assertEqual(done.returncode, 0, done.stderr)
            rows = attribution_rows(out)
            check_adds_up(self, rows)
            idle = [r for r in rows if r["lever"] == "programme care_home_enhanced_health"]
            self.assertEqual(len(idle), 16)  # eight measures, two years
            for r in idle:
                self.assertEqual((float(r["contribution"]), float(r["contribution_low"]), float(r["contribution_high"])),
                                 (0.0, 0.0, 0.0), r)
            wards = [r for r in rows if r["lever"] == "programme virtual_wards" and r["measure"] == "emergency_admissions"]
            self.assertTrue(any(float(r["contribution"]) != 0.0 for r in wards))
            manifest = json.load(open(os.path.join(out, "attribution", "manifest.json"), encoding="utf-8"))
            self.assertEqual(manifest["scenarios"][0]["method"], "exact")
            self.assertEqual(manifest["scenarios"][0]["coalitions"], 4)
            # The coalition of both levers is the what-if: the same run, byte for byte.
            seed = str(json.load(open(os.path.join(out, "manifest.json"), encoding="utf-8"))["seed"])
            both = os.path.join(out, "attribution", "coalitions", "two-levers", "two-levers-coalition-3.json")
            a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
            self.assertEqual(icsim("run", both, "--seed", seed, "--out", a, "--quiet").returncode, 0)
            self.assertEqual(icsim("run", what_if, "--seed", seed, "--scale", "0.05", "--years", "2", "--out", b,
                                   "--quiet").returncode, 0)
            with open(os.path.join(a, "measures.csv"), "rb") as fa, open(os.path.join(b, "measures.csv"), "rb") as fb:
                self.assertTrue(fa.read() == fb.read(), "the coalition of every lever differs from the what-if")
            # A scenario changed since the comparison is refused, and nothing is written.
            with open(what_if, "a", encoding="utf-8") as f:
                f.write("\n")
            changed = json.load(open(what_if, encoding="utf-8"))
            changed["programmes"]["library"]["virtual_wards"]["budget_gbp_per_year"] = 5000000
            with open(what_if, "w", encoding="utf-8") as f:
                json.dump(changed, f)
            refused = icsim("attribute", out, "--overwrite")
            self.assertEqual(refused.returncode, 2, refused.stderr)
            self.assertIn("has changed since the comparison", refused.stderr)
            self.assertEqual(attribution_rows(out), rows)

    def test_a_folder_that_is_not_a_comparisons_is_refused(self):
        with tempfile.TemporaryDirectory() as empty:
            done = icsim("attribute", empty)
            self.assertEqual(done.returncode, 2, done.stderr)
            self.assertIn("manifest.json: missing", done.stderr)
            self.assertEqual(os.listdir(empty), [])
            with open(os.path.join(empty, "manifest.json"), "w", encoding="utf-8") as f:
                json.dump({"comparator_file": "scenarios/mse-baseline.json", "scenarios": []}, f)
            old = icsim("attribute", empty)
            self.assertEqual(old.returncode, 2, old.stderr)
            self.assertIn("not the manifest of a comparison by this version", old.stderr)
            self.assertEqual(os.listdir(empty), ["manifest.json"])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
