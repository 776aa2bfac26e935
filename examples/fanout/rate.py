"""The churn rate of the customers with one contract type: rate.py DATA.csv CONTRACT."""
import csv
import json
import os
import sys

data, contract = sys.argv[1], sys.argv[2]
with open(data, newline="", encoding="utf-8") as f:
    rows = [row for row in csv.DictReader(f) if row["Contract"] == contract]
churned = sum(1 for row in rows if row["Churn"] == "Yes")
rate = round(churned / len(rows), 4)
os.makedirs("outputs/rates", exist_ok=True)
with open("outputs/rates/rate.json", "w", encoding="utf-8") as f:
    json.dump({"contract": contract, "customers": len(rows), "churn_rate": rate}, f)
print(json.dumps({"churn_rate": rate, "customers": len(rows)}))
