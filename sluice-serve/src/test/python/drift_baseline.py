"""numpy/scipy baseline for DriftSpeedProbe: 28 numeric features x 100,000 current rows.

Per feature: PSI over the decile bins of the training sample (np.searchsorted, the same outer and missing bins
as Sluice, epsilon 1e-4) and scipy.stats.ks_2samp(train, current), the two-sample test a Python user would run
with the training sample at hand. Prints the best of 10 rounds, wall and CPU time of this thread. Run: python3 drift_baseline.py
"""
import time
import numpy as np
from scipy import stats

rng = np.random.default_rng(42)
F, N = 28, 100_000
train = [rng.standard_normal(N) * (1 + f % 3) + f for f in range(F)]
cur = [rng.standard_normal(N) * (1 + f % 3) + f + (0.1 if f % 4 == 0 else 0) for f in range(F)]
edges = [np.unique(np.quantile(t, np.linspace(0, 1, 11))) for t in train]
ref_counts = []
for t, e in zip(train, edges):
    idx = np.clip(np.searchsorted(e, t, side="right") - 1, 0, len(e) - 2)
    ref_counts.append(np.bincount(idx, minlength=len(e) - 1))


def psi(e_counts, a_counts, eps=1e-4):
    e = np.maximum(e_counts / e_counts.sum(), eps)
    a = np.maximum(a_counts / a_counts.sum(), eps)
    return float(np.sum((a - e) * np.log(a / e)))


def check():
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
        ks = stats.ks_2samp(train[f], finite)
        out.append((psi(r, a), ks.statistic, ks.pvalue))
    return out


best = cpu = float("inf")
for _ in range(10):
    t0, c0 = time.perf_counter(), time.thread_time()
    res = check()
    best = min(best, time.perf_counter() - t0)
    cpu = min(cpu, time.thread_time() - c0)
print("drifted:", sum(1 for p, d, pv in res if p > 0.2 or pv < 0.01), "of", F)
print(f"BASELINE numpy/scipy 28 x 100000: best of 10 {best * 1000:.2f} ms wall, {cpu * 1000:.2f} ms CPU")
