"""Two builds of Sluice side by side in one run: the orchestration DAGs (bench/orchestration.py) and the ML
benchmark's training pipeline (bench/ml/pipelines/train.yaml), each build running its own scripts from its own
checkout, the two alternating round by round (old first in odd rounds, new first in even ones); medians.

    python3 bench/house/compare.py --old DIR --new DIR [--rounds N] [--dags chain-100,...] [--tools sluice-java,...]
                                   [--ml NAME=FOLDER ...] [--only orch,ml] [--json FILE]

DIR is a checkout with its CLI jar built (`./mvnw -B -q -o package -DskipTests -pl sluice-cli -am` there); each
--ml FOLDER holds train.csv, test.csv and meta.json as `bench/ml/compare.py --prepare-only` writes them.
Results: bench/house/RESULTS.md.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

# bench/ml/compare.py's settings for both sides
TRAIN_PARAMS = {"rounds": 100, "max_depth": 6, "eta": 0.1, "c": 1.0, "max_iter": 100, "ftol": 1e7 * 2.220446049250313e-16}


def orchestration(tree, tools, dag_names):
    """One round of bench/orchestration.py from `tree`: {(tool, dag): (wall s, cached s)}."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    try:
        subprocess.run(["/usr/bin/python3", os.path.join(tree, "bench", "orchestration.py"), "--rounds", "1",
                        "--tools", tools, "--dags", dag_names, "--json", out], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        with open(out) as f:
            rows = json.load(f)
        rows = rows["rows"] if isinstance(rows, dict) else rows
        return {(r["tool"], r["dag"]): (r["wall_s"], r["cached_s"]) for r in rows}
    finally:
        os.unlink(out)


def train(tree, folder, home):
    """One uncached run of the ML training pipeline from `tree`: whole wall time and each step's duration."""
    with open(os.path.join(folder, "meta.json")) as f:
        meta = json.load(f)
    meta = meta.get(next(iter(meta))) if "target" not in meta else meta
    params = dict(TRAIN_PARAMS, train=os.path.join(folder, "train.csv"), test=os.path.join(folder, "test.csv"),
                  target=meta["target"], tol=1e-4 / meta["train_rows"])
    cmd = [os.path.join(tree, "sluice"), "run", os.path.join(tree, "bench", "ml", "pipelines", "train.yaml"),
           "--json", "--no-cache", "--workers", "2"]
    for k, v in params.items():
        cmd += ["-p", f"{k}={v}"]
    t = time.perf_counter()
    p = subprocess.run(cmd, env=dict(os.environ, SLUICE_HOME=home), capture_output=True, text=True, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    result = json.loads(p.stdout)
    if result.get("status") != "succeeded":
        sys.exit(f"{tree}: the training run {result.get('status')}: {p.stderr[-2000:]}")
    steps = {s["name"]: s["duration_ms"] / 1000 for s in result["steps"]}
    return wall, steps


def wait_for_aot(tree):
    """The launcher makes its AOT cache in the background after the first run of a new jar: wait for it."""
    target = os.path.join(tree, "sluice-cli", "target")
    deadline = time.time() + 300
    while time.time() < deadline and any(".aot." in f and f.endswith((".config", ".tmp")) for f in os.listdir(target)):
        time.sleep(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--old", required=True)
    ap.add_argument("--new", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--tools", default="sluice-java,sluice-command")
    ap.add_argument("--dags", default="chain-100,fan-1000,layers-10x100")
    ap.add_argument("--ml", action="append", default=[], help="NAME=FOLDER (repeatable)")
    ap.add_argument("--only", default="orch,ml")
    ap.add_argument("--json", help="also write the raw measurements here")
    a = ap.parse_args()
    sides = {"old": os.path.abspath(a.old), "new": os.path.abspath(a.new)}
    ml = dict(x.split("=", 1) for x in a.ml)
    only = a.only.split(",")
    homes = {s: tempfile.mkdtemp(prefix=f"sluice-house-{s}-") for s in sides}
    raw = {}  # (measure) -> side -> [values]
    loads = []

    def add(key, side, value):
        if value is not None:
            raw.setdefault(key, {}).setdefault(side, []).append(value)

    if "ml" in only:
        for side, tree in sides.items():   # one unmeasured run each: the AOT cache, the libraries' first load
            for folder in ml.values():
                train(tree, folder, homes[side])
            wait_for_aot(tree)
    for r in range(a.rounds):
        order = ["old", "new"] if r % 2 == 0 else ["new", "old"]
        for side in order:
            tree = sides[side]
            loads.append(os.getloadavg()[0])
            if "orch" in only:
                for (tool, dag), (wall, cached) in orchestration(tree, a.tools, a.dags).items():
                    add(f"{tool} {dag}", side, wall)
                    add(f"{tool} {dag} (cached re-run)", side, cached)
            if "ml" in only:
                for name, folder in ml.items():
                    wall, steps = train(tree, folder, homes[side])
                    add(f"ml {name} whole run", side, wall)
                    for step in ("load_train", "gbdt", "logistic", "evaluate"):
                        add(f"ml {name} step {step}", side, steps.get(step))
            print(f"round {r + 1}/{a.rounds} {side} done (load {os.getloadavg()[0]:.1f})", file=sys.stderr, flush=True)
    print("| measure | old median (s) | new median (s) | new / old | runs |")
    print("|---|---:|---:|---:|---:|")
    for key, by in raw.items():
        o, n = statistics.median(by.get("old", [float("nan")])), statistics.median(by.get("new", [float("nan")]))
        print(f"| {key} | {o:.3f} | {n:.3f} | {n / o:.2f} | {len(by.get('old', []))} |")
    print(f"\nload average (1 min) at each side's start: median {statistics.median(loads):.1f}, "
          f"range {min(loads):.1f}-{max(loads):.1f}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"raw": raw, "loads": loads, "old": sides["old"], "new": sides["new"]}, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
