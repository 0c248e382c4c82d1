#!/bin/sh
# Side by side on one instance: kern allocate's whole plan (every class, every fairness level,
# JSON in and out) against HiGHS (scipy.optimize.linprog, method="highs") and glpsol solving only
# the first fairness level's LP of the same instance (scripts/alloc-lp.py).
#
#   scripts/alloc-compare.sh [HOSPITALS NUCLIDES DAYS SEED]     default: the European instance
#
# Needs Go, python3 with numpy and scipy (Debian python3-scipy) and glpsol (Debian glpk-utils).
# GLPSOL_TIMEOUT (seconds, default 900) bounds the glpsol run; HIGHS_TIMEOUT likewise (default 1800).
set -eu
H=${1:-1500} K=${2:-30} D=${3:-28} S=${4:-1}
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
"$PY" -c 'import scipy' 2>/dev/null || PY=/usr/bin/python3 # Debian's python3-scipy beside a pyenv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/kern" ./cmd/kern
"$tmp/kern" allocate gen --hospitals "$H" --nuclides "$K" --days "$D" --seed "$S" --out "$tmp/problem.json"
echo "instance: --hospitals $H --nuclides $K --days $D --seed $S, $(du -h "$tmp/problem.json" | cut -f1) of JSON"

echo "== kern allocate (whole plan, JSON in and out)"
/usr/bin/time -f "kern: %e s wall, %M KiB max RSS" "$tmp/kern" allocate --in "$tmp/problem.json" --out "$tmp/plan.json" 2>"$tmp/kern.err" || true
grep -v "warning:" "$tmp/kern.err" || true
"$PY" -c "
import json; p = json.load(open('$tmp/plan.json'))
print('kern: priority-1 min fill ratio', [c['min_fill_ratio'] for c in p['classes'] if c['priority'] == 1][0])"

echo "== HiGHS (first fairness level only)"
/usr/bin/time -f "highs: %e s wall including reading and building, %M KiB max RSS" \
	timeout "${HIGHS_TIMEOUT:-1800}" "$PY" scripts/alloc-lp.py "$tmp/problem.json" --highs --write "$tmp/level1.lp" \
	|| echo "highs: did not finish within ${HIGHS_TIMEOUT:-1800} s"

echo "== glpsol (first fairness level only)"
start=$(date +%s.%N)
if timeout "${GLPSOL_TIMEOUT:-900}" glpsol --lp "$tmp/level1.lp" -w "$tmp/level1.sol" >"$tmp/glpsol.log" 2>&1; then
	end=$(date +%s.%N)
	echo "glpsol: $(echo "$end - $start" | bc) s wall (reading and solving); $(grep -m1 '^s ' "$tmp/level1.sol")"
else
	echo "glpsol: did not finish within ${GLPSOL_TIMEOUT:-900} s"
	tail -3 "$tmp/glpsol.log"
fi
