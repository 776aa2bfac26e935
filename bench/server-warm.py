#!/usr/bin/python3
"""The orchestration DAGs on a warm `sluice server`, side by side with Dask in a warm Python process.

Writes the DAGs of bench/dags.py, starts `./sluice server` on a fresh workspace with them as its pipelines, warms it
up, then for each DAG alternates, round by round: a run submitted over the API with the cache off (every step
recorded durably), timed from the POST to its `run_finished` event; the same with the cache on (every step reused);
and Dask's threaded scheduler computing the same graph in one warm Python process. Last, `./sluice run FILE
--server URL` for each DAG, the client's JVM start included. Prints Markdown tables (medians) and writes the raw
figures as JSON.

    bench/server-warm.py [--rounds 7] [--warmup 3] [--out bench/results/server-warm.json]

Needs Debian's python3-dask (bench/setup-peers installs it). Standard library otherwise; uses ./sluice of this
checkout (built on first use).
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SLUICE = os.path.join(ROOT, "sluice")
DAGS = ["single", "chain-100", "fan-1000", "layers-10x100"]
WORKERS = 2


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, work, pipelines):
        self.env = dict(os.environ, SLUICE_HOME=os.path.join(work, "home"))
        self.port = free_port()
        self.log = open(os.path.join(work, "server.log"), "w")
        self.proc = subprocess.Popen([SLUICE, "server", "--pipelines", pipelines, "--port", str(self.port),
                                      "--workers", str(WORKERS)], env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        token_file = os.path.join(self.env["SLUICE_HOME"], "server", "admin-token")
        deadline = time.time() + 900  # the first ./sluice builds the CLI
        while not os.path.exists(token_file):
            if self.proc.poll() is not None or time.time() > deadline:
                sys.exit("sluice server did not start; see " + self.log.name)
            time.sleep(0.2)
        self.token = open(token_file).read().strip()
        self.base = "http://127.0.0.1:%d/api/v1" % self.port
        while True:
            try:
                self.call("/health")
                break
            except OSError:
                time.sleep(0.1)

    def call(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method="POST" if body is not None else "GET",
                                     headers={"Authorization": "Bearer " + self.token,
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=600) as r:
            return json.load(r)

    def run(self, pipeline, no_cache):
        """Seconds from the POST to the run's run_finished event, and the run's status."""
        t0 = time.perf_counter()
        run = self.call("/runs", {"pipeline": pipeline, "no_cache": no_cache})
        req = urllib.request.Request(self.base + "/runs/%s/events" % run["run_id"],
                                     headers={"Authorization": "Bearer " + self.token})
        with urllib.request.urlopen(req, timeout=600) as stream:
            event = None
            for raw in stream:
                line = raw.decode().rstrip("\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event == "run_finished":
                    return time.perf_counter() - t0, json.loads(line[6:]).get("status")
        raise RuntimeError("no run_finished for " + run["run_id"])

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=120)


def dask_runner(dag_dir):
    """A function that computes the DAG once with Dask's threaded scheduler in this (warm) process."""
    import dask
    import importlib.util
    dag = json.load(open(os.path.join(dag_dir, "dag.json")))
    out = tempfile.mkdtemp(prefix="dask-out-")
    spec = importlib.util.spec_from_file_location("dask_dag", os.path.join(dag_dir, "dask_dag.py"))
    generated = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generated)  # the task the dags.py Dask script runs, so both time the same work
    step = generated.step

    def once():
        tasks = {}
        for name, parents in dag["steps"]:
            tasks[name] = dask.delayed(step, pure=False)(name, os.path.join(out, name + ".txt"),
                                                         *[tasks[p] for p in parents])
        t0 = time.perf_counter()
        dask.compute(*[tasks[s] for s in dag["sinks"]], scheduler="threads", num_workers=WORKERS)
        return time.perf_counter() - t0
    return once


def per_step(walls, singles, steps):
    return (statistics.median(walls) - statistics.median(singles)) / (steps - 1) * 1000 if steps > 1 else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "server-warm.json"))
    a = ap.parse_args()

    work = tempfile.mkdtemp(prefix="sluice-server-warm-")
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "dags.py"), os.path.join(work, "dags")], check=True,
                   stdout=subprocess.DEVNULL)
    pipelines = os.path.join(work, "pipelines")
    os.makedirs(pipelines)
    steps = {}
    for d in DAGS:
        shutil.copy(os.path.join(work, "dags", d, "sluice-java.yaml"), os.path.join(pipelines, d + ".yaml"))
        steps[d] = len(json.load(open(os.path.join(work, "dags", d, "dag.json")))["steps"])
    server = Server(work, pipelines)
    dask_once = {d: dask_runner(os.path.join(work, "dags", d)) for d in DAGS}
    figures = {d: {"server_no_cache": [], "server_cached": [], "dask": [], "cli_server": []} for d in DAGS}
    try:
        for _ in range(a.warmup):
            for d in DAGS:
                server.run(d + "-java", True)
                server.run(d + "-java", False)
                dask_once[d]()
        for r in range(a.rounds):
            for d in DAGS:
                wall, status = server.run(d + "-java", True)
                assert status == "succeeded", (d, status)
                figures[d]["server_no_cache"].append(wall)
                figures[d]["server_cached"].append(server.run(d + "-java", False)[0])
                figures[d]["dask"].append(dask_once[d]())
            print("round %d of %d done" % (r + 1, a.rounds), file=sys.stderr)
        for d in DAGS:
            for _ in range(max(3, a.rounds // 2)):
                t0 = time.perf_counter()
                subprocess.run([SLUICE, "run", os.path.join(pipelines, d + ".yaml"), "--server",
                                "http://127.0.0.1:%d" % server.port, "--no-cache"],
                               env=dict(server.env, SLUICE_TOKEN=server.token), check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                figures[d]["cli_server"].append(time.perf_counter() - t0)
    finally:
        server.stop()

    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump({"rounds": a.rounds, "warmup": a.warmup, "steps": steps, "seconds": figures,
                   "load_average": os.getloadavg()}, f, indent=1)
    ms = lambda xs: statistics.median(xs) * 1000
    print("| DAG | steps | server, cache off | server, all cached | Dask, warm | server / Dask | per step, server"
          " | per step, Dask | `sluice run --server` (client start included) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for d in DAGS:
        f = figures[d]
        ps = per_step(f["server_no_cache"], figures["single"]["server_no_cache"], steps[d])
        pd = per_step(f["dask"], figures["single"]["dask"], steps[d])
        print("| %s | %d | %.1f ms | %.1f ms | %.1f ms | %.2f× | %s | %s | %.0f ms |" % (
            d, steps[d], ms(f["server_no_cache"]), ms(f["server_cached"]), ms(f["dask"]),
            statistics.median(f["server_no_cache"]) / statistics.median(f["dask"]),
            "" if ps is None else "%.3f ms" % ps, "" if pd is None else "%.3f ms" % pd, ms(f["cli_server"])))
    print("\nload average at the end: %.1f %.1f %.1f; raw figures: %s" % (*os.getloadavg(), os.path.relpath(a.out, ROOT)))


if __name__ == "__main__":
    main()
