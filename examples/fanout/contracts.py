"""Writes the distinct values of the Contract column of the CSV file given as argument, as a JSON list."""
import csv
import json
import os
import sys

with open(sys.argv[1], newline="", encoding="utf-8") as f:
    contracts = sorted({row["Contract"] for row in csv.DictReader(f)})
os.makedirs("outputs/contracts", exist_ok=True)
with open("outputs/contracts/contracts.json", "w", encoding="utf-8") as f:
    json.dump(contracts, f)
print(json.dumps({"contracts": len(contracts)}))
