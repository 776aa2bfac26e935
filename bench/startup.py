"""Launcher before/after: the `./sluice` launcher of commit BEFORE (default: the one before the startup flags)
against the current one, alternating, on `--version` and on a fully cached re-run of the 100-step chain.

    /usr/bin/python3 bench/startup.py [--rounds N] [--json FILE]
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import dags

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEFORE_COMMIT = "5063d8a"  # the launcher as it was before bench/ (java -version probes, no CDS, G1)


def timed(cmd, cwd, env):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--json")
    args = ap.parse_args()
    before = os.path.join(ROOT, ".sluice-launcher-before")
    with open(before, "w") as f:
        f.write(subprocess.run(["git", "-C", ROOT, "show", f"{BEFORE_COMMIT}:sluice"], check=True,
                               capture_output=True, text=True).stdout)
    os.chmod(before, 0o755)
    work = tempfile.mkdtemp(prefix="sluice-startup-")
    try:
        d = os.path.join(work, "chain")
        dags.generate_one(d, "chain-100", dags.FULL["chain-100"])
        home = os.path.join(work, "home")
        env = dict(os.environ, SLUICE_HOME=home)
        subprocess.run([os.path.join(ROOT, "sluice"), "run", "sluice-java.yaml", "--workers", "2"], cwd=d, env=env,
                       check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        variants = {
            "before": (before, {}),
            "after": (os.path.join(ROOT, "sluice"), {}),
            "after, C1 only (opt-in)": (os.path.join(ROOT, "sluice"), {"SLUICE_JAVA_OPTS": "-XX:TieredStopAtLevel=1"}),
            "after without CDS": (os.path.join(ROOT, "sluice"), {"SLUICE_CDS": "0"}),
        }
        cases = {"--version": ["--version"], "cached chain-100": ["run", "sluice-java.yaml", "--workers", "2"]}
        res = {(v, c): [] for v in variants for c in cases}
        for _ in range(args.rounds):
            for v, (launcher, extra) in variants.items():
                for c, argv in cases.items():
                    res[(v, c)].append(timed([launcher] + argv, d, dict(env, **extra)))
        rows = []
        for (v, c), samples in res.items():
            rows.append({"variant": v, "case": c, "wall_s": statistics.median(s[0] for s in samples),
                         "cpu_s": statistics.median(s[1] for s in samples), "runs": len(samples)})
            print(f"{v:26s} {c:18s} wall {rows[-1]['wall_s']:.3f} s  cpu {rows[-1]['cpu_s']:.3f} s", file=sys.stderr)
        if args.json:
            with open(args.json, "w") as f:
                json.dump({"rows": rows}, f, indent=1)
    finally:
        os.remove(before)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
