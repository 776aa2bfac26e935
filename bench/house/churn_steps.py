"""Builds of Sluice side by side on churn's training pipeline (bench/ml/pipelines/train.yaml, --no-cache, 2 workers):
each build runs its own CLI from its own folder with a fresh SLUICE_HOME, the builds alternating within each round;
round 0 warms up (the launcher's class-data caches) and is not counted. Prints each run, then medians and ranges of
the whole run and each step's duration_ms, and the 1-minute load average at each run's start.

    python3 bench/house/churn_steps.py --data FOLDER --rounds 5 NAME=DIR [NAME=DIR ...]

DIR is a checkout (or a copy of its `sluice` launcher, `bin/`, `bench/ml/pipelines/train.yaml` and
`sluice-cli/target/` with sluice.jar and the DuckDB library beside it) with its CLI jar built; FOLDER holds
train.csv and test.csv as `bench/ml/compare.py --prepare-only --only churn` writes them. Results: bench/house/RESULTS.md.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile

STEPS = ["whole", "load_train", "load_test", "gbdt", "logistic", "evaluate"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("sides", nargs="+", help="NAME=DIR")
    a = ap.parse_args()
    sides = dict(s.split("=", 1) for s in a.sides)
    runs = {s: [] for s in sides}
    loads = []
    env = dict(os.environ)
    for r in range(a.rounds + 1):
        for name, tree in sides.items():
            home = tempfile.mkdtemp(prefix="sluice-home-")
            load = os.getloadavg()[0]
            try:
                out = subprocess.run(["./sluice", "run", "bench/ml/pipelines/train.yaml", "--json", "--no-cache",
                                      "--workers", "2", "-p", f"train={a.data}/train.csv", "-p", f"test={a.data}/test.csv",
                                      "-p", "target=Churn", "-p", "tol=1.7e-8"],
                                     cwd=tree, env=dict(env, SLUICE_HOME=home), capture_output=True, text=True)
            finally:
                shutil.rmtree(home, ignore_errors=True)
            j = json.loads(out.stdout)
            if j["status"] != "succeeded":
                raise SystemExit(f"{name}: run {j['status']}:\n{out.stderr[-2000:]}")
            row = {"whole": j["duration_ms"], **{st["name"]: st["duration_ms"] for st in j["steps"]}}
            print(r, name, f"load={load:.1f}", row, flush=True)
            if r:
                runs[name].append(row)
                loads.append(load)
    print(f"load (1 min) median {statistics.median(loads):.1f} ({min(loads):.1f}-{max(loads):.1f})")
    print("| run / step | " + " | ".join(sides) + " |")
    for k in STEPS:
        cells = []
        for s in sides:
            v = [x[k] / 1000 for x in runs[s]]
            cells.append(f"{statistics.median(v):.3f} ({min(v):.2f}-{max(v):.2f})")
        print(f"| {k} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
