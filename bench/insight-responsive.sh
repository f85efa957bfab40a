#!/usr/bin/env bash
# bench/insight-responsive.sh — issue 7: does the server stay responsive
# while the insight thread computes? The signed-in home stream (JSON, as
# several members in turn) under wrk, alternately with the server idle and
# while a computation an administrator asked for runs (SCHED_IDLE thread).
# Prints the medians of both and their ratio, and how long the computations
# took inside the server. Nothing here asserts time.
#
#   DATA=DIR bench/insight-responsive.sh     an existing demo (its 8 readers and
#                                            the demo admin get a new password)
#   RUNS=3 DURATION=15 CONNECTIONS=4 THREADS=2 USERS=8 PORT=18091
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-4}
THREADS=${THREADS:-2}
USERS=${USERS:-8}
PORT=${PORT:-18091}
BIN=${PLEIN_BIN:-./plein}
OUT=bench/out
mkdir -p "$OUT"
. bench/lib.sh

[ -n "${DATA:-}" ] || { echo "bench: set DATA to a demo directory (plein demo --data DIR ...)"; exit 1; }
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)"; exit 1; }
command -v sqlite3 >/dev/null || { echo "bench: sqlite3 is missing (apt-get install sqlite3)"; exit 1; }
db=$DATA/plein.db
pid=
tmp=$(mktemp -d)
trap '[ -n "$pid" ] && { kill $pid 2>/dev/null; wait $pid 2>/dev/null; }; rm -rf "$tmp"' EXIT

password=bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
sqlite3 "$db" "SELECT email FROM people WHERE role = 'member' AND status = 'active' AND activated_at IS NOT NULL
	AND email <> 'member@example.com' ORDER BY id LIMIT $((USERS - 1))" > "$tmp/emails"
sed -i '1i member@example.com' "$tmp/emails"
while read -r email; do
	echo "$password" | "$BIN" user passwd --email "$email" --data "$DATA" >/dev/null
done < "$tmp/emails"
echo "$password" | "$BIN" user passwd --email admin@example.com --data "$DATA" >/dev/null

PLEIN_ACCESS_LOG=0 PLEIN_IP_ATTEMPTS=1000000 PLEIN_ACCOUNT_ATTEMPTS=1000000 PLEIN_INSIGHT_HOUR=-1 \
	"$BIN" serve --data "$DATA" --listen 127.0.0.1:$PORT 2>"$OUT/insight-responsive-serve.log" &
pid=$!
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
token() {
	curl -s -H 'Content-Type: application/json' -d "{\"email\":\"$1\",\"password\":\"$password\"}" \
		"http://127.0.0.1:$PORT/api/v1/session" | sed 's/.*"token":"\([^"]*\)".*/\1/'
}
: > "$tmp/tokens"
while read -r email; do token "$email" >> "$tmp/tokens"; echo >> "$tmp/tokens"; done < "$tmp/emails"
admin=$(token admin@example.com)
url=http://127.0.0.1:$PORT

status() {
	curl -s -H "Authorization: Bearer $admin" "$url/api/v1/insight/runs/current" |
		sed -n 's/.*"status":"\([a-z]*\)".*/\1/p'
}

: > "$OUT/insight-idle.runs"
: > "$OUT/insight-busy.runs"
: > "$tmp/durations"
echo "bench: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s GET /api/v1/stream/home as $(wc -l < "$tmp/emails")" \
	"members in turn; idle, then while insight computes; median of $RUNS ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
for r in $(seq "$RUNS"); do
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/stream.lua "$url" -- \
		/api/v1/stream/home "$tmp/tokens" bearer > "$OUT/insight-idle.$r.txt"
	wrk_row "$OUT/insight-idle.$r.txt" >> "$OUT/insight-idle.runs"
	code=$(curl -s -o "$tmp/run.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $admin" "$url/api/v1/insight/runs")
	[ "$code" = 202 ] || { echo "bench: POST /api/v1/insight/runs → $code: $(cat "$tmp/run.json")"; exit 1; }
	sleep 2   # past the thread's pick-up, into the computation
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/stream.lua "$url" -- \
		/api/v1/stream/home "$tmp/tokens" bearer > "$OUT/insight-busy.$r.txt"
	still=$(status)
	wrk_row "$OUT/insight-busy.$r.txt" >> "$OUT/insight-busy.runs"
	[ "$still" = running ] || echo "bench: run $r: the computation ended before wrk did (${still:-done}); make DURATION shorter"
	while [ -n "$(status)" ]; do sleep 1; done
	sqlite3 "$db" "SELECT finished_at - started_at FROM insight_snapshots WHERE status = 'done' ORDER BY id DESC LIMIT 1" >> "$tmp/durations"
done
print_row "home stream, idle" "$OUT/insight-idle.runs"
print_row "home stream, computing" "$OUT/insight-busy.runs"
idle99=$(cut -d' ' -f4 "$OUT/insight-idle.runs" | median)
busy99=$(cut -d' ' -f4 "$OUT/insight-busy.runs" | median)
idlers=$(cut -d' ' -f1 "$OUT/insight-idle.runs" | median)
busyrs=$(cut -d' ' -f1 "$OUT/insight-busy.runs" | median)
echo "bench: computing / idle: p99 × $(awk -v a="$busy99" -v b="$idle99" 'BEGIN {printf "%.2f", a / b}')," \
	"throughput × $(awk -v a="$busyrs" -v b="$idlers" 'BEGIN {printf "%.2f", a / b}')"
echo "bench: computations took $(paste -sd' ' "$tmp/durations") s in the server (median $(median < "$tmp/durations") s)"
