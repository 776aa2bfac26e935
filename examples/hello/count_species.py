"""Counts the rows of each species in the iris CSV.

Usage: count_species.py CSV_FILE_OR_FOLDER

Prints JSON metrics (rows, classes) and writes outputs/counts/species.csv.
"""
import collections
import csv
import json
import os
import sys

from step_input import single_file


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: count_species.py CSV_FILE")
    with open(single_file(sys.argv[1]), newline="") as f:
        counts = collections.Counter(row["species"] for row in csv.DictReader(f))
    print(json.dumps({"rows": sum(counts.values()), "classes": len(counts)}))
    os.makedirs("outputs/counts", exist_ok=True)
    with open("outputs/counts/species.csv", "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["species", "rows"])
        for name, n in sorted(counts.items()):
            writer.writerow([name, n])


if __name__ == "__main__":
    main()
