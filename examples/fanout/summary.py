"""One line per contract type, highest churn rate first, from the rate files under the folder given as argument."""
import json
import os
import sys

rates = []
for folder, _, files in os.walk(sys.argv[1]):
    for name in files:
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            rates.append(json.load(f))
rates.sort(key=lambda r: (-r["churn_rate"], r["contract"]))
lines = [f"{r['contract']}: {r['churn_rate']:.1%} of {r['customers']} customers" for r in rates]
os.makedirs("outputs/table", exist_ok=True)
with open("outputs/table/summary.txt", "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
print("\n".join(lines))
