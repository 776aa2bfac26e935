#!/usr/bin/env python3
"""Summarizes bench/spark/run's runs: medians per configuration and step, and the per-task costs on Spark.

For each step that ran in a Spark task, the step log holds "spark: job J ms, of which the step's work in the task W ms":
Spark's own cost of the one-task job is J - W (scheduling, serialization, launch, result), and what Sluice adds around
the job is the step's duration D - J (parameters as JSON, moving outputs, replaying log, metrics and checks)."""
import json
import re
import sqlite3
import statistics
import sys
from pathlib import Path

JOB = re.compile(r"spark: job (\d+) ms, of which the step's work in the task (\d+) ms")
# a matrix's instances as one job: the job's time (shared by its N tasks) and this instance's work in its task
GROUP = re.compile(r"spark: one job of (\d+) tasks \(one per instance\) (\d+) ms, of which this step's work in its task (\d+) ms")


def spans(db):
    """Per step with instances: its span in the run, from the first instance's start to the last one's end (ms)."""
    if not db.exists():
        return {}
    with sqlite3.connect(db) as c:
        return {b: hi - lo for b, lo, hi in c.execute(
            "SELECT base_step, min(started_at), max(ended_at) FROM step_runs GROUP BY base_step HAVING count(*) > 1")}


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def main(runs):
    runs = Path(runs)
    walls = [json.loads(line) for line in (runs / "walls.jsonl").read_text().splitlines() if line.strip()]
    configs = []
    for w in walls:
        if w["config"] not in configs:
            configs.append(w["config"])
    out = {"configs": {}}
    for c in configs:
        steps, spark_own, sluice_adds, work, status, groups, span = {}, [], [], [], [], {}, {}
        for f in sorted(runs.glob(c + "-*.json")):
            if not re.fullmatch(re.escape(c) + r"-\d+\.json", f.name):
                continue   # another configuration whose name starts with this one's
            try:
                report = json.loads(f.read_text())
            except ValueError:
                status.append("no json")
                continue
            status.append(report.get("status"))
            for b, ms in spans(runs.parent / "homes" / f.stem / "sluice.db").items():
                span.setdefault(b, []).append(ms)
            for s in report.get("steps", []):
                base = re.sub(r"\[.*\]$", "", s["name"])
                steps.setdefault(base, {}).setdefault(f.name, []).append(s["duration_ms"])
                log = s.get("log")
                if log and Path(log).exists():
                    text = Path(log).read_text(errors="replace")
                    g = GROUP.search(text)
                    if g:
                        groups.setdefault((f.name, int(g.group(1)), int(g.group(2))), []).append(int(g.group(3)))
                    m = JOB.search(text)
                    if m:
                        j, t = int(m.group(1)), int(m.group(2))
                        spark_own.append(j - t)
                        sluice_adds.append(s["duration_ms"] - j)
                        work.append(t)
        entry = {"wall_s": med([w["wall_s"] for w in walls if w["config"] == c]),
                 "loads": [w["load"] for w in walls if w["config"] == c], "status": status, "steps": {}}
        for base, per_run in steps.items():
            totals = [sum(v) for v in per_run.values()]
            entry["steps"][base] = {"instances": max(len(v) for v in per_run.values()), "total_ms": med(totals),
                                    "per_instance_ms": med([x for v in per_run.values() for x in v])}
        if spark_own:
            entry["per_task"] = {"tasks": len(spark_own), "spark_job_minus_work_ms": med(spark_own),
                                 "sluice_step_minus_job_ms": med(sluice_adds), "work_in_task_ms": med(work)}
        entry["span_ms"] = {b: v for b, v in span.items()}
        if groups:   # per run: the one job's tasks, its time, and the sum of its tasks' work
            entry["group_jobs"] = [{"tasks": k[1], "job_ms": k[2], "work_sum_ms": sum(v)} for k, v in groups.items()]
        out["configs"][c] = entry
    (runs.parent / "results.json").write_text(json.dumps(out, indent=1))
    print("| configuration | runs | wall (median) | steps: median ms (instances) | per Spark task: work / Spark's job minus work / Sluice's step minus job (median ms) |")
    print("|---|---|---|---|---|")
    for c, e in out["configs"].items():
        st = ", ".join("%s %.0f%s" % (k, v["total_ms"], " (%d x %.0f; span %s)" % (
            v["instances"], v["per_instance_ms"], " / ".join("%.1f s" % (x / 1000) for x in e["span_ms"].get(k, [])))
            if v["instances"] > 1 else "") for k, v in e["steps"].items())
        pt = e.get("per_task")
        pts = "%d tasks: %.0f / %.0f / %.0f" % (pt["tasks"], pt["work_in_task_ms"], pt["spark_job_minus_work_ms"],
                                               pt["sluice_step_minus_job_ms"]) if pt else "-"
        if "group_jobs" in e:
            pts = "; ".join("one job of %d tasks: %.1f s for %.1f s of work" % (g["tasks"], g["job_ms"] / 1000,
                                                                             g["work_sum_ms"] / 1000) for g in e["group_jobs"])
        print("| %s | %s | %.1f s | %s | %s |" % (c, "/".join(str(s) for s in e["status"]), e["wall_s"], st, pts))


if __name__ == "__main__":
    main(sys.argv[1])
