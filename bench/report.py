"""Writes BENCHMARKS.md and bench/charts/*.svg from bench/results/ (see bench/run-all).

    /usr/bin/python3 bench/report.py
"""
import datetime
import json
import math
import os
import platform
import subprocess
import sys

import dags
import orchestration

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
RESULTS = os.path.join(HERE, "results")
CHARTS = os.path.join(HERE, "charts")


def load(name):
    path = os.path.join(RESULTS, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f) if name.endswith(".json") else f.read()


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kib = int(f.readline().split()[1])
    java = subprocess.run([os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java", "-version"],
                          capture_output=True, text=True).stderr.splitlines()[0]
    return (f"{os.cpu_count()} CPUs ({cpu}), {mem_kib / 1024 / 1024:.0f} GiB memory, "
            f"{platform.system()} {platform.release()}, {java}, Python {platform.python_version()} (Debian)")


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def bar_chart(path, title, bars, unit="s", log=True):
    """Horizontal bars [(label, value, highlight)], log scale; plain SVG, no dependencies."""
    w, left, right, row, top = 760, 300, 90, 26, 40
    h = top + row * len(bars) + 30
    vals = [v for _, v, _ in bars if v and v > 0]
    lo, hi = min(vals), max(vals)
    lo_l = math.floor(math.log10(lo)) if log else 0
    hi_l = math.ceil(math.log10(hi)) if log else hi
    if log and hi_l == lo_l:
        hi_l += 1

    def x(v):
        span = w - left - right
        if log:
            return left + span * (math.log10(v) - lo_l) / (hi_l - lo_l)
        return left + span * v / hi_l

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{w / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">{esc(title)}</text>']
    if log:
        for e in range(lo_l, hi_l + 1):
            gx = x(10 ** e)
            out.append(f'<line x1="{gx:.1f}" y1="{top - 6}" x2="{gx:.1f}" y2="{h - 24}" stroke="#ddd"/>')
            out.append(f'<text x="{gx:.1f}" y="{h - 10}" text-anchor="middle" fill="#666">{10 ** e:g} {unit}</text>')
    for i, (label, v, hl) in enumerate(bars):
        y = top + i * row
        out.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{esc(label)}</text>')
        if v and v > 0:
            bx = x(v) if log else x(v)
            x0 = left if not log else x(10 ** lo_l)
            out.append(f'<rect x="{x0:.1f}" y="{y + 4}" width="{max(1, bx - x0):.1f}" height="{row - 8}" '
                       f'fill="{"#1f77b4" if hl else "#aaa"}"/>')
            out.append(f'<text x="{bx + 4:.1f}" y="{y + 16}">{v:.3g} {unit}</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def line_chart(path, title, series, xlabel, ylabel):
    """series: {name: [(x, y)]}, log x axis, linear y from 0."""
    w, h, left, right, top, bottom = 760, 360, 70, 160, 40, 50
    xs = [p[0] for s in series.values() for p in s]
    ys = [p[1] for s in series.values() for p in s]
    lx0, lx1 = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    ymax = max(ys) * 1.1
    colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"]

    def px(v):
        return left + (w - left - right) * (math.log10(v) - lx0) / (lx1 - lx0)

    def py(v):
        return h - bottom - (h - top - bottom) * v / ymax

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{w / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">{esc(title)}</text>']
    for e in range(lx0, lx1 + 1):
        out.append(f'<line x1="{px(10 ** e):.1f}" y1="{top}" x2="{px(10 ** e):.1f}" y2="{h - bottom}" stroke="#ddd"/>')
        out.append(f'<text x="{px(10 ** e):.1f}" y="{h - bottom + 16}" text-anchor="middle">{10 ** e:,}</text>')
    for k in range(5):
        v = ymax * k / 4
        out.append(f'<text x="{left - 6}" y="{py(v) + 4:.1f}" text-anchor="end">{v:.3g}</text>')
    out.append(f'<text x="{(left + w - right) / 2}" y="{h - 10}" text-anchor="middle">{esc(xlabel)}</text>')
    out.append(f'<text x="14" y="{(top + h - bottom) / 2}" transform="rotate(-90 14 {(top + h - bottom) / 2})" '
               f'text-anchor="middle">{esc(ylabel)}</text>')
    for i, (name, pts) in enumerate(series.items()):
        c = colors[i % len(colors)]
        pts = sorted(pts)
        out.append(f'<polyline fill="none" stroke="{c}" stroke-width="2" points="'
                   + " ".join(f"{px(a):.1f},{py(b):.1f}" for a, b in pts) + '"/>')
        for a, b in pts:
            out.append(f'<circle cx="{px(a):.1f}" cy="{py(b):.1f}" r="3" fill="{c}"/>')
        out.append(f'<text x="{w - right + 10}" y="{top + 18 * i + 10}" fill="{c}">{esc(name)}</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


# ScaleCurve runs of bench/jmh: (heading, results file); the first is the JVM's default collector (G1).
SCALE_RUNS = [("G1", "JVM default collector (G1), -Xmx8g", "scale.tsv"),
              ("serial GC", "serial collector, as ./sluice runs it: -XX:+UseSerialGC -Xmx8g", "scale-serialgc.tsv")]


def notes(name):
    """The hand-written analysis of a section (bench/notes/NAME.md), or nothing."""
    path = os.path.join(HERE, "notes", name + ".md")
    return [open(path).read().rstrip(), ""] if os.path.exists(path) else []


def serving_table(serve):
    """The serving table (bench/serve/run.sh prints it too): one row per server, medians and each round."""
    rows = ["| server | req/s | p50 | p99 | each round: req/s / p99 | errors |", "|---|---:|---:|---:|---|---|"]
    for x in serve["servers"]:
        each = ", ".join(f"{r['rps']:,.0f} / {r['p99_ms']:.1f} ms" for r in x["runs"])
        rows.append(f"| {x['server']} | {x['rps']:,.0f} | {x['p50_ms']:.2f} ms | {x['p99_ms']:.2f} ms | {each} | {x['errors']} |")
    return rows


def drift_table(drift):
    """The drift table (bench/drift/run prints it too): Sluice and the two numpy variants, with ratios."""
    sd = drift["sides"]
    s, sp, pc = sd["sluice"], sd["numpy-scipy"], sd["numpy-percentiles"]
    return ["| side | wall | CPU of one thread | drifted features | Sluice faster (wall) |", "|---|---:|---:|---:|---:|",
            f"| Sluice `DriftMonitor` ({s['cores']} cores) | {s['wall_ms']:,.1f} ms | {s['cpu_ms']:,.1f} ms | {s['drifted']} of {s['features']} | |",
            f"| numpy PSI + `scipy.stats.ks_2samp` (what a Python user runs) | {sp['wall_ms']:,.1f} ms | {sp['cpu_ms']:,.1f} ms | "
            f"{sp['drifted']} of {s['features']} | {sp['wall_ms'] / s['wall_ms']:.0f}× |",
            f"| numpy PSI + KS against 101 reference percentiles (Sluice's method, in numpy) | {pc['wall_ms']:,.1f} ms | "
            f"{pc['cpu_ms']:,.1f} ms | {pc['drifted']} of {s['features']} | {pc['wall_ms'] / s['wall_ms']:.1f}× |"]


def serving_section(serve, targets):
    """`bench/serve/run.sh`: req/s and latency of sluice serve against gunicorn+Flask+scikit-learn."""
    by = {x["key"]: x for x in serve["servers"]}
    md = ["## Serving", "",
          f"`bench/serve/run.sh` ({serve['started']}, load average {serve['loadavg_start']} at the start and "
          f"{serve['loadavg_end']} at the end): {serve['wrk']} -d{serve['duration']} on loopback after a {serve['warmup']} "
          f"warm-up per server, {serve['rounds']} alternating round(s), medians. One churn row (19 fields) as JSON per "
          "request against the churn example's champion (XGBoost, compiled to Java) and, in Python, a scikit-learn "
          "HistGradientBoostingClassifier trained on the same file. Client and servers share the "
          f"{serve['cores']} cores. Raw figures: `bench/results/serve.json`.", "",
          ] + serving_table(serve) + [""]
    if serve.get("log_rows_dropped") is not None:
        md += [f"Prediction log rows dropped during the run (`sluice_serve_logged_rows_total{{outcome=\"dropped\"}}`): "
               f"{serve['log_rows_dropped']:,}.", ""]
    bars = [(x["server"].split(":")[0].replace("sluice serve (Helidon SE, compiled XGBoost)", "sluice serve")
             + (", logged" if x["key"] == "sluice" else "") + ("" if x["key"] != "helidon-health" else ", /health"),
             x["rps"], x["key"].startswith("sluice")) for x in serve["servers"]]
    bar_chart(os.path.join(CHARTS, "serving.svg"), "Serving: requests per second, median (log scale)", bars, unit="req/s")
    md += ["![serving](bench/charts/serving.svg)", ""]
    g = by.get("gunicorn")
    for key, what in (("sluice", "with every prediction logged (the default)"), ("sluice-nolog", "with --no-log")):
        x = by.get(key)
        if x and g:
            ratio = x["rps"] / g["rps"]
            targets.append((f"Serving: ≥ 20× the req/s of gunicorn+Flask+scikit-learn, {what}", ratio >= 20,
                            f"{ratio:.0f}× ({x['rps']:,.0f} vs {g['rps']:,.0f} req/s)"))
            targets.append((f"Serving: p99 under 10 ms, {what}", x["p99_ms"] < 10,
                            f"{x['p99_ms']:.2f} ms (rounds: " + ", ".join(f"{r['p99_ms']:.1f}" for r in x["runs"]) + ")"))
    return md + notes("serving")


def drift_section(drift, targets):
    """`bench/drift/run`: the drift check against numpy/scipy."""
    sd = drift["sides"]
    s, sp, pc = sd["sluice"], sd["numpy-scipy"], sd["numpy-percentiles"]
    md = ["## Drift check", "",
          f"`bench/drift/run` ({drift['started']}, load average {drift['loadavg_start']} → {drift['loadavg_end']}): "
          f"{s['features']} numeric features, a reference profiled once from {s['reference_rows']:,} training rows, "
          f"{s['rows']:,} current rows binned at check time (PSI over the profile's bins, Kolmogorov-Smirnov). Sluice: "
          f"`DriftMonitor`, median of {s['rounds']} rounds; Python: `bench/drift/drift_baseline.py` on Debian's "
          f"/usr/bin/python3, one thread, median of {sp['rounds']} rounds. Raw figures: `bench/results/drift.json`.", "",
          ] + drift_table(drift) + [""]
    bar_chart(os.path.join(CHARTS, "drift.svg"), "Drift check, 28 features x 100k rows: wall time, median (log scale)",
              [("Sluice DriftMonitor", s["wall_ms"], True), ("numpy + scipy.stats.ks_2samp", sp["wall_ms"], False),
               ("numpy, percentile KS", pc["wall_ms"], False)], unit="ms")
    md += ["![drift](bench/charts/drift.svg)", ""]
    ratio = sp["wall_ms"] / s["wall_ms"]
    targets.append(("Drift check ≥ 10× faster than the same PSI + KS in numpy/scipy", ratio >= 10,
                    f"{ratio:.0f}× ({s['wall_ms']:.1f} vs {sp['wall_ms']:,.0f} ms; {pc['wall_ms'] / s['wall_ms']:.1f}× "
                    "against Sluice's own percentile method in numpy)"))
    return md + notes("drift")


def ml_section(ml_md, targets):
    """`bench/ml/compare` prints its own tables (bench/results/ml.md); the targets are read from its columns."""
    md = ["## Tabular ML against scikit-learn and pandas", "", ml_md.strip(), ""]
    header, load_header, bars = None, None, []
    for line in ml_md.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if "AUC target" in cells and "time target" in cells:
            header = cells
            continue
        if "Sluice / pandas" in cells and not set(line) <= set("|-: "):
            load_header = cells
            continue
        if load_header and line.startswith("|") and len(cells) == len(load_header) and not set(line) <= set("|-: "):
            row = dict(zip(load_header, cells))
            verdict = next(v for k, v in row.items() if k.startswith("target"))
            targets.append((f"ML: loading the 1M-row CSV takes ≤ ¼ of pandas.read_csv ({cells[0]})", verdict == "met",
                            f"{row['Sluice / pandas']}× ({row['Sluice CSV -> in-memory table']} s vs {row['pandas.read_csv']} s)"))
            load_header = None
            continue
        if header and len(cells) == len(header) and not set(line) <= set("|-: "):
            row = dict(zip(header, cells))
            what = f"{row['data set']}, {row['model (Sluice vs scikit-learn)']}"
            targets.append((f"ML: test ROC AUC within 0.005 of scikit-learn ({what})", row["AUC target"] == "met",
                            f"{row['AUC Sluice']} vs {row['AUC sklearn']}"))
            targets.append((f"ML: training no more wall time than scikit-learn ({what})", row["time target"] == "met",
                            f"{row['step / fit']}× (step {row['Sluice step']} s, sklearn fit {row['sklearn fit']} s)"))
            model = row["model (Sluice vs scikit-learn)"].split(" vs ")[0]
            bars += [(f"{row['data set']} {model}: Sluice step", float(row["Sluice step"]), True),
                     (f"{row['data set']} {model}: scikit-learn fit", float(row["sklearn fit"]), False)]
        elif header and not line.strip().startswith("|"):
            header = None
    if bars:
        bar_chart(os.path.join(CHARTS, "ml-training.svg"), "Training: Sluice's whole step vs scikit-learn's fit, median (log scale)", bars)
        md += ["![training time](bench/charts/ml-training.svg)", ""]
    return md + notes("ml")


def parse_scale(text):
    """ScaleCurve's TSV: ({path: [(steps, ms, ns_per_step, MiB, bytes_per_step, cpu_ms or None)]}, skipped)."""
    curve, skipped = {}, []
    for l in [l.split("\t") for l in text.strip().splitlines()[1:]]:
        if len(l) == 3:
            skipped.append((l[0], int(l[1]), l[2]))
            continue
        cpu = float(l[6]) if len(l) > 6 else None
        curve.setdefault(l[0], []).append((int(l[1]), float(l[2]), float(l[3]), float(l[4]), float(l[5]), cpu))
    return curve, skipped


def status(ok):
    if ok is None:
        return "inconclusive"
    return "met" if ok else "**NOT MET**"


def main():
    os.makedirs(CHARTS, exist_ok=True)
    orch = load("orchestration.json")
    jmh = load("jmh.json")
    startup = load("startup.json")
    md = ["# Benchmarks", "",
          f"Measured {datetime.date.today().isoformat()} on {machine()}.", "",
          "**Noise.** Each section gives the time and load average of its run: when other work shared the 2 "
          "cores, absolute times are pessimistic, so compare the tools by their ratios within a table (every figure "
          "is a median of runs that alternate between the tools).", "",
          "Reproduce everything (installs the Debian peers; about 90 minutes): `bench/run-all` (`bench/run-all --only "
          "serve,drift` for some: orchestration, startup, jmh, serve, drift, ml). "
          "Only the orchestration table: `bench/orchestration` (`--rounds N`, `--tools`, `--smoke`). "
          "JMH only: `./mvnw -B -q -Pbench -pl sluice-bench -am package && java -jar sluice-bench/target/benchmarks.jar` "
          "(or `bench/jmh`).", ""]
    targets = []
    if orch:
        rows = {(r["tool"], r["dag"]): r for r in orch["rows"]}

        def get(tool, dag):
            return rows.get((tool, dag))

        md += ["## Orchestration: the same DAG in every tool", "",
               "Generated by `bench/dags.py` into a temporary folder: a chain of 100 steps; fan-out/fan-in "
               "1 → 1000 → 1; 10 layers × 100 wide, each node reading 2 nodes of the layer before; and a 1-step DAG "
               "as each tool's fixed cost. Every step writes its name and then its parents' files into its own small "
               "file (Sluice's built-in `concat` in-process; `sh step.sh NAME OUT INPUTS...` for every "
               "process-per-step tool; the same few lines of Python per Dask task). Sluice runs with `--workers 2` "
               "and a fresh `SLUICE_HOME` (so its first run also creates the SQLite database), every step recorded "
               "durably and cached; the others with `-j2` / `--cores 2` / 2 threads.",
               "",
               f"Wall time: the whole command, JVM or Python start included; median of the runs shown (rounds: "
               f"{orch['rounds']}), tools alternating within each round. Per-step overhead: (wall of the DAG − wall of the 1-step DAG) / "
               "(steps − 1). Peak RSS: GNU time `%M`, the largest single process. Fully cached re-run: the same "
               "command again on the same state (Sluice takes every step from its cache; make, ninja and Snakemake "
               "have nothing to do). Dask, Toil and cwltool have no such re-run.",
               "",
               ("**Reduced sizes.** Toil starts a Python worker per job (~3 s of CPU each here) and cwltool takes "
                "seconds per step, so they run smaller DAGs of the same shapes: Toil a 20-step chain, 1 → 20 → 1 "
                "and 4 layers × 5; cwltool only the 20-step chain. Their ratios are not comparable with the full "
                "sizes; their per-step overhead is."
                if any(r["tool"] in ("toil", "cwltool") for r in orch["rows"]) else
                "Toil and cwltool are not in this run (they take minutes per DAG: a Python worker per job, seconds "
                "per step); `bench/orchestration --tools toil,cwltool` runs them. Tools in this run: "
                + "; ".join(orchestration.TOOLS[t][2] for t in orchestration.TOOLS if any(r["tool"] == t for r in orch["rows"])) + "."),
               ""]
        md.append(orchestration.table(orch["rows"]))
        md += ["Ratios: in-process rows against Sluice with in-process steps, process-per-step rows against Sluice "
               "with command steps (> 1× means slower than Sluice).", ""]
        for dag in ["chain-100", "fan-1000", "layers-10x100"]:
            bars = []
            for tool in orchestration.TOOLS:
                r = get(tool, dag)
                if r:
                    size = "" if r["steps"] == get("sluice-java", dag)["steps"] else f" ({r['steps']} steps)"
                    bars.append((orchestration.TOOLS[tool][2] + size, r["wall_s"], tool.startswith("sluice")))
            for tool in ("sluice-java", "sluice-command", "make", "snakemake"):
                r = get(tool, dag)
                if r and r["cached_s"]:
                    bars.append((orchestration.TOOLS[tool][2] + ", cached re-run", r["cached_s"], tool.startswith("sluice")))
            bar_chart(os.path.join(CHARTS, f"{dag}.svg"), f"{dag}: wall time, median (log scale)", bars)
            md.append(f"![{dag}](bench/charts/{dag}.svg)")
        md.append("")
        md += notes("orchestration")
        # targets
        sj = {d: get("sluice-java", d) for d in ["chain-100", "fan-1000", "layers-10x100"]}
        for d, r in sj.items():
            dk = get("dask", d)
            if r and dk:
                targets.append((f"In-process: wall ≤ Dask on {d}", r["wall_s"] <= dk["wall_s"],
                                f"Sluice {r['wall_s']:.3f} s, Dask {dk['wall_s']:.3f} s ({r['wall_s'] / dk['wall_s']:.2f}×)"))
        for d, r in sj.items():
            if r and r["per_step_ms"] is not None:
                neg = r["per_step_ms"] < 0
                targets.append((f"In-process: per-step overhead ≤ 0.3 ms on {d}",
                                None if neg else r["per_step_ms"] <= 0.3,
                                f"{r['per_step_ms']:.2f} ms" + (" (negative: the 1-step run was slower than this DAG "
                                                                "under the load; see the in-run figures in the findings)"
                                                                if neg else "")))
        sm, r = get("snakemake", "fan-1000"), sj["fan-1000"]
        if sm and r:
            targets.append(("In-process: ≥ 50× faster than Snakemake on 1 → 1000 → 1",
                            sm["wall_s"] / r["wall_s"] >= 50, f"{sm['wall_s'] / r['wall_s']:.1f}× "
                            f"(Snakemake {sm['wall_s']:.2f} s, Sluice {r['wall_s']:.3f} s)"))
        for d in ["chain-100", "fan-1000", "layers-10x100"]:
            c, mk = get("sluice-command", d), get("make", d)
            if c and mk:
                targets.append((f"Command steps within 1.5× of make -j2 on {d}", c["wall_s"] <= 1.5 * mk["wall_s"],
                                f"{c['wall_s'] / mk['wall_s']:.2f}× (Sluice {c['wall_s']:.3f} s, make {mk['wall_s']:.3f} s)"))
        if r:
            targets.append(("1 → 1000 → 1 end to end under 1 s including JVM start", r["wall_s"] < 1,
                            f"{r['wall_s']:.3f} s"))
        ch = sj["chain-100"]
        if ch and ch["cached_s"] is not None:
            targets.append(("Fully cached re-run of the 100-step chain under 0.5 s including JVM start",
                            ch["cached_s"] < 0.5, f"{ch['cached_s']:.3f} s"))
    scales = [(short, cfg, load(name)) for short, cfg, name in SCALE_RUNS]
    scales = [(short, cfg, text) for short, cfg, text in scales if text]
    if scales:
        md += ["## Validation and planning of large DAGs", "",
               "`dev.sluice.bench.ScaleCurve` (sluice-bench): a DAG of layers 100 wide, each `concat` step reading "
               "2 steps of the layer before. `yaml`: YAML text → `PipelineSpec` → validated, topologically sorted "
               "`Pipeline`; `builder`: the same through `Pipeline.builder`; `yaml-parse`: snakeyaml-engine's parser "
               "events alone (no tree, nothing kept), the floor under the YAML path. JVM warm (30 rounds of 5,000 "
               "steps first), one JVM per collector, median of 3–11 repetitions; CPU = CPU time of the whole JVM "
               "(collector included) per repetition, which waits for a core do not inflate; retained heap = heap "
               "after full GCs with the result alive minus before.", ""]
        for short, cfg, text in scales:
            curve, skipped = parse_scale(text)
            md += [f"### {cfg}", "",
                   "| path | steps | median | per step | CPU | CPU per step | retained heap | per step |",
                   "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
            for path, pts in curve.items():
                for s_, ms, ns, mib, b, cpu in pts:
                    cpu_cells = (f"{cpu:,.0f} ms | {cpu * 1000 / s_:.1f} µs") if cpu is not None else " | "
                    md.append(f"| {path} | {s_:,} | {ms:,.1f} ms | {ns / 1000:.1f} µs | {cpu_cells} | "
                              + (f"{mib:.1f} MiB | {b:,.0f} B |" if path != "yaml-parse" else " | |"))
            md += [""] + [f"- {p_} path, {n:,} steps: {msg}" for p_, n, msg in skipped] + [""]
            slug = "" if short == SCALE_RUNS[0][0] else "-serialgc"
            planned = {p_: pts for p_, pts in curve.items() if p_ != "yaml-parse"}
            line_chart(os.path.join(CHARTS, f"planning-curve{slug}.svg"), f"Validation + planning: time per step ({short})",
                       {p_: [(x[0], x[2] / 1000) for x in pts] for p_, pts in curve.items()}, "steps", "µs per step")
            md += [f"![planning time per step, {cfg}](bench/charts/planning-curve{slug}.svg)", ""]
            if not slug:
                line_chart(os.path.join(CHARTS, "planning-memory.svg"), "Validation + planning: retained heap",
                           {p_: [(x[0], x[3]) for x in pts] for p_, pts in planned.items()}, "steps", "MiB")
                md += ["![planning memory](bench/charts/planning-memory.svg)", ""]
            for path, pts in planned.items():
                by = {x[0]: (x[1], x[2], x[4], x[5]) for x in pts}

                def took(n):
                    ms, cpu = by[n][0], by[n][3]
                    return f"{ms / 1000:.2f} s" + (f" (CPU {cpu / 1000:.2f} s)" if cpu is not None else "")
                label = f"{path}, {short}"
                if 100_000 in by:
                    targets.append((f"Validation + planning of 100k steps under 1 s ({label})", by[100_000][0] < 1000,
                                    took(100_000)))
                if 1_000_000 in by:
                    targets.append((f"Validation + planning of 1M steps under 10 s ({label})",
                                    by[1_000_000][0] < 10_000, took(1_000_000)))
                flat = [by[s_][1] for s_ in sorted(by) if 1000 <= s_ <= 100_000]
                if len(flat) >= 2:
                    targets.append((f"Time per step flat from 1k to 100k steps ({label}; max/min ≤ 1.5)",
                                    max(flat) / min(flat) <= 1.5,
                                    f"{min(flat) / 1000:.1f}–{max(flat) / 1000:.1f} µs per step ({max(flat) / min(flat):.1f}×)"))
                bps = [by[s_][2] for s_ in sorted(by) if s_ >= 10_000]
                if len(bps) >= 2 and not slug:
                    targets.append((f"Memory linear in steps ({path}; bytes per step within ±25 % from 10k up)",
                                    max(bps) / min(bps) <= 1.25 / 0.75,
                                    f"{min(bps):,.0f}–{max(bps):,.0f} B per step"))
            for p_, n, msg in skipped:
                if n == 100_000:
                    targets.append((f"Validation + planning of 100k steps under 1 s ({p_}, {short})", False, msg))
                if n == 1_000_000:
                    targets.append((f"Validation + planning of 1M steps under 10 s ({p_}, {short})", False, msg))
    if scales:
        md += notes("planning")
    serve, drift, ml_md = load("serve.json"), load("drift.json"), load("ml.md")
    if serve:
        md += serving_section(serve, targets)
    if drift:
        md += drift_section(drift, targets)
    if ml_md:
        md += ml_section(ml_md, targets)
    if jmh:
        md += ["## JMH micro-benchmarks (sluice-bench)", "",
               "`./mvnw -B -q -Pbench -pl sluice-bench -am package && java -jar sluice-bench/target/benchmarks.jar` "
               f"(this run: {jmh[0]['forks']} fork, {jmh[0]['warmupIterations']} warm-up iterations of "
               f"{jmh[0]['warmupTime']}, {jmh[0]['measurementIterations']} measured of {jmh[0]['measurementTime']}).",
               "",
               "| benchmark | params | score | error | unit | derived |", "| --- | --- | ---: | ---: | --- | --- |"]
        for r in jmh:
            name = r["benchmark"].split("dev.sluice.")[-1]
            params = ", ".join(f"{k}={v}" for k, v in r.get("params", {}).items())
            pm = r["primaryMetric"]
            derived = ""
            if "HashingBenchmark" in name:
                size = int(r["params"]["bytes"])
                derived = f"{size / (pm['score'] / 1000) / 1e6:,.0f} MB/s"
            if "PlanningBenchmark" in name:
                derived = f"{pm['score'] * 1e3 / int(r['params']['steps']):.1f} µs per step"
            if "MetadataCommitBenchmark" in name:
                derived = f"{1e6 / pm['score']:,.0f} records/s"
            md.append(f"| {name} | {params} | {pm['score']:.3f} | ±{pm['scoreError']:.3f} | {pm['scoreUnit']} | {derived} |")
        md.append("")
    if startup:
        md += ["## Launcher (`./sluice`) start-up, before and after", "",
               "`bench/startup.py`: the launcher of commit 5063d8a (before) against the current one, alternating, "
               "median of runs; CPU = user + system of the whole process tree.", "",
               "| launcher | command | wall | CPU |", "| --- | --- | ---: | ---: |"]
        for r in startup["rows"]:
            md.append(f"| {r['variant']} | `{r['case']}` | {r['wall_s']:.3f} s | {r['cpu_s']:.3f} s |")
        md += ["", "What changed: on JDK 25, an AOT cache for `sluice run` (JEP 483/514/515: classes loaded and linked, "
               "method profiles), trained in the background on a bundled pipeline run fresh and then cached "
               "(`AotTraining`); without it (`SLUICE_CDS=0` turns both off) and for other commands, "
               "a dynamic AppCDS archive beside the jar (`-XX:SharedArchiveFile=... "
               "-XX:+AutoCreateSharedArchive`, one per command, since an archive holds only the classes of the run that made it; "
               "the launcher deletes it when the jar is newer, because JDK 25 refuses a stale archive without "
               "remaking it), `-XX:+UseSerialGC`, "
               "`--enable-native-access=ALL-UNNAMED` (silences SQLite's JNI warning on JDK 24+), and the launcher "
               "reads the JDK's `release` file instead of starting `java -version` for every candidate JDK, with "
               "fewer child processes. `-XX:TieredStopAtLevel=1` starts faster still but caps long in-process "
               "steps (training) at C1 code quality, so it is opt-in: `SLUICE_JAVA_OPTS=-XX:TieredStopAtLevel=1`.", ""]
    if targets:
        tmd = ["## Targets", "", "| target | status | measured |", "| --- | --- | --- |"]
        tmd += [f"| {t} | {status(ok)} | {fig} |" for t, ok, fig in targets]
        tmd.append("")
        insert = next((i for i, line in enumerate(md) if line.startswith("## ")), len(md))
        md[insert:insert] = tmd
    md += ["## Where Sluice's time goes (profiles, for the fixes)", "",
           open(os.path.join(HERE, "FINDINGS.md")).read() if os.path.exists(os.path.join(HERE, "FINDINGS.md")) else ""]
    with open(os.path.join(ROOT, "BENCHMARKS.md"), "w") as f:
        f.write("\n".join(md).rstrip() + "\n")
    print("wrote BENCHMARKS.md and bench/charts/")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--table"]:   # report.py --table serve|drift FILE: print one results file's table
        table = {"serve": serving_table, "drift": drift_table}[sys.argv[2]]
        with open(sys.argv[3]) as f:
            print("\n".join(table(json.load(f))))
    else:
        main()
