"""Profiles one numeric column of a CSV file.

Usage: profile_column.py CSV_FILE_OR_FOLDER COLUMN DIGITS

Prints one JSON object of metrics (Sluice records it) and writes a one-line report to
outputs/report/<column>.txt, where Sluice collects the step's 'report' output.
"""
import csv
import json
import os
import sys

from step_input import single_file


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: profile_column.py CSV_FILE COLUMN DIGITS")
    data, column, digits = single_file(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    with open(data, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or column not in rows[0]:
        sys.exit(f"column '{column}' not found in {data}; columns: {list(rows[0]) if rows else []}")
    values = [float(r[column]) for r in rows]
    stats = {
        "count": len(values),
        "mean": round(sum(values) / len(values), digits),
        "min": min(values),
        "max": max(values),
    }
    print(json.dumps(stats))
    os.makedirs("outputs/report", exist_ok=True)
    with open(f"outputs/report/{column}.txt", "w") as out:
        out.write(f"{column}: n={stats['count']} mean={stats['mean']} min={stats['min']} max={stats['max']}\n")


if __name__ == "__main__":
    main()
