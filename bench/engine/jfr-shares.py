#!/usr/bin/env python3
"""Groups the execution and native-method samples of a JFR recording of WarmLoop by where a step's time goes.

Usage: bench/engine/jfr-shares.py RECORDING.jfr [CPU_US_PER_STEP]

Each sample goes to the first group, in the order below, that one of its stack frames (or, for the metadata
writer, its thread) matches; the rest is "other". With the JVM's CPU time per step (WarmLoop's "us a step" of CPU,
from a run without the recorder), the share of Java samples is turned into microseconds.
"""
import json
import os
import subprocess
import sys

GROUPS = [
    ("store ingest (small outputs from memory; bigger ones: link, hash, rename)",
     lambda f: f.startswith("dev.sluice.exec.DurableJournal.ingest") or f.startswith("dev.sluice.exec.DurableJournal.inMemory")),
    ("metadata writer thread (SQL statements per record, commit, fsync)", None),
    ("records and events (`StepRecords`, `RunRecorder`, listeners)",
     lambda f: f.startswith(("dev.sluice.exec.StepRecords", "dev.sluice.exec.RunRecorder", "dev.sluice.exec.Events",
                             "dev.sluice.exec.StepProgress"))),
    ("the component itself (`concat`)", lambda f: f.startswith("dev.sluice.builtin.ConcatComponent")),
    ("per-run fixed work on the calling thread (cache preload, run start)",
     lambda f: f.startswith(("dev.sluice.exec.DurableJournal.<init>", "dev.sluice.exec.DurableJournal.preload",
                             "dev.sluice.exec.Planner", "dev.sluice.exec.RunPlan"))),
    ("cache key (`CacheKeys`, canonical JSON)", lambda f: f.startswith(("dev.sluice.exec.CacheKeys", "dev.sluice.exec.CanonicalJson"))),
    ("inputs, parameters, `when:`", lambda f: f.startswith(("dev.sluice.exec.StepInputs", "dev.sluice.exec.StepParams",
                                                           "dev.sluice.exec.RefResolver"))),
    ("step log object", lambda f: f.startswith("dev.sluice.exec.StepLog")),
    ("step folder and output folders (`StepFolder`)", lambda f: f.startswith("dev.sluice.exec.StepFolder")),
    ("cache lookup", lambda f: f.startswith(("dev.sluice.exec.DurableJournal.lookup", "dev.sluice.exec.KnownCacheKeys"))),
    ("step runner, the rest (attempt, gate, outcome)", lambda f: f.startswith("dev.sluice.exec.StepRunner")),
    ("dispatch (pool, in-degree counters)", lambda f: f.startswith("dev.sluice.exec.Dispatcher")),
]


def samples(recording, event):
    jfr = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "jfr")
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "200", "--events", event, recording],
                         check=True, capture_output=True, text=True).stdout
    for e in json.loads(out)["recording"]["events"]:
        v = e["values"]
        thread = (v.get("sampledThread") or {}).get("javaName") or ""
        frames = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in (v.get("stackTrace") or {}).get("frames", [])]
        yield thread, frames


def group(thread, frames):
    for name, match in GROUPS:
        if match is None:
            if "meta-writer" in thread:
                return name
        elif any(match(f) for f in frames):
            return name
    return "other"


def main():
    recording = sys.argv[1]
    cpu = float(sys.argv[2]) if len(sys.argv) > 2 else None
    counts = {}
    for event, key in (("jdk.ExecutionSample", "java"), ("jdk.NativeMethodSample", "native")):
        c = {}
        for thread, frames in samples(recording, event):
            g = group(thread, frames)
            c[g] = c.get(g, 0) + 1
        counts[key] = c
    names = [n for n, _ in GROUPS] + ["other"]
    java, native = sum(counts["java"].values()), sum(counts["native"].values())
    print(f"java samples {java}, native samples {native}")
    for n in names:
        j, nat = counts["java"].get(n, 0), counts["native"].get(n, 0)
        us = f"{cpu * j / java:6.0f} us" if cpu and java else ""
        print(f"| {n} | {us} | {100.0 * nat / native if native else 0:.1f} % | ({j} java, {nat} native)")


if __name__ == "__main__":
    main()
