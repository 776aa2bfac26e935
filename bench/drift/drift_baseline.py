"""numpy/scipy baseline for DriftSpeedProbe: 28 numeric features, 1,000,000 reference rows, 100,000 current rows.

Per feature: PSI over the decile bins of the training sample (np.searchsorted, the same outer and missing bins
as Sluice, epsilon 1e-4; the reference is binned once, outside the timing), and the Kolmogorov-Smirnov test two ways:
  scipy:       scipy.stats.ks_2samp(train, current), the two-sample test a Python user runs with the training sample;
  percentiles: the computation Sluice does, in numpy: the current sample against the reference CDF interpolated
               between its 101 percentiles (kept at training time), asymptotic p-value (scipy.stats.kstwobign).
Prints the median of ROUNDS rounds of each, wall and CPU time of this thread, as one JSON line per mode (bench/drift/run
reads them). Run: /usr/bin/python3 drift_baseline.py [ROWS REFERENCE_ROWS ROUNDS]  (default 100000 1000000 5)
"""
import json
import statistics
import sys
import time
import numpy as np
from scipy import stats

rng = np.random.default_rng(42)
F = 28
N, N_REF, ROUNDS = (int(a) for a in sys.argv[1:4]) if len(sys.argv) > 3 else (100_000, 1_000_000, 5)
train = [rng.standard_normal(N_REF) * (1 + f % 3) + f for f in range(F)]
cur = [rng.standard_normal(N) * (1 + f % 3) + f + (0.1 if f % 4 == 0 else 0) for f in range(F)]
edges = [np.unique(np.quantile(t, np.linspace(0, 1, 11))) for t in train]
pct = np.linspace(0, 1, 101)
pct_values = [np.quantile(t, pct) for t in train]
ref_counts = []
for t, e in zip(train, edges):
    idx = np.clip(np.searchsorted(e, t, side="right") - 1, 0, len(e) - 2)
    ref_counts.append(np.bincount(idx, minlength=len(e) - 1))


def psi(e_counts, a_counts, eps=1e-4):
    e = np.maximum(e_counts / e_counts.sum(), eps)
    a = np.maximum(a_counts / a_counts.sum(), eps)
    return float(np.sum((a - e) * np.log(a / e)))


def ks_percentiles(f, finite):
    x = np.sort(finite)
    n = len(x)
    ref = np.interp(x, pct_values[f], pct)
    i = np.arange(1, n + 1)
    d = max(np.max(i / n - ref), np.max(ref - (i - 1) / n))
    ne = n * N_REF / (n + N_REF)
    return d, float(stats.kstwobign.sf((np.sqrt(ne) + 0.12 + 0.11 / np.sqrt(ne)) * d))


def check(ks_mode):
    out = []
    for f in range(F):
        x = cur[f]
        finite = x[np.isfinite(x)]
        e = edges[f]
        inner = np.clip(np.searchsorted(e, finite, side="right") - 1, 0, len(e) - 2)
        below, above = np.sum(finite < e[0]), np.sum(finite > e[-1])
        counts = np.bincount(inner[(finite >= e[0]) & (finite <= e[-1])], minlength=len(e) - 1)
        a = np.concatenate([[below], counts, [above], [len(x) - len(finite)]])
        r = np.concatenate([[0], ref_counts[f], [0], [0]])
        if ks_mode == "scipy":
            ks = stats.ks_2samp(train[f], finite)
            d, pv = ks.statistic, ks.pvalue
        else:
            d, pv = ks_percentiles(f, finite)
        out.append((psi(r, a), d, pv))
    return out


for mode in ("scipy", "percentiles"):
    walls, cpus = [], []
    for _ in range(ROUNDS):
        t0, c0 = time.perf_counter(), time.thread_time()
        res = check(mode)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.thread_time() - c0)
    print(json.dumps({"side": f"numpy-{mode}", "features": F, "rows": N, "reference_rows": N_REF, "rounds": ROUNDS,
                      "wall_ms": statistics.median(walls) * 1000, "cpu_ms": statistics.median(cpus) * 1000,
                      "drifted": sum(1 for p, d, pv in res if p > 0.2 or pv < 0.01)}))
