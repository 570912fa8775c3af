#!/usr/bin/env python3
"""Golden error messages: each folder under tests/errors/ is one class of bad input.

A case folder holds its input files, `args` (the icsim arguments, one per line) and
`expected` (the exit code on the first line, `exit N`, then standard error exactly). Each case
runs in a fresh folder holding a copy of scenarios/ (so a case can extend
scenarios/mse-baseline.json) and its own files; it must print exactly what is expected, print
nothing on standard output, and write nothing. Cases whose first argument is `validate` are run
again as `run ... --out out`, which must fail the same way.

  error_corpus_test.py ICSIM SOURCE_DIR [--update]   (--update rewrites every `expected`)
"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

ICSIM, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
UPDATE = "--update" in sys.argv[3:]
CORPUS = os.path.join(SOURCE, "tests", "errors")


def snapshot(root):
    """Every file and folder under root, with each file's digest."""
    seen = {}
    for folder, dirs, files in os.walk(root):
        for d in dirs:
            seen[os.path.relpath(os.path.join(folder, d), root)] = "folder"
        for f in files:
            path = os.path.join(folder, f)
            if os.path.islink(path) or not os.path.isfile(path):
                seen[os.path.relpath(path, root)] = "special"
                continue
            with open(path, "rb") as handle:
                seen[os.path.relpath(path, root)] = hashlib.sha256(handle.read()).hexdigest()
    return seen


def run_case(name):
    case = os.path.join(CORPUS, name)
    with open(os.path.join(case, "args")) as f:
        args = [line.rstrip("\n") for line in f if line.strip()]
    with tempfile.TemporaryDirectory(prefix="icsim-errors-") as work:
        shutil.copytree(os.path.join(SOURCE, "scenarios"), os.path.join(work, "scenarios"),
                        ignore=shutil.ignore_patterns("*.cpp", "*.hpp", "CMakeLists.txt"))
        for entry in os.listdir(case):
            if entry not in ("args", "expected"):
                src = os.path.join(case, entry)
                (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, os.path.join(work, entry))
        before = snapshot(work)
        result = subprocess.run([ICSIM, *args], cwd=work, capture_output=True, timeout=120)
        got = "exit %d\n%s" % (result.returncode, result.stderr.decode("utf-8", "backslashreplace"))
        problems = []
        if result.stdout:
            problems.append("printed on standard output: %r" % result.stdout[:200])
        if args[0] == "validate":
            again = subprocess.run([ICSIM, "run", *args[1:], "--out", "out", "--quiet"], cwd=work, capture_output=True,
                                   timeout=120)
            if (again.returncode, again.stderr) != (result.returncode, result.stderr):
                problems.append("`run` differs from `validate`: exit %d\n%s" % (again.returncode, again.stderr.decode()))
        if snapshot(work) != before:
            problems.append("files were written or changed: %s" % sorted(set(snapshot(work).items()) ^ set(before.items())))
        expected_path = os.path.join(case, "expected")
        if UPDATE:
            with open(expected_path, "w") as f:
                f.write(got)
        with open(expected_path) as f:
            expected = f.read()
        if got != expected:
            problems.append("expected:\n%s\ngot:\n%s" % (expected, got))
        if not got.startswith("exit 2\n"):
            problems.append("bad input must exit 2")
        return problems


def main():
    names = sorted(n for n in os.listdir(CORPUS) if os.path.isdir(os.path.join(CORPUS, n)))
    failed = 0
    for name in names:
        problems = run_case(name)
        if problems:
            failed += 1
            print("FAIL %s\n  %s" % (name, "\n  ".join("\n  ".join(p.splitlines()) for p in problems)))
        else:
            print("ok   %s" % name)
    print("%d passed, %d failed" % (len(names) - failed, failed))
    return 1 if failed or not names else 0


if __name__ == "__main__":
    sys.exit(main())
