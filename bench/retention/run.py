#!/usr/bin/env python3
"""Retention on a workspace of many tiny runs.

Submits N runs (default 5000) of a pipeline of four tiny in-process steps to a warm `sluice server` on a fresh
workspace, stops it, then measures what `sluice gc --runs` frees (dry run, then --delete) and what `sluice gc --delete`
collects from the store afterwards: the folders under runs/ and the store, by `du`, before and after.

    bench/retention/run.py [N] [--keep keep_last=100] [--out bench/retention/last-run.json]

Standard library only. Uses ./sluice of this checkout (built on first use) and prints one JSON object.
"""
import argparse
import concurrent.futures
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SLUICE = os.path.join(ROOT, "sluice")
PIPELINE = """pipeline: tiny
params:
  n: {type: int, default: 0}
steps:
  a: {uses: concat, with: {text: "run ${params.n}\\n"}}
  b: {uses: count, inputs: {in: a.out}}
  c: {uses: concat, inputs: {parts: [a.out]}, with: {text: "more\\n"}}
  d: {uses: count, inputs: {in: c.out}}
"""


def du_kb(path):
    if not os.path.exists(path):
        return 0
    return int(subprocess.run(["du", "-sk", path], capture_output=True, text=True, check=True).stdout.split()[0])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(url, token, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method="POST" if body is not None else "GET",
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.load(r)


def sluice(env, *args):
    r = subprocess.run([SLUICE, *args], env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("sluice %s failed (%d): %s" % (" ".join(args), r.returncode, r.stderr))
    return r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("runs", nargs="?", type=int, default=5000)
    ap.add_argument("--keep", default="keep_last=100")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "retention", "last-run.json"))
    a = ap.parse_args()

    work = tempfile.mkdtemp(prefix="sluice-retention-")
    env = dict(os.environ, SLUICE_HOME=os.path.join(work, "home"))
    env.pop("SLUICE_RETENTION", None)
    os.makedirs(os.path.join(work, "pipelines"))
    with open(os.path.join(work, "pipelines", "tiny.yaml"), "w") as f:
        f.write(PIPELINE)
    port = free_port()
    server = subprocess.Popen([SLUICE, "server", "--pipelines", os.path.join(work, "pipelines"), "--port", str(port),
                               "--workers", "2", "--retention-every", "1d"], env=env,
                              stdout=open(os.path.join(work, "server.log"), "w"), stderr=subprocess.STDOUT)
    token_file = os.path.join(env["SLUICE_HOME"], "server", "admin-token")
    for _ in range(1200):
        if os.path.exists(token_file):
            break
        time.sleep(0.25)
    token = open(token_file).read().strip()
    base = "http://127.0.0.1:%d/api/v1" % port
    for _ in range(120):
        try:
            call(base + "/pipelines", token)
            break
        except OSError:
            time.sleep(0.25)

    started = time.time()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: call(base + "/runs", token, {"pipeline": "tiny", "params": {"n": i}}), range(a.runs)))
    while True:
        going = sum(len(call(base + "/runs?status=%s&limit=1" % s, token)["runs"]) for s in ("queued", "running"))
        if going == 0:
            break
        time.sleep(1)
    elapsed = time.time() - started
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=120)

    home = env["SLUICE_HOME"]
    before = {"runs_kb": du_kb(os.path.join(home, "runs")), "store_kb": du_kb(os.path.join(home, "store")),
              "db_kb": sum(du_kb(os.path.join(home, f)) for f in os.listdir(home) if f.startswith("sluice.db"))}
    dry = json.loads(sluice(env, "gc", "--runs", "--retention", a.keep, "--json"))
    t = time.time()
    done = json.loads(sluice(env, "gc", "--runs", "--retention", a.keep, "--delete", "--json"))
    gc_runs_s = time.time() - t
    store = json.loads(sluice(env, "gc", "--delete", "--json"))
    after = {"runs_kb": du_kb(os.path.join(home, "runs")), "store_kb": du_kb(os.path.join(home, "store")),
             "db_kb": sum(du_kb(os.path.join(home, f)) for f in os.listdir(home) if f.startswith("sluice.db"))}
    left = json.loads(sluice(env, "runs", "--json", "--limit", "100000"))["runs"]
    result = {
        "runs": a.runs, "retention": a.keep, "submit_to_done_s": round(elapsed, 1),
        "per_run_folder_kb": round(before["runs_kb"] / a.runs, 1),
        "before": before, "after": after, "runs_left": len(left),
        "gc_runs": {k: done[k] for k in ("runs", "run_folders", "folders", "files", "bytes", "disk_bytes",
                                          "store_artifacts", "store_bytes")},
        "gc_runs_dry_store_bytes": dry["store_bytes"], "gc_runs_delete_s": round(gc_runs_s, 1),
        "gc_store": {"count": store["count"], "bytes": store["bytes"]},
    }
    print(json.dumps(result, indent=2))
    with open(a.out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
