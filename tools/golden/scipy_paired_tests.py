#!/usr/bin/python3
"""Golden p-values for tests/experiment/stats_test.cpp, from SciPy (Debian: python3-scipy).

Run from the project root: /usr/bin/python3 tools/golden/scipy_paired_tests.py
Writes tests/data/scipy_paired_tests.json: for seeded paired samples of the sizes a
cross-validation gives (5 and 10 folds, 5 x 5 repeated folds, 30 holdout repeats), the
Nadeau-Bengio corrected resampled t-test (computed here from its formula with
scipy.stats.t.sf) and scipy.stats.wilcoxon (exact without ties or zeros, else mode="approx").
"""
import json

import numpy as np
from scipy import stats


def corrected_t(d, ratio):
    j = len(d)
    var = np.var(d, ddof=1)
    t = np.mean(d) / np.sqrt((1.0 / j + ratio) * var)
    return float(t), float(2 * stats.t.sf(abs(t), j - 1))


def case(name, x, y, ratio):
    d = np.asarray(x) - np.asarray(y)
    t, p = corrected_t(d, ratio)
    # prunekit's rule: exact p without ties or zero differences, otherwise the normal
    # approximation with tie correction (SciPy 1.10's default would still run its exact
    # distribution with ties, and warn that it is not valid then).
    nonzero = d[d != 0]
    plain = len(nonzero) == len(d) and len(np.unique(np.abs(nonzero))) == len(nonzero)
    mode = "auto" if plain else "approx"
    w = stats.wilcoxon(x, y, mode=mode)
    return {"name": name, "x": list(map(float, x)), "y": list(map(float, y)),
            "test_train_ratio": ratio,
            "corrected_t": {"statistic": t, "p_value": p},
            "wilcoxon": {"statistic": float(w.statistic), "p_value": float(w.pvalue),
                         "mode": mode}}


rng = np.random.default_rng(12)
cases = []
for name, j, ratio in [("5-fold", 5, 1 / 4), ("10-fold", 10, 1 / 9),
                       ("5x5-fold", 25, 1 / 4), ("30 holdouts 1/3", 30, 0.5)]:
    y = np.round(rng.uniform(0.8, 0.95, j), 4)
    x = np.round(y + rng.normal(0.01, 0.02, j), 4)
    cases.append(case(name, x, y, ratio))
# Ties and a zero difference: Wilcoxon's normal approximation with tie correction.
x = [0.90, 0.92, 0.88, 0.91, 0.93, 0.90, 0.89, 0.94, 0.92, 0.90]
y = [0.88, 0.90, 0.88, 0.89, 0.90, 0.91, 0.87, 0.90, 0.90, 0.87]
cases.append(case("ties and a zero, 10-fold", x, y, 1 / 9))

with open("tests/data/scipy_paired_tests.json", "w") as out:
    json.dump({"scipy_version": __import__("scipy").__version__, "cases": cases}, out, indent=1)
    out.write("\n")
