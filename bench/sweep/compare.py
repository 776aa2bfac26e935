#!/usr/bin/python3
"""A 30-trial TPE sweep of xgboost against a 30-trial random sweep and the 3-point grid of examples/churn.

  bench/sweep/compare.py [--seeds 7,8,9] [--trials 30] [--work DIR] [--json FILE]

Each search runs in a fresh workspace (nothing cached) on the churn data of examples/churn, split as there
(stratified, 20 % test, seed 7). The sweeps search eta, max_depth, subsample and min_child_weight, two trials at a
time, rated by xgboost's validation log loss (best_logloss, on a slice of the training rows); evaluate then scores
every model on the held-out test set. Reported per search: the test AUC of the trial the objective picks, the best
test AUC of any trial, and the run's wall time.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "churn" / "data" / "Telco-Customer-Churn.csv"

HEAD = """pipeline: bench-{name}
steps:
  load:
    uses: csv
    with: {{path: {data}, nulls: ["", " "], on_error: quarantine}}
  columns:
    uses: sql
    inputs: {{tables: load.data}}
    with: {{query: "SELECT * EXCLUDE (customerID) FROM data"}}
  split:
    uses: split
    inputs: {{data: columns.data}}
    with: {{test: 0.2, method: stratified, stratify: Churn, seed: 7}}
  gbdt:
    uses: xgboost
    inputs: {{train: split.train}}
"""
SWEEP = """    with: {{target: Churn, rounds: 300}}
    sweep:
      method: {method}
      trials: {trials}
      seed: {seed}
      parallel: 2
      objective: {{metric: best_logloss, goal: minimize}}
      params:
        eta: {{loguniform: [0.02, 0.3]}}
        max_depth: {{int: [2, 8]}}
        subsample: {{uniform: [0.6, 1.0]}}
        min_child_weight: {{choice: [1, 5, 10]}}
"""
GRID = """    with: {target: Churn, max_depth: 4, rounds: 300}
    matrix:
      eta: [0.03, 0.1, 0.3]
"""
TAIL = """  evaluate:
    uses: evaluate
    inputs: {models: "gbdt[*].model", test: split.test}
    with: {metric: auc}
"""


def run(name, text, work):
    folder = work / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "p.yaml").write_text(text)
    env = dict(os.environ, SLUICE_HOME=str(folder / "home"))
    start = time.monotonic()
    out = subprocess.run([str(ROOT / "sluice"), "run", str(folder / "p.yaml"), "--json"], env=env,
                         capture_output=True, text=True)
    wall = time.monotonic() - start
    if out.returncode != 0:
        sys.exit(f"{name} failed ({out.returncode}): {out.stderr[-2000:]}")
    report = json.loads(out.stdout)
    auc = {c["name"]: c["metrics"]["auc"] for c in report["evaluations"][0]["candidates"]}
    picked = report["sweeps"][0]["best"]["name"] if report["sweeps"] else None
    return {"search": name, "wall_s": round(wall, 1), "best_test_auc": max(auc.values()),
            "picked": picked, "picked_test_auc": auc[picked] if picked else None, "models": len(auc)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", default="7", help="sweep seeds, comma-separated (default 7)")
    ap.add_argument("--trials", type=int, default=30)
    ap.add_argument("--work", type=Path, default=None, help="folder for the workspaces (default: a temporary one)")
    ap.add_argument("--json", type=Path, default=None, help="also write the rows as JSON here")
    args = ap.parse_args()
    subprocess.run([str(ROOT / "sluice"), "--version"], check=True, capture_output=True)  # builds the jar untimed
    work = args.work or Path(tempfile.mkdtemp(prefix="sluice-sweep-bench-"))
    head = lambda name: HEAD.format(name=name, data=json.dumps(str(DATA)))
    rows = [run("grid3", head("grid3") + GRID + TAIL, work)]
    for seed in [int(s) for s in args.seeds.split(",")]:
        for method in ("tpe", "random"):
            name = f"{method}{args.trials}-seed{seed}"
            rows.append(run(name, head(name) + SWEEP.format(method=method, trials=args.trials, seed=seed) + TAIL, work))
            rows[-1]["seed"] = seed
    print("| search | seed | models | test AUC of the objective's pick | best test AUC | wall time |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        picked = f"{r['picked_test_auc']:.4f}" if r["picked_test_auc"] is not None else "-"
        print(f"| {r['search'].split('-')[0]} | {r.get('seed', '-')} | {r['models']} | {picked} | "
              f"{r['best_test_auc']:.4f} | {r['wall_s']:.1f} s |")
    for method in ("tpe", "random"):
        sel = [r for r in rows if r["search"].startswith(method)]
        if len(sel) > 1:
            print(f"{method}: mean picked {statistics.mean(r['picked_test_auc'] for r in sel):.4f}, mean best "
                  f"{statistics.mean(r['best_test_auc'] for r in sel):.4f}, mean wall {statistics.mean(r['wall_s'] for r in sel):.1f} s")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
