#!/usr/bin/env bash
# bench/stream.sh — issue 4's figures: the signed-in home stream (20 items)
# as JSON and as HTML under 16 connections, read as several typical members
# in turn (each follows ~100 people), while posts are written at the same
# time (a second wrk at a steady rate, whose latency is the post-creation
# figure), and /healthz under the same load for the ratio. Each endpoint is
# measured RUNS times; medians are printed. Nothing here asserts time.
#
#   DATA=DIR bench/stream.sh            an existing demo (plein demo --data DIR ...);
#                                       the bench's posts are added to it, and its 8
#                                       readers (the demo member too) get a new password
#   PEOPLE=10000 POSTS=200000 bench/stream.sh   make one in a temporary directory first
#   RUNS=3 DURATION=10 CONNECTIONS=16 THREADS=2 USERS=8 WRITERS=2 WRITE_EVERY_MS=100
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
USERS=${USERS:-8}
WRITERS=${WRITERS:-2}                 # connections that write posts
WRITE_EVERY_MS=${WRITE_EVERY_MS:-100} # per writer: 2 writers → 20 posts/s
PORT=${PORT:-18090}
BIN=${PLEIN_BIN:-./plein}
OUT=bench/out
mkdir -p "$OUT"
. bench/lib.sh

command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)"; exit 1; }
command -v sqlite3 >/dev/null || { echo "bench: sqlite3 is missing (apt-get install sqlite3)"; exit 1; }
pid=
tmp=$(mktemp -d)
trap '[ -n "$pid" ] && { kill $pid 2>/dev/null; wait $pid 2>/dev/null; }; rm -rf "$tmp"' EXIT
if [ -n "${DATA:-}" ]; then
	data=$DATA
else
	data=$tmp/data
	echo "bench: demo of ${PEOPLE:=10000} people and ${POSTS:=200000} posts"
	/usr/bin/time -f "bench: demo built in %e s, peak memory %M KB" \
		"$BIN" demo --data "$data" --people "$PEOPLE" --posts "$POSTS" --seed 1 >/dev/null
fi
db=$data/plein.db

# the readers: the demo member and USERS-1 other members who follow 80–150
# people (typical, as the demo's follows go), given a password for the bench
password=bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
sqlite3 "$db" "SELECT p.email FROM people p JOIN (SELECT follower_id, count(*) AS n FROM follows GROUP BY 1) f
	ON f.follower_id = p.id WHERE f.n BETWEEN 80 AND 150 AND p.role = 'member' AND p.status = 'active'
	AND p.email <> 'member@example.com' ORDER BY p.id LIMIT $((USERS - 1))" > "$tmp/emails"
sed -i '1i member@example.com' "$tmp/emails"
while read -r email; do
	echo "$password" | "$BIN" user passwd --email "$email" --data "$data" >/dev/null
done < "$tmp/emails"
echo "bench: readers follow $(sqlite3 "$db" "SELECT group_concat(n, ', ') FROM (SELECT count(*) AS n FROM follows f
	JOIN people p ON p.id = f.follower_id WHERE p.email IN ($(sed "s/.*/'&'/" "$tmp/emails" | paste -sd,)) GROUP BY p.id)") people"

PLEIN_ACCESS_LOG=0 PLEIN_IP_ATTEMPTS=1000000 PLEIN_ACCOUNT_ATTEMPTS=1000000 \
	"$BIN" serve --data "$data" --listen 127.0.0.1:$PORT 2>"$OUT/stream-serve.log" &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
: > "$tmp/tokens"
while read -r email; do
	curl -s -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"$password\"}" \
		"http://127.0.0.1:$PORT/api/v1/session" | sed 's/.*"token":"\([^"]*\)".*/\1/' >> "$tmp/tokens"
	echo >> "$tmp/tokens"
done < "$tmp/emails"
first=$(head -1 "$tmp/tokens")
code=$(curl -s -o "$OUT/stream-home.json" -w '%{http_code}' -H "Authorization: Bearer $first" \
	"http://127.0.0.1:$PORT/api/v1/stream/home")
echo "bench: GET /api/v1/stream/home → $code, $(grep -o '"id":' "$OUT/stream-home.json" | wc -l) ids in the answer"

url=http://127.0.0.1:$PORT
# One measurement: the readers' wrk in the foreground, the writers' beside it
# for the same time. Rows: name req/s p50 p90 p95 p99 non-2xx.
measure() {
	local name=$1 path=$2 mode=$3
	: > "$OUT/$name.runs"
	: > "$OUT/$name-writes.runs"
	for r in $(seq "$RUNS"); do
		wrk -t1 -c"$WRITERS" -d"${DURATION}s" --latency -s bench/post.lua "$url" -- "$tmp/tokens" "$WRITE_EVERY_MS" \
			> "$OUT/$name-writes.$r.txt" &
		local wpid=$!
		wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/stream.lua "$url" -- "$path" \
			"$tmp/tokens" "$mode" > "$OUT/$name.$r.txt"
		wait $wpid
		wrk_row "$OUT/$name.$r.txt" >> "$OUT/$name.runs"
		wrk_row "$OUT/$name-writes.$r.txt" >> "$OUT/$name-writes.runs"
	done
	print_row "$name" "$OUT/$name.runs"
	print_row "  posts written meanwhile" "$OUT/$name-writes.runs"
}

echo "bench: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s as $(wc -l < "$tmp/emails") people in turn," \
	"$WRITERS writers × one post per ${WRITE_EVERY_MS} ms; median of $RUNS runs ($(nproc) cores, $(uname -m))"
measure stream_home_json /api/v1/stream/home bearer
measure stream_home_html / cookie
measure stream_healthz /healthz bearer
echo "bench: posts now $(sqlite3 "$db" 'SELECT count(*) FROM posts')"
