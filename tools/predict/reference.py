#!/usr/bin/env python3
"""Reference computation for physiokit's prediction module, written independently of the C++ code with the
Python standard library only (no numpy), so a test can check that both agree to 1e-9.

Usage: reference.py DATA.csv L2 > result.json
DATA.csv: a header line x1,...,xp,y then one row per case (y is 0 or 1).
Prints: intercept and coefficients of the ridge-penalised logistic regression (penalty L2/2 * sum of squared
coefficients of the standardised features, population standard deviation, intercept not penalised), the AUC,
Brier score, calibration intercept (slope fixed at 1) and calibration slope of the fitted risks on the same rows.
"""
import csv
import json
import math
import sys


def sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def solve(a, b):
    """Gaussian elimination with partial pivoting."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            for k in range(c, n + 1):
                m[r][k] -= f * m[c][k]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][k] * x[k] for k in range(r + 1, n))) / m[r][r]
    return x


def newton(design, y, offset, penalty):
    p = len(design[0])
    beta = [0.0] * p
    for _ in range(100):
        eta = [sum(row[j] * beta[j] for j in range(p)) + o for row, o in zip(design, offset)]
        mu = [sigmoid(e) for e in eta]
        grad = [sum(row[j] * (yi - mi) for row, yi, mi in zip(design, y, mu)) - penalty[j] * beta[j] for j in range(p)]
        hess = [[sum(row[i] * row[j] * mi * (1 - mi) for row, mi in zip(design, mu)) + (penalty[i] if i == j else 0.0)
                 for j in range(p)] for i in range(p)]
        step = solve(hess, grad)
        beta = [b + s for b, s in zip(beta, step)]
        if max(abs(s) for s in step) < 1e-13:
            break
    return beta


def auc(score, y):
    pos = [s for s, t in zip(score, y) if t == 1]
    neg = [s for s, t in zip(score, y) if t == 0]
    total = 0.0
    for a in pos:
        for b in neg:
            total += 1.0 if a > b else 0.5 if a == b else 0.0
    return total / (len(pos) * len(neg))


def main():
    path, l2 = sys.argv[1], float(sys.argv[2])
    with open(path, newline="") as f:
        rows = [[float(v) for v in r] for r in list(csv.reader(f))[1:]]
    x = [r[:-1] for r in rows]
    y = [r[-1] for r in rows]
    n, p = len(x), len(x[0])
    mean = [sum(r[j] for r in x) / n for j in range(p)]
    sd = [math.sqrt(sum((r[j] - mean[j]) ** 2 for r in x) / n) for j in range(p)]
    design = [[1.0] + [(r[j] - mean[j]) / sd[j] for j in range(p)] for r in x]
    beta = newton(design, y, [0.0] * n, [0.0] + [l2] * p)
    coef = [beta[j + 1] / sd[j] for j in range(p)]
    intercept = beta[0] - sum(coef[j] * mean[j] for j in range(p))
    lp = [intercept + sum(c * v for c, v in zip(coef, r)) for r in x]
    risk = [sigmoid(z) for z in lp]
    cal_in = newton([[1.0] for _ in lp], y, lp, [0.0])[0]
    cal = newton([[1.0, z] for z in lp], y, [0.0] * n, [0.0, 0.0])
    json.dump({"intercept": intercept, "coefficients": coef, "auc": auc(risk, y),
               "brier": sum((a - b) ** 2 for a, b in zip(risk, y)) / n,
               "calibration_intercept": cal_in, "calibration_slope": cal[1]}, sys.stdout)


if __name__ == "__main__":
    main()
