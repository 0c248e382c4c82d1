#!/usr/bin/env bash
# perf-load.sh — load-test the registry lists of a real `kern serve` on a seeded database.
#
#   scripts/perf-load.sh                      # SQLite, in a fresh temporary folder
#   scripts/perf-load.sh postgres://kern@127.0.0.1:55433/kern_test?sslmode=disable
#                                             # PostgreSQL: (re)creates the database kern_perf on
#                                             # that server and uses it; the named database is untouched
#
# Steps: build kern; seed ORGS organisations and PEOPLE people (scripts/perfseed) with one member
# account and a read-only API token; start `kern serve` on 127.0.0.1 only, STARTS times, timing
# process start → /readyz 200 with every migration already applied; log in with curl; run wrk
# (-c32 -t2 -d$DURATION) on the filtered list page (session cookie) and on the API list (bearer
# token); read the server's VmHWM and VmRSS from /proc after each run; print a summary.
#
# Environment: ORGS (10000), PEOPLE (100000), PORT (18480), DURATION (20s), CONNECTIONS (32),
# STARTS (3), KEEP=1 keeps the work folder. Needs go, curl and wrk (Debian package wrk); psql for
# PostgreSQL. wrk and the server share this machine's cores, as the figures in docs/performance.md do.
set -euo pipefail

PG_URL="${1:-}"
ORGS="${ORGS:-10000}"
PEOPLE="${PEOPLE:-100000}"
PORT="${PORT:-18480}"
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-32}"
STARTS="${STARTS:-3}"
EMAIL="perf@kern.example"
PASSWORD="perf-load-$RANDOM$RANDOM"
BASE="http://127.0.0.1:$PORT"
PAGE_PATH="/organizations?kind=hospital&q=zieken"
API_PATH="/api/v1/organizations?kind=hospital&q=zieken"

for tool in go curl wrk; do
	command -v "$tool" >/dev/null || { echo "perf-load: $tool is not installed" >&2; exit 1; }
done
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d /tmp/kern-perf.XXXXXX)"
SERVER_PID=""
cleanup() {
	if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill "$SERVER_PID"
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	if [[ "${KEEP:-}" == "1" ]]; then
		echo "perf-load: work folder kept: $WORK" >&2
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT

echo "== build"
(cd "$ROOT" && go build -o "$WORK/kern" ./cmd/kern && go build -o "$WORK/perfseed" ./scripts/perfseed)

if [[ -n "$PG_URL" ]]; then
	command -v psql >/dev/null || { echo "perf-load: psql is not installed" >&2; exit 1; }
	DB="$(printf '%s' "$PG_URL" | sed -E 's#^(postgres(ql)?://[^/]+/)[^?]*#\1kern_perf#')"
	psql -q "$PG_URL" -c 'DROP DATABASE IF EXISTS kern_perf' -c 'CREATE DATABASE kern_perf'
	ENGINE="postgres"
else
	DB="$WORK/kern.db"
	ENGINE="sqlite"
fi

echo "== seed $ORGS organisations, $PEOPLE people ($ENGINE)"
TOKEN="$("$WORK/perfseed" -db "$DB" -orgs "$ORGS" -people "$PEOPLE" -email "$EMAIL" -password "$PASSWORD")"

# start_server starts kern serve in the background, sets SERVER_PID, and sets STARTUP_MS to the
# milliseconds from process start to the first 200 from /readyz.
start_server() {
	local t0 t1
	t0=$(date +%s%N)
	"$WORK/kern" serve --db "$DB" --data "$WORK/data" --addr "127.0.0.1:$PORT" --log-format json \
		>>"$WORK/serve.out" 2>>"$WORK/serve.log" &
	SERVER_PID=$!
	until curl -fs -o /dev/null "$BASE/readyz"; do
		kill -0 "$SERVER_PID" 2>/dev/null || { echo "perf-load: kern serve exited; see below" >&2; tail -20 "$WORK/serve.log" >&2; exit 1; }
		sleep 0.005
	done
	t1=$(date +%s%N)
	STARTUP_MS=$(((t1 - t0) / 1000000))
}

stop_server() {
	kill "$SERVER_PID"
	wait "$SERVER_PID" 2>/dev/null || true
	SERVER_PID=""
}

echo "== start-up with migrations applied ($STARTS starts)"
STARTUPS=()
for ((i = 1; i <= STARTS; i++)); do
	start_server
	STARTUPS+=("$STARTUP_MS")
	echo "start $i: ${STARTUP_MS} ms to /readyz 200"
	if ((i < STARTS)); then stop_server; fi # the last one serves the load
done
echo "server pid $SERVER_PID; kern logs its own figure: $(grep -o '"startup_ms":[0-9]*' "$WORK/serve.log" | tr '\n' ' ')"

echo "== log in"
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -c "$WORK/cookies" -H "Origin: $BASE" \
	--data-urlencode "email=$EMAIL" --data-urlencode "password=$PASSWORD" --data-urlencode "next=/" "$BASE/login")
[[ "$STATUS" == "303" ]] || { echo "perf-load: log-in answered $STATUS" >&2; exit 1; }
SESSION="$(awk '$6 == "kern_session" { print $7 }' "$WORK/cookies")"
[[ -n "$SESSION" ]] || { echo "perf-load: no session cookie" >&2; exit 1; }

for check in "page:$PAGE_PATH" "api:$API_PATH"; do
	kind="${check%%:*}" path="${check#*:}"
	if [[ "$kind" == "page" ]]; then auth=(-H "Cookie: kern_session=$SESSION"); else auth=(-H "Authorization: Bearer $TOKEN"); fi
	STATUS=$(curl -s -o "$WORK/check.$kind" -w '%{http_code}' "${auth[@]}" "$BASE$path")
	[[ "$STATUS" == "200" ]] || { echo "perf-load: GET $path answered $STATUS" >&2; exit 1; }
done
grep -q "Synthetisch" "$WORK/check.page" || { echo "perf-load: the list page shows no seeded organisation" >&2; exit 1; }

cat >"$WORK/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT p50=%.2f p95=%.2f p99=%.2f max=%.2f rps=%.1f requests=%d errors=%d non2xx=%d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests / (summary.duration / 1e6), summary.requests, e.connect + e.read + e.write + e.timeout, e.status))
end
LUA

rss() { awk '/^VmHWM|^VmRSS/ { printf "%s %d MB  ", $1, $2 / 1024 }' "/proc/$SERVER_PID/status"; }

declare -A RESULTS
run_wrk() {
	local name="$1" path="$2"
	shift 2
	echo "== wrk $name: GET $path"
	wrk -c"$CONNECTIONS" -t2 -d"$DURATION" --latency -s "$WORK/report.lua" "$@" "$BASE$path" | tee "$WORK/wrk.$name"
	RESULTS[$name]="$(grep '^RESULT' "$WORK/wrk.$name" | cut -d' ' -f2-)  after: $(rss)"
}
run_wrk page "$PAGE_PATH" -H "Cookie: kern_session=$SESSION"
run_wrk api "$API_PATH" -H "Authorization: Bearer $TOKEN"

echo
echo "== summary ($ENGINE, $ORGS organisations, $PEOPLE people, wrk -c$CONNECTIONS -t2 -d$DURATION, $(nproc) cores)"
echo "start-up to /readyz 200 (ms): ${STARTUPS[*]}"
echo "list page  $PAGE_PATH: ${RESULTS[page]}"
echo "API list   $API_PATH: ${RESULTS[api]}"
echo "(latencies in ms; rps = requests per second; RSS of kern serve from /proc/$SERVER_PID/status)"
echo "targets: page p95 < 50 ms, API p95 < 20 ms, RSS < 150 MB, start-up < 1000 ms"
