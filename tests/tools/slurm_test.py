#!/usr/bin/env python3
"""A sweep as a Slurm job array, on a real single-node Slurm started and stopped by this test:
munged with its own key and socket, slurmctld and slurmd with a throwaway slurm.conf (ports
picked free, state and logs in a temporary folder, no cgroups or accounting), all as the user
running the test. Nothing outside the temporary folder is touched.

- `icsim sweep --slurm --tasks 3` writes the array script; `sbatch --wait` runs it through
  Slurm; the tasks' shards are left in DIR/tasks/ and `icsim sweep collect` merges them.
- The export is the same bytes as one process's sweep, every run is done once, and the runs
  record the three array tasks as their ranks.
- A task run again (a requeued or retried array task) finds its share done and adds nothing.

  slurm_test.py ICSIM SOURCE_DIR

Runs on any machine with Debian's slurm-wlm and munge (tools/install-deps installs them).
"""
import getpass
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

ICSIM, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
DAEMONS = ("munged", "slurmctld", "slurmd")


def free_ports(n):
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def find(program):
    for folder in (os.environ.get("PATH", "").split(os.pathsep) + ["/usr/sbin", "/sbin"]):
        path = os.path.join(folder, program)
        if os.access(path, os.X_OK):
            return path
    raise AssertionError(f"{program} is not installed (tools/install-deps installs slurm-wlm and munge)")


class SingleNodeSlurm:
    """munged, slurmctld and slurmd in `folder`; `env` points Slurm's commands at them."""

    def __init__(self, folder):
        self.folder = folder
        os.makedirs(folder, mode=0o755)  # munged requires its socket's folder to be reachable by all
        self.node = "icsimnode"
        self.env = dict(os.environ, SLURM_CONF=os.path.join(folder, "slurm.conf"))
        self.socket = os.path.join(folder, "munge.socket")

    def path(self, name):
        return os.path.join(self.folder, name)

    def start(self):
        key = self.path("munge.key")
        subprocess.run([find("mungekey"), "--create", "--keyfile", key], check=True)
        os.chmod(key, 0o600)
        subprocess.run([find("munged"), "--force", f"--key-file={key}", f"--socket={self.socket}",
                        f"--pid-file={self.path('munged.pid')}", f"--log-file={self.path('munged.log')}",
                        f"--seed-file={self.path('munged.seed')}"], check=True)
        self.write_conf()
        subprocess.run([find("slurmctld"), "-f", self.env["SLURM_CONF"]], check=True, env=self.env)
        subprocess.run([find("slurmd"), "-f", self.env["SLURM_CONF"], "-N", self.node], check=True, env=self.env)
        deadline = time.time() + 60
        while time.time() < deadline:
            r = subprocess.run(["sinfo", "--noheader", "--Node", "--format=%T"], capture_output=True, text=True, env=self.env)
            if r.returncode == 0 and r.stdout.strip() == "idle":
                return
            time.sleep(0.5)
        raise AssertionError("the node did not come up idle:\n" + self.logs())

    def write_conf(self):
        ctld_port, d_port = free_ports(2)
        user = getpass.getuser()
        for sub in ("state", "spool"):
            os.makedirs(self.path(sub), exist_ok=True)
        lines = [
            "ClusterName=icsimtest", "SlurmctldHost=localhost(127.0.0.1)", f"SlurmUser={user}", f"SlurmdUser={user}",
            "AuthType=auth/munge", f"AuthInfo=socket={self.socket}", "CredType=cred/munge",
            f"SlurmctldPort={ctld_port}", f"SlurmdPort={d_port}",
            f"StateSaveLocation={self.path('state')}", f"SlurmdSpoolDir={self.path('spool')}",
            f"SlurmctldPidFile={self.path('slurmctld.pid')}", f"SlurmdPidFile={self.path('slurmd.pid')}",
            f"SlurmctldLogFile={self.path('slurmctld.log')}", f"SlurmdLogFile={self.path('slurmd.log')}",
            # No cgroups, accounting or MPI plugins: what a container or a laptop can run.
            "ProctrackType=proctrack/linuxproc", "TaskPlugin=task/none", "JobAcctGatherType=jobacct_gather/none",
            "AccountingStorageType=accounting_storage/none", "MpiDefault=none",
            "SchedulerType=sched/builtin", "SelectType=select/cons_tres", "SelectTypeParameters=CR_CPU",
            "ReturnToService=2", "SlurmdTimeout=60",
            f"NodeName={self.node} NodeAddr=127.0.0.1 CPUs={os.cpu_count()} State=UNKNOWN",
            f"PartitionName=test Nodes={self.node} Default=YES MaxTime=INFINITE State=UP",
        ]
        with open(self.env["SLURM_CONF"], "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")

    def stop(self):
        subprocess.run(["scontrol", "shutdown"], capture_output=True, env=self.env)
        for daemon in ("slurmctld", "slurmd", "munged"):
            pid_file = self.path(f"{daemon}.pid")
            deadline = time.time() + 20
            while os.path.exists(pid_file) and time.time() < deadline:
                try:
                    with open(pid_file, encoding="utf-8") as f:
                        os.kill(int(f.read().strip() or 0), 15)
                except (ProcessLookupError, ValueError):
                    break
                time.sleep(0.2)

    def logs(self):
        text = ""
        for daemon in DAEMONS:
            log = self.path(f"{daemon}.log")
            if os.path.exists(log):
                with open(log, encoding="utf-8", errors="replace") as f:
                    text += f"--- {daemon}.log\n" + "".join(f.readlines()[-20:])
        return text


def icsim(*args):
    return subprocess.run([ICSIM, *args], capture_output=True, text=True, timeout=900)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class SlurmTest(unittest.TestCase):
    def setUp(self):
        for program in ("sbatch", "sinfo", "scontrol"):
            find(program)
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        with open(os.path.join(self.dir, "small.json"), "w", encoding="utf-8") as f:
            json.dump({"schema_version": 1, "extends": os.path.join(SOURCE, "scenarios", "mse-baseline.json"), "name": "small",
                       "population": {"scale": 0.01}}, f)
        self.sweep = os.path.join(self.dir, "sweep.json")
        with open(self.sweep, "w", encoding="utf-8") as f:
            json.dump({"schema_version": 1, "name": "small-lhs", "scenarios": ["small.json"],
                       "parameters": [{"path": "flow.discharge.team.interface_days", "min": 0.25, "max": 2}],
                       "design": {"kind": "latin_hypercube", "samples": 5}, "replications": 2, "years": 2,
                       "keep": {"measures": ["emergency_admissions", "delayed_transfer_days"]}}, f)
        self.slurm = SingleNodeSlurm(os.path.join(self.dir, "slurm"))
        self.addCleanup(self.tmp.cleanup)
        self.addCleanup(self.slurm.stop)
        self.slurm.start()

    def test_a_job_array_runs_the_sweep_and_collect_gives_one_process_bytes(self):
        single = os.path.join(self.dir, "single")
        r = icsim("sweep", self.sweep, "--out", single, "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(icsim("sweep", "export", single).returncode, 0)

        out = os.path.join(self.dir, "array")
        r = icsim("sweep", self.sweep, "--out", out, "--slurm", "--tasks", "3", "--threads", "1")
        self.assertEqual(r.returncode, 0, r.stderr)
        script = os.path.join(out, "sweep.sbatch")
        self.assertIn(f"sbatch {script}", r.stdout)
        r = subprocess.run(["sbatch", "--wait", script], capture_output=True, text=True, env=self.slurm.env, timeout=900)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr + self.slurm.logs())
        shards = sorted(f for f in os.listdir(os.path.join(out, "tasks")) if f.endswith(".sqlite"))
        self.assertEqual(shards, ["task-0.sqlite", "task-1.sqlite", "task-2.sqlite"])

        r = icsim("sweep", "collect", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(icsim("sweep", "export", out).returncode, 0)
        self.assertEqual(read(os.path.join(out, "results.csv")), read(os.path.join(single, "results.csv")))
        self.assertEqual(read(os.path.join(out, "points.csv")), read(os.path.join(single, "points.csv")))
        db = sqlite3.connect(os.path.join(out, "sweep.sqlite"))
        self.assertEqual(db.execute("SELECT status, COUNT(*) FROM runs GROUP BY status").fetchall(), [("done", 10)])
        self.assertEqual([r for (r,) in db.execute("SELECT DISTINCT rank FROM runs ORDER BY rank")], [0, 1, 2])
        db.close()

        # A retried task (Slurm requeues tasks on a lost node) finds its share done.
        r = subprocess.run(["bash", script], capture_output=True, text=True, timeout=900,
                           env=dict(self.slurm.env, SLURM_ARRAY_TASK_ID="1"))
        self.assertEqual(r.returncode, 0, r.stderr)
        r = icsim("sweep", "collect", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(icsim("sweep", "export", out).returncode, 0)
        self.assertEqual(read(os.path.join(out, "results.csv")), read(os.path.join(single, "results.csv")))


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
