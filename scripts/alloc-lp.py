#!/usr/bin/env python3
"""The first fairness level of a kern allocation problem as a linear program.

Reads a problem (docs/schemas/allocation-problem.schema.json), finds the feasible lot-demand links
by the rules of docs/allocation.md (same nuclide; a route, or the lot at the hospital; available +
transit <= calibration; age at calibration within the shelf life and 20 half-lives), and writes or
solves

    maximise t  subject to  sum_l x_ld >= t * need_d   (every priority-1 demand d)
                            sum_l x_ld <= need_d
                            sum_d e^{lambda (cal_d - avail_l)} x_ld <= activity_l
                            x >= 0, 0 <= t <= 1

with x in GBq delivered at calibration. Only priority-1 demands and their links enter: the first
level does not depend on the others; nor do those no lot can reach, which are left out. Windows
are ignored (each demand at its calibration_at).

  alloc-lp.py problem.json --highs            solve with HiGHS (scipy.optimize.linprog)
  alloc-lp.py problem.json --write level1.lp  write CPLEX LP format for glpsol --lp
"""
import argparse, csv, json, math, os, sys, time
from datetime import datetime

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def half_lives():
    out = {}
    with open(os.path.join(HERE, "..", "internal", "nuclide", "data", "nuclides.csv")) as f:
        for row in csv.DictReader(f):
            out[row["nuclide"]] = float(row["half_life_s"])
    return out


def instant(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


def links(problem):
    hl = half_lives()
    shelf = {s["nuclide"]: s["hours"] * 3600 for s in problem.get("shelf_lives") or []}
    transit = {(r["from"], r["to"]): r["transit_hours"] * 3600 for r in problem["routes"]}
    sites = sorted({l["site"] for l in problem["lots"]})
    hosps = sorted({d["hospital"] for d in problem["demands"]})
    si = {s: i for i, s in enumerate(sites)}
    hi = {h: i for i, h in enumerate(hosps)}
    tr = np.full((len(sites), len(hosps)), -1.0)
    for (s, h), t in transit.items():
        if s in si and h in hi:
            tr[si[s], hi[h]] = t
    for s in sites:
        if s in hi and tr[si[s], hi[s]] < 0:
            tr[si[s], hi[s]] = 0.0
    dem = [d for d in problem["demands"] if d["priority"] == 1]
    rows, cols, grow = [], [], []
    by_nuc = {}
    for j, d in enumerate(dem):
        by_nuc.setdefault(d["nuclide"], []).append(j)
    for nuc, js in by_nuc.items():
        lam = math.log(2) / hl[nuc]
        max_age = min(shelf.get(nuc, math.inf), 20 * hl[nuc])
        js = np.array(js)
        cal = np.array([instant(dem[j]["calibration_at"]) for j in js])
        dh = np.array([hi[dem[j]["hospital"]] for j in js])
        for li, l in enumerate(problem["lots"]):
            if l["nuclide"] != nuc:
                continue
            avail = instant(l["available_at"])
            t = tr[si[l["site"]], dh]
            age = cal - avail
            ok = (t >= 0) & (avail + t <= cal) & (age <= max_age)
            k = np.nonzero(ok)[0]
            rows.append(np.full(len(k), li))
            cols.append(js[k])
            grow.append(np.exp(lam * age[k]))
    if rows:
        lot, d, g = np.concatenate(rows), np.concatenate(cols), np.concatenate(grow)
    else:
        lot, d, g = np.zeros(0, int), np.zeros(0, int), np.zeros(0)
    # Demands no lot can reach would pin the level at 0; like kern's bottleneck report, the LP
    # leaves them out and levels the others.
    linked = np.zeros(len(dem), bool)
    linked[d] = True
    renum = np.cumsum(linked) - 1
    d = renum[d]
    need = np.array([x["activity_bq"] / 1e9 for x, ok in zip(dem, linked) if ok])
    cap = np.array([l["activity_bq"] / 1e9 for l in problem["lots"]])
    return lot, d, g, need, cap


def solve_highs(lot, d, g, need, cap):
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix, vstack
    n, nd, nl = len(lot), len(need), len(cap)
    idx = np.arange(n)
    # variables: x_0..x_{n-1}, t
    A_fill = coo_matrix((np.concatenate([-np.ones(n), need]), (np.concatenate([d, np.arange(nd)]), np.concatenate([idx, np.full(nd, n)]))), shape=(nd, n + 1))
    A_need = coo_matrix((np.ones(n), (d, idx)), shape=(nd, n + 1))
    A_lot = coo_matrix((g, (lot, idx)), shape=(nl, n + 1))
    A = vstack([A_fill, A_need, A_lot]).tocsr()
    b = np.concatenate([np.zeros(nd), need, cap])
    c = np.zeros(n + 1)
    c[n] = -1
    bounds = [(0, None)] * n + [(0, 1)]
    t0 = time.monotonic()
    res = linprog(c, A_ub=A, b_ub=b, bounds=bounds, method="highs")
    return res, time.monotonic() - t0


def write_lp(path, lot, d, g, need, cap):
    by_d = {}
    by_l = {}
    for i in range(len(lot)):
        by_d.setdefault(int(d[i]), []).append(i)
        by_l.setdefault(int(lot[i]), []).append(i)
    with open(path, "w") as f:
        f.write("Maximize\n obj: t\nSubject To\n")
        for j, nj in enumerate(need):
            xs = by_d.get(j, [])
            if not xs:
                f.write(" f%d: t <= 0\n" % j)
                continue
            terms = " + ".join("x%d" % i for i in xs)
            f.write(" n%d: %s <= %.17g\n" % (j, terms, nj))
            f.write(" f%d: %s - %.17g t >= 0\n" % (j, terms, nj))
        for l, xs in by_l.items():
            f.write(" l%d: %s <= %.17g\n" % (l, " + ".join("%.17g x%d" % (g[i], i) for i in xs), cap[l]))
        f.write("Bounds\n t <= 1\nEnd\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("problem")
    ap.add_argument("--highs", action="store_true")
    ap.add_argument("--write")
    a = ap.parse_args()
    t0 = time.monotonic()
    with open(a.problem) as f:
        problem = json.load(f)
    lot, d, g, need, cap = links(problem)
    print("lp: %d priority-1 demands, %d links, %d lots; built in %.1f s" % (len(need), len(lot), len(cap), time.monotonic() - t0), file=sys.stderr)
    if a.write:
        write_lp(a.write, lot, d, g, need, cap)
    if a.highs:
        res, secs = solve_highs(lot, d, g, need, cap)
        print(json.dumps({"solver": "highs", "status": res.status, "message": res.message,
                          "min_fill_ratio": (-res.fun if res.status == 0 else None), "solve_seconds": round(secs, 3)}))


if __name__ == "__main__":
    main()
