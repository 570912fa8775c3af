#!/usr/bin/env python3
"""The golden output fingerprint: the SHA-256 of every result file of one small fixed run, on 1
and 4 threads, against tests/fingerprint.txt. Any change to what the model computes changes it;
a change meant to alter results updates the file with tools/update-fingerprint and says so in
its commit message.

  fingerprint_test.py ICSIM SOURCE_DIR [--update]
"""
import hashlib
import os
import subprocess
import sys
import tempfile

ICSIM, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
UPDATE = "--update" in sys.argv[3:]
GOLDEN = os.path.join(SOURCE, "tests", "fingerprint.txt")
# The transformation fund, so that programmes.csv and decisions.csv have rows; three years of a
# twentieth of the population, so every submodel and the hospital flow are reached in seconds.
SCENARIO = os.path.join(SOURCE, "scenarios", "transformation-fund.json")
RUN = ["--scale", "0.05", "--years", "3", "--seed", "20210101", "--quiet"]
FILES = ["measures.csv", "occupancy.csv", "programmes.csv", "decisions.csv"]


def fingerprint(threads):
    with tempfile.TemporaryDirectory(prefix="icsim-fingerprint-") as work:
        out = os.path.join(work, "run")
        r = subprocess.run([ICSIM, "run", SCENARIO, *RUN, "--threads", str(threads), "--out", out], capture_output=True,
                           text=True, timeout=600)
        if r.returncode != 0:
            sys.exit("icsim run failed (exit %d): %s" % (r.returncode, r.stderr))
        lines = []
        for name in FILES:
            with open(os.path.join(out, name), "rb") as f:
                lines.append("%s  %s" % (hashlib.sha256(f.read()).hexdigest(), name))
        return "\n".join(lines) + "\n"


def main():
    one, four = fingerprint(1), fingerprint(4)
    if one != four:
        print("results differ between 1 and 4 threads:\n1 thread:\n%s4 threads:\n%s" % (one, four))
        print("0 passed, 1 failed")
        return 1
    header = ("# SHA-256 of the result files of: icsim run scenarios/transformation-fund.json %s --threads 1 (and 4)\n"
              "# Update with tools/update-fingerprint only when a change is meant to alter results.\n" % " ".join(RUN))
    if UPDATE:
        with open(GOLDEN, "w") as f:
            f.write(header + one)
    with open(GOLDEN) as f:
        golden = "".join(l for l in f if not l.startswith("#"))
    if one != golden:
        print("the results changed (tests/fingerprint.txt):\nexpected:\n%sgot:\n%s" % (golden, one))
        print("If the change is meant to alter results, run tools/update-fingerprint and say so in the commit.")
        print("0 passed, 1 failed")
        return 1
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
