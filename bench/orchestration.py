"""Side-by-side orchestration benchmark: the same DAGs (bench/dags.py) in Sluice and its peers.

Rounds alternate between tools (round 1: every tool once, round 2: every tool once, ...), so a noisy
neighbour hurts every tool alike; the table shows medians. Each measurement starts from clean state
(no outputs, no cache, a fresh SLUICE_HOME / .snakemake / job store) and is followed by an immediate
re-run on the same state (the "cached" column: Sluice takes every step from its cache, make, ninja and
Snakemake find nothing to do).

Wall time: perf_counter around the whole command (JVM or Python start included).
Peak memory: GNU time %M, the largest resident set of any single process of the command.
Per-step overhead: (median wall of the DAG - median wall of the 1-step DAG) / (steps - 1).

Run through bench/orchestration (which installs the peers first); standard library only.
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import dags

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = "/usr/bin/python3"  # Debian's Python, not a pyenv shim
WORKERS = "2"


def sluice(yaml):
    return [os.path.join(ROOT, "sluice"), "run", yaml, "--workers", WORKERS]


# tool -> (command builder(dag dir), files/folders to remove for a clean start, label, kind)
TOOLS = {
    "sluice-java": (lambda d: sluice("sluice-java.yaml"), ["home"], "Sluice, in-process Java steps", "in-process"),
    "dask": (lambda d: [PY, "dask_dag.py", WORKERS], ["out"], "Dask delayed, threaded scheduler", "in-process"),
    "sluice-command": (lambda d: sluice("sluice-command.yaml"), ["home"], "Sluice, command steps", "process"),
    "make": (lambda d: ["make", "-j" + WORKERS, "-s"], ["out"], "GNU make -j2", "process"),
    "ninja": (lambda d: ["ninja", "-j" + WORKERS, "--quiet"], ["out", ".ninja_log", ".ninja_deps"], "ninja -j2", "process"),
    "snakemake": (lambda d: ["snakemake", "--cores", WORKERS, "--quiet"], ["out", ".snakemake"], "Snakemake --cores 2", "process"),
    "toil": (lambda d: [PY, "toil_dag.py", WORKERS], ["out", "jobstore"], "Toil single_machine, file job store", "process"),
    "cwltool": (lambda d: ["cwltool", "--quiet", "--outdir", "out", "--parallel", "workflow.cwl", "job.json"],
                ["out"], "cwltool --parallel", "process"),
}
# Tools that have a meaningful "nothing to do" re-run.
CACHED = {"sluice-java", "sluice-command", "make", "ninja", "snakemake"}
# Peers too slow for the full sizes run reduced DAGs (same shapes); see REDUCED in dags.py.
REDUCED_FOR = {"toil", "cwltool"}


def clean(d, paths):
    for p in paths:
        full = os.path.join(d, p)
        if os.path.isdir(full):
            shutil.rmtree(full)
        elif os.path.exists(full):
            os.remove(full)


def measure(cmd, d, env, timeout):
    """Runs cmd in d; returns (wall seconds, peak RSS MiB) or raises with the command's output."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = ["/usr/bin/time", "-f", "%M", "-o", tf.name] + cmd
        t0 = time.perf_counter()
        p = subprocess.run(full, cwd=d, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
        wall = time.perf_counter() - t0
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} in {d} exited with {p.returncode}:\n"
                               + p.stdout.decode(errors="replace")[-3000:])
        rss_kib = int(tf.read().strip().splitlines()[-1])
    return wall, rss_kib / 1024


def check_output(tool, d, dag):
    """Every tool must have produced the sink files with the expected number of lines."""
    lines = {}
    for name, parents in dag:
        lines[name] = 1 + sum(lines[p] for p in parents)
    for sink in dags.sinks(dag):
        if tool.startswith("sluice"):
            continue  # checked through the run's exit status and summary (outputs live in the store)
        path = os.path.join(d, "out", sink + ".txt")
        with open(path) as f:
            n = sum(1 for _ in f)
        if n != lines[sink]:
            raise RuntimeError(f"{tool}: {path} has {n} lines, expected {lines[sink]}")


def warm_up_sluice(work):
    """The state a user is in from their second run on: the launcher's AOT cache for `sluice run` (JDK 25+) is
    made in the background after the jar changes (see ../sluice); wait for it outside the measurements."""
    d = os.path.join(work, "warm-up")
    os.makedirs(d)
    dags.generate_one(d, "single", dags.FULL["single"])
    subprocess.run(sluice("sluice-java.yaml"), cwd=d, check=True, stdout=subprocess.DEVNULL,
                   env=dict(os.environ, SLUICE_HOME=os.path.join(d, "home")))
    target = os.path.join(ROOT, "sluice-cli", "target")
    deadline = time.time() + 180
    while time.time() < deadline and any(".aot." in f and f.endswith((".config", ".tmp")) for f in os.listdir(target)):
        time.sleep(1)


def run(args):
    sizes = dags.SMOKE if args.smoke else dags.FULL
    reduced = dags.SMOKE if args.smoke else dags.REDUCED
    work = tempfile.mkdtemp(prefix="sluice-bench-")
    tools = [t for t in TOOLS if t in args.tools]
    shapes = [s for s in sizes if s in args.dags or s == "single"]
    plan = []  # (dag name, tool, dir, steps)
    for tool in tools:
        table = reduced if tool in REDUCED_FOR else sizes
        for shape in shapes:
            if tool == "cwltool" and shape not in ("chain-100", "single"):
                continue  # cwltool: the chain only (reduced), see BENCHMARKS.md
            if args.smoke and tool in REDUCED_FOR and shape != "chain-100":
                continue  # the smoke test only checks that they run: seconds per job
            d = os.path.join(work, tool, shape)
            os.makedirs(d)
            counts = dags.generate_one(d, shape, table[shape])
            plan.append((shape, tool, d, counts))
    # Sluice first builds its jar (if needed) outside the measurements.
    subprocess.run([os.path.join(ROOT, "sluice"), "--version"], check=True, stdout=subprocess.DEVNULL)
    if not args.smoke:
        warm_up_sluice(work)
    results = {}
    for r in range(args.rounds):
        for shape, tool, d, steps in plan:
            cmd_of, cleanup, _, _ = TOOLS[tool]
            env = dict(os.environ, SLUICE_HOME=os.path.join(d, "home"))
            clean(d, cleanup)
            wall, rss = measure(cmd_of(d), d, env, args.timeout)
            check_output(tool, d, (reduced if tool in REDUCED_FOR else sizes)[shape]())
            rec = results.setdefault(f"{tool}|{shape}", {"tool": tool, "dag": shape, "steps": steps,
                                                         "wall": [], "rss": [], "cached": []})
            rec["wall"].append(wall)
            rec["rss"].append(rss)
            if tool in CACHED and not (args.smoke and shape != "chain-100"):
                rec["cached"].append(measure(cmd_of(d), d, env, args.timeout)[0])
            print(f"round {r + 1}/{args.rounds} {tool:15s} {shape:14s} {steps:5d} steps  {wall:7.3f} s  "
                  f"{rss:6.0f} MiB" + (f"  cached {rec['cached'][-1]:.3f} s" if rec["cached"] else ""),
                  file=sys.stderr, flush=True)
    shutil.rmtree(work, ignore_errors=True)
    return summarize(results)


def from_log(path):
    """Rebuilds the results from the progress lines a (possibly interrupted) run printed on stderr."""
    import re
    pat = re.compile(r"round (\d+)/\d+ (\S+)\s+(\S+)\s+(\d+) steps\s+([\d.]+) s\s+(\d+) MiB(?:\s+cached ([\d.]+) s)?")
    results = {}
    with open(path) as f:
        for line in f:
            m = pat.match(line.strip())
            if not m:
                continue
            _, tool, dag, steps, wall, rss, cached = m.groups()
            rec = results.setdefault(f"{tool}|{dag}", {"tool": tool, "dag": dag, "steps": int(steps),
                                                       "wall": [], "rss": [], "cached": []})
            rec["wall"].append(float(wall))
            rec["rss"].append(float(rss))
            if cached:
                rec["cached"].append(float(cached))
    return summarize(results)


def summarize(results):
    rows = []
    single = {}
    for rec in results.values():
        if rec["dag"] == "single":
            single[rec["tool"]] = statistics.median(rec["wall"])
    for rec in results.values():
        wall = statistics.median(rec["wall"])
        row = {"tool": rec["tool"], "dag": rec["dag"], "steps": rec["steps"], "runs": len(rec["wall"]),
               "wall_s": wall, "rss_mib": statistics.median(rec["rss"]),
               "cached_s": statistics.median(rec["cached"]) if rec["cached"] else None,
               "per_step_ms": None}
        if rec["dag"] != "single" and rec["tool"] in single and rec["steps"] > 1:
            row["per_step_ms"] = (wall - single[rec["tool"]]) / (rec["steps"] - 1) * 1000
        rows.append(row)
    return rows


def table(rows):
    """A Markdown table per DAG, with ratios to Sluice (in-process rows to sluice-java, process rows to sluice-command)."""
    out = []
    by_dag = {}
    for row in rows:
        by_dag.setdefault(row["dag"], []).append(row)
    for dag in list(dags.FULL):
        if dag not in by_dag:
            continue
        ref = {r["tool"]: r for r in by_dag[dag]}
        out.append(f"\n### {dag}\n")
        out.append("| tool | steps | runs | wall (median) | vs Sluice | per-step overhead | peak RSS | fully cached re-run |")
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in sorted(by_dag[dag], key=lambda r: list(TOOLS).index(r["tool"])):
            base = ref.get("sluice-java" if TOOLS[r["tool"]][3] == "in-process" else "sluice-command")
            ratio = f"{r['wall_s'] / base['wall_s']:.2f}×" if base and base["steps"] == r["steps"] else "n/a (other size)"
            if base is r:
                ratio = "1×"
            per = f"{r['per_step_ms']:.2f} ms" if r["per_step_ms"] is not None else ""
            cached = f"{r['cached_s']:.3f} s" if r["cached_s"] is not None else ""
            out.append(f"| {TOOLS[r['tool']][2]} | {r['steps']} | {r['runs']} | {r['wall_s']:.3f} s | {ratio} | {per} | "
                       f"{r['rss_mib']:.0f} MiB | {cached} |")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--smoke", action="store_true", help="tiny DAGs, to check every tool completes")
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--dags", default=",".join(dags.FULL))
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--json", help="also write the rows here")
    ap.add_argument("--from-log", help="no runs: rebuild the table from the stderr of an earlier (interrupted) run")
    args = ap.parse_args()
    args.tools = args.tools.split(",")
    args.dags = args.dags.split(",")
    rows = from_log(args.from_log) if args.from_log else run(args)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rows": rows, "rounds": args.rounds, "smoke": args.smoke,
                       "python": platform.python_version()}, f, indent=1)
    print(table(rows))


if __name__ == "__main__":
    main()
