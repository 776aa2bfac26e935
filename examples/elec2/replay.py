#!/usr/bin/env python3
"""Replays a period of Elec2 through a running `sluice serve` as prediction requests, without the class column
(the outcome is not known when a prediction is asked for). Prints how many rows each model version answered.

    python3 examples/elec2/replay.py [--url http://127.0.0.1:8080] [--model elec2] [--batch 100] [data/late.csv]
"""
import argparse
import csv
import json
import sys
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path


def main():
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv", nargs="?", default=str(here / "data" / "late.csv"))
    ap.add_argument("--url", default="http://127.0.0.1:8080")
    ap.add_argument("--model", default="elec2")
    ap.add_argument("--batch", type=int, default=100, help="rows per request")
    args = ap.parse_args()

    with open(args.csv, newline="") as f:
        rows = [{k: number(v) for k, v in r.items() if k != "class"} for r in csv.DictReader(f)]
    endpoint = f"{args.url}/v1/models/{args.model}/predict"
    versions = Counter()
    for start in range(0, len(rows), args.batch):
        body = json.dumps({"rows": rows[start:start + args.batch]}).encode()
        req = urllib.request.Request(endpoint, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as res:
                answer = json.load(res)
        except urllib.error.HTTPError as e:
            sys.exit(f"replay: {endpoint} answered {e.code}: {e.read().decode(errors='replace')}")
        except urllib.error.URLError as e:
            sys.exit(f"replay: cannot reach {endpoint} ({e.reason}); is `sluice serve {args.model}` running?")
        versions[answer["version"]] += len(answer["predictions"])
    print(f"replayed {len(rows)} rows of {args.csv} to {endpoint}: "
          + ", ".join(f"{n} answered by version {v}" for v, n in sorted(versions.items())))


def number(text):
    """Elec2 values are numbers; day (1..7) is an integer."""
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


if __name__ == "__main__":
    main()
