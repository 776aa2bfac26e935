#!/usr/bin/python3
"""A 30-trial TPE sweep of xgboost against a 30-trial random sweep and the 3-point grid of examples/churn.

  bench/sweep/compare.py [--seeds 7,8,9] [--trials 30] [--work DIR] [--json FILE]
  bench/sweep/compare.py --data flights [--flights-rows 200000] [--median]   the flights data (bench/ml's features)

Each search runs in a fresh workspace (nothing cached) on the churn data of examples/churn, split as there
(stratified, 20 % test, seed 7). The sweeps search eta, max_depth, subsample and min_child_weight, two trials at a
time, rated by xgboost's validation log loss (best_logloss, on a slice of the training rows); evaluate then scores
every model on the held-out test set. Reported per search: the test AUC of the trial the objective picks, the best
test AUC of any trial, and the run's wall time.

With --data flights the searches run on the flights data (/work/shared/data/flights_3m, or SLUICE_DATA) as bench/ml
prepares it (bench/ml/compare.py make_flights: a seeded sample of --flights-rows rows, "delayed more than 15 minutes"
from the scheduled time, the distance and the airports' smoothed delay rate and traffic computed on the training rows,
a seeded 80/20 split); the grid is the same 3 points. --median adds a TPE sweep whose trials are stopped by the median
rule on the validation log loss (early_stop: {median: {metric: logloss, warmup_steps: 10, min_trials: 5}}).
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
FLIGHTS_HEAD = """pipeline: bench-{name}
steps:
  load_train:
    uses: csv
    with: {{path: {train}, nulls: [""]}}
  load_test:
    uses: csv
    with: {{path: {test}, nulls: [""]}}
  gbdt:
    uses: xgboost
    inputs: {{train: load_train.data}}
"""
MEDIAN = """      early_stop: {median: {metric: logloss, warmup_steps: 10, min_trials: 5}}
"""
FLIGHTS_TAIL = """  evaluate:
    uses: evaluate
    inputs: {models: "gbdt[*].model", test: load_test.data}
    with: {metric: auc}
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
    stopped = sum(1 for t in report["sweeps"][0]["trials"] if t["status"].startswith("stopped")) if report["sweeps"] else 0
    return {"search": name, "wall_s": round(wall, 1), "best_test_auc": max(auc.values()),
            "picked": picked, "picked_test_auc": auc[picked] if picked else None, "models": len(auc),
            "stopped": stopped}


def flights(work, rows):
    """The flights train/test files as bench/ml writes them (its make_flights), once per sample size."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("mlbench", ROOT / "bench" / "ml" / "compare.py")
    mlbench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mlbench)
    out = work / f"flights-{rows}"
    if not (out / "meta.json").exists():
        mlbench.make_flights(out, False, rows)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", default="7", help="sweep seeds, comma-separated (default 7)")
    ap.add_argument("--trials", type=int, default=30)
    ap.add_argument("--work", type=Path, default=None, help="folder for the workspaces (default: a temporary one)")
    ap.add_argument("--json", type=Path, default=None, help="also write the rows as JSON here")
    ap.add_argument("--data", choices=("churn", "flights"), default="churn")
    ap.add_argument("--flights-rows", type=int, default=200_000, help="flights rows sampled (default 200,000)")
    ap.add_argument("--median", action="store_true", help="also a TPE sweep with median stopping of its trials")
    args = ap.parse_args()
    subprocess.run([str(ROOT / "sluice"), "--version"], check=True, capture_output=True)  # builds the jar untimed
    work = args.work or Path(tempfile.mkdtemp(prefix="sluice-sweep-bench-"))
    head = lambda name: HEAD.format(name=name, data=json.dumps(str(DATA)))
    tail, grid, sweep = TAIL, GRID, SWEEP
    if args.data == "flights":
        folder = flights(work, args.flights_rows)
        head = lambda name: FLIGHTS_HEAD.format(name=name, train=json.dumps(str(folder / "train.csv")),
                                                test=json.dumps(str(folder / "test.csv")))
        tail = FLIGHTS_TAIL
        grid = GRID.replace("target: Churn", "target: delayed")
        sweep = SWEEP.replace("target: Churn", "target: delayed")
    methods = ("tpe", "random") + (("tpe+median",) if args.median else ())
    rows = [run("grid3", head("grid3") + grid + tail, work)]
    for seed in [int(s) for s in args.seeds.split(",")]:
        for method in methods:
            name = f"{method}{args.trials}-seed{seed}"
            text = sweep.format(method=method.split("+")[0], trials=args.trials, seed=seed)
            if method.endswith("median"):
                text = text.replace("      objective:", MEDIAN + "      objective:")
            rows.append(run(name.replace("+", "-"), head(name.replace("+", "-")) + text + tail, work))
            rows[-1]["search"] = name
            rows[-1]["seed"] = seed
    print("| search | seed | models | trials stopped | test AUC of the objective's pick | best test AUC | wall time |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        picked = f"{r['picked_test_auc']:.4f}" if r["picked_test_auc"] is not None else "-"
        print(f"| {r['search'].split('-')[0]} | {r.get('seed', '-')} | {r['models']} | {r['stopped']} | {picked} | "
              f"{r['best_test_auc']:.4f} | {r['wall_s']:.1f} s |")
    for method in methods:
        sel = [r for r in rows if r["search"].split("-")[0] == f"{method}{args.trials}"]
        if len(sel) > 1:
            print(f"{method}: mean picked {statistics.mean(r['picked_test_auc'] for r in sel):.4f}, mean best "
                  f"{statistics.mean(r['best_test_auc'] for r in sel):.4f}, mean wall {statistics.mean(r['wall_s'] for r in sel):.1f} s")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
