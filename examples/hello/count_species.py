"""Counts the rows of each species in the iris CSV.

Usage: count_species.py CSV_FILE_OR_FOLDER

Prints JSON metrics (rows, classes) and writes outputs/counts/species.csv.
"""
import collections
import csv
import json
import os
import sys



def single_file(path):
    """An input arrives as a file, or as a folder holding one file."""
    if os.path.isdir(path):
        names = sorted(n for n in os.listdir(path) if not n.startswith("."))
        if len(names) != 1:
            sys.exit(f"expected one file in {path}, found {names}")
        return os.path.join(path, names[0])
    return path


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
