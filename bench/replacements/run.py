"""The replacement audit's end-to-end half (docs/replacements.md): one `./sluice run` command line read by
RunArguments against the same line read by picocli, the csv step with `parser: auto` against `parser: duckdb` on the
same file (FastCsv against DuckDB's read_csv before csv version 2; since then both read with DuckDB), and (`json`) the first 1,000 cache keys of a fresh JVM by CanonicalJson against Jackson
(needs `./mvnw -B -q -Pbench -pl sluice-bench -am package -DskipTests`). Each pair alternates; medians.

    python3 bench/replacements/run.py [--rounds N] [--rows N] [--only cli,csv,json] [--smoke] [--csv FILE ...]

--csv FILE (repeatable) measures the csv step on that file instead of the generated one.
"""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SLUICE = os.path.join(ROOT, "sluice")

PARAM_PIPELINE = """pipeline: parse
params:
  n: {type: int, default: 1}
steps:
  load: {uses: file, with: {path: data.txt}}
  count: {uses: count, inputs: {in: load.file}, checks: {lines: ">= ${params.n}"}}
"""

CSV_PIPELINE = """pipeline: csv-%s
steps:
  load: {uses: csv, with: {path: data.csv, parser: %s}}
"""


def timed(cmd, cwd, env):
    t = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def alternate(name, rounds, a, b, cwd, env):
    ta, tb = [], []
    for i in range(rounds):
        pair = [(a, ta), (b, tb)] if i % 2 == 0 else [(b, tb), (a, ta)]
        for cmd, out in pair:
            out.append(timed(cmd, cwd, env))
    ma, mb = statistics.median(ta), statistics.median(tb)
    print(f"{name}: ours {ma:.3f} s, library {mb:.3f} s, ours/library {ma / mb:.2f} (median of {rounds}; "
          f"load average {os.getloadavg()[0]:.1f})", flush=True)


def cli(work, env, rounds):
    d = os.path.join(work, "cli")
    os.makedirs(d)
    with open(os.path.join(d, "p.yaml"), "w") as f:
        f.write(PARAM_PIPELINE)
    with open(os.path.join(d, "data.txt"), "w") as f:
        f.write("a\nb\n")
    subprocess.run([SLUICE, "run", "p.yaml", "-p", "n=1"], cwd=d, env=env, check=True,
                   stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    # `-p n=1` is a plain line (RunArguments); `--param=n=1` is left to picocli: the same run, every step cached
    alternate("cli (cached 2-step run: RunArguments vs picocli)", rounds,
              [SLUICE, "run", "p.yaml", "-p", "n=1"], [SLUICE, "run", "p.yaml", "--param=n=1"], d, env)


def csv_file(work, env, rounds, path, index):
    d = os.path.join(work, f"csv-file-{index}")
    os.makedirs(d)
    os.symlink(os.path.abspath(path), os.path.join(d, "data.csv"))
    for parser in ("auto", "duckdb"):
        with open(os.path.join(d, parser + ".yaml"), "w") as f:
            f.write(CSV_PIPELINE % (parser, parser))
    size = os.path.getsize(path)
    alternate(f"csv ({path}, {size:,} bytes: whole csv step, parser auto vs duckdb)", rounds,
              [SLUICE, "run", "auto.yaml", "--no-cache"], [SLUICE, "run", "duckdb.yaml", "--no-cache"], d, env)


def csv(work, env, rounds, rows):
    d = os.path.join(work, "csv")
    os.makedirs(d)
    rnd = random.Random(3)
    with open(os.path.join(d, "data.csv"), "w") as f:
        f.write("id,age,income,score,city,flag,ratio,label\n")
        for i in range(rows):
            income = "" if rnd.random() < 0.05 else f"{rnd.uniform(1e3, 2e5):.2f}"
            city = rnd.choice(["Oslo", "Lyon", "\"San Jose, CA\"", "Kyoto", ""])
            f.write(f"{i},{rnd.randint(18, 90)},{income},{rnd.gauss(0, 1):.6f},{city},{rnd.choice(['true', 'false'])},"
                    f"{rnd.random():.4f},{rnd.randint(0, 1)}\n")
    for parser in ("auto", "duckdb"):
        with open(os.path.join(d, parser + ".yaml"), "w") as f:
            f.write(CSV_PIPELINE % (parser, parser))
    alternate(f"csv ({rows:,} rows x 8 columns: whole csv step, parser auto vs duckdb)", rounds,
              [SLUICE, "run", "auto.yaml", "--no-cache"], [SLUICE, "run", "duckdb.yaml", "--no-cache"], d, env)


def json_cold(rounds):
    java = os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "java")
    jar = os.path.join(ROOT, "sluice-bench", "target", "benchmarks.jar")
    ours, lib = [], []
    for i in range(rounds):
        for side, out in ([("ours", ours), ("library", lib)] if i % 2 == 0 else [("library", lib), ("ours", ours)]):
            r = subprocess.run([java, "-cp", jar, "dev.sluice.bench.ReplacementTiming", "1",
                                "canonical-json-cold-" + side], check=True, capture_output=True, text=True)
            out.append(float(r.stdout.strip()) / 1000)
    ma, mb = statistics.median(ours), statistics.median(lib)
    print(f"json (first 1,000 cache keys of a fresh JVM): ours {ma:.3f} s, library {mb:.3f} s, "
          f"ours/library {ma / mb:.2f} (median of {rounds})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--only", default="cli,csv,json")
    ap.add_argument("--smoke", action="store_true", help="one round of each on 1,000 rows")
    ap.add_argument("--csv", action="append", default=[], help="measure the csv step on this file (repeatable)")
    args = ap.parse_args()
    if args.smoke:
        args.rounds, args.rows = 1, 1000
    work = tempfile.mkdtemp(prefix="sluice-replacements-")
    try:
        env = dict(os.environ, SLUICE_HOME=os.path.join(work, "home"))
        only = args.only.split(",")
        if "cli" in only:
            cli(work, env, args.rounds)
        if "csv" in only and args.csv:
            for i, path in enumerate(args.csv):
                csv_file(work, env, args.rounds, path, i)
        elif "csv" in only:
            csv(work, env, args.rounds, args.rows)
        if "json" in only:
            json_cold(args.rounds)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
