#!/usr/bin/env python3
"""Multiplies the recorded history of a Sluice workspace's SQLite metadata: `seed-history.py DB TIMES`.

Copies every pipeline, run, step run and their details (parameters, metrics, outputs, lineage, artifacts with their
inlined content) TIMES - 1 times, each copy under ids with a suffix (`~1`, `~2`, ...), cache keys included, so the
copies are distinct runs that no new run reuses. Their run folders and stored files are not copied: the copies look
like runs whose files were pruned. Used to measure `HistoryCurve` at 100,000 recorded runs without recording them one
by one (bench/engine/RESULTS.md): record 10,000 runs, multiply by 10, then run `HistoryCurve` on the same home with a
new FIRST.
"""
import sqlite3
import sys

# table -> columns that hold an id (a copy gets the suffix there); the other columns are copied as they are
IDS = {
    "pipelines": ["id"],
    "runs": ["id", "pipeline_id"],
    "step_runs": ["id", "run_id", "cache_key", "cache_source"],
    "step_params": ["step_run_id"],
    "metrics": ["step_run_id"],
    "artifacts": ["id"],
    "artifact_content": ["artifact_id"],
    "step_outputs": ["step_run_id", "artifact_id"],
    "lineage_edges": ["step_run_id", "artifact_id"],
}


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: seed-history.py SLUICE_DB TIMES (e.g. .sluice/sluice.db 10)")
    db, times = sys.argv[1], int(sys.argv[2])
    con = sqlite3.connect(db)
    for table, ids in IDS.items():
        columns = [r[0] for r in con.execute(f"SELECT name FROM pragma_table_info('{table}')")]
        if not columns:
            sys.exit(f"{db}: no table {table}; is it a Sluice workspace's sluice.db?")
        names = ", ".join(columns)
        for k in range(1, times):
            values = ", ".join(f"CASE WHEN {c} IS NULL THEN NULL ELSE {c} || '~{k}' END" if c in ids else c
                               for c in columns)
            con.execute(f"INSERT INTO {table} ({names}) SELECT {values} FROM {table} WHERE {ids[0]} NOT LIKE '%~%'")
        con.commit()
    runs = con.execute("SELECT count(*) FROM runs").fetchone()[0]
    steps = con.execute("SELECT count(*) FROM step_runs").fetchone()[0]
    # no ANALYZE: Sluice never runs it, so the query plans stay those of a workspace that grew by itself
    con.close()
    print(f"{db}: {runs} runs, {steps} step runs")


if __name__ == "__main__":
    main()
