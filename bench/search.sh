#!/usr/bin/env bash
# bench/search.sh — issue 6's search figures: GET /api/v1/search over a
# fixed list of varied queries (rare, common, a phrase, an exclusion, a
# typo, a filter by kind, a second page) and GET /api/v1/search/suggest over
# prefixes as they are typed, as several members in turn, at 1 connection
# (what one person waiting sees) and at CONNECTIONS; then how soon a new
# post is found (bench/search-fresh.sh). Each endpoint is measured RUNS
# times; medians are printed (p50/p95/p99). Nothing here asserts time;
# the targets are search p95 < 30 ms and suggestions p95 < 15 ms.
#
#   DATA=DIR bench/search.sh       an existing demo (plein demo --data DIR --people 100000
#                                  --posts 5000000 --groups 10000); its readers get a new
#                                  password, and the freshness check adds a few posts
#   PEOPLE=10000 POSTS=200000 NGROUPS=1000 bench/search.sh   make one in a temporary directory first
#   RUNS=3 DURATION=10 CONNECTIONS=8 THREADS=2 USERS=8 LEVELS="1 8" FRESH=5
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-2}
USERS=${USERS:-8}
LEVELS=${LEVELS:-"1 $CONNECTIONS"}
FRESH=${FRESH:-5}
PORT=${PORT:-18093}
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
	echo "bench: demo of ${PEOPLE:=10000} people, ${POSTS:=200000} posts and ${NGROUPS:=1000} groups"
	/usr/bin/time -f "bench: demo built in %e s, peak memory %M KB" \
		"$BIN" demo --data "$data" --people "$PEOPLE" --posts "$POSTS" --groups "$NGROUPS" --seed 1 >/dev/null
fi
db=$data/plein.db
q() { sqlite3 "$db" "$@"; }

# the readers: the demo member and USERS-1 active members in groups
password=bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
q "SELECT p.email FROM people p WHERE p.role = 'member' AND p.status = 'active'
	AND p.email <> 'member@example.com' AND EXISTS (SELECT 1 FROM group_members m WHERE m.person_id = p.id)
	ORDER BY p.id LIMIT $((USERS - 1))" > "$tmp/emails"
sed -i '1i member@example.com' "$tmp/emails"
while read -r email; do
	echo "$password" | "$BIN" user passwd --email "$email" --data "$data" >/dev/null
done < "$tmp/emails"

# a serve on a database without a built index builds it first (search_state)
PLEIN_ACCESS_LOG=0 PLEIN_IP_ATTEMPTS=1000000 PLEIN_ACCOUNT_ATTEMPTS=1000000 \
	"$BIN" serve --data "$data" --listen 127.0.0.1:$PORT 2>"$OUT/search-serve.log" &
pid=$!
for _ in $(seq 36000); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
url=http://127.0.0.1:$PORT
: > "$tmp/tokens"
while read -r email; do
	curl -s -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"$password\"}" \
		"$url/api/v1/session" | sed 's/.*"token":"\([^"]*\)".*/\1/' >> "$tmp/tokens"
	echo >> "$tmp/tokens"
done < "$tmp/emails"
first=$(head -1 "$tmp/tokens")

# the queries: words of the demo's texts, from rare to in most posts
cat > "$tmp/search" <<'Q'
/api/v1/search?q=subsidie
/api/v1/search?q=onboarding
/api/v1/search?q=team
/api/v1/search?q=the
/api/v1/search?q=project%20planning
/api/v1/search?q=%22next%20week%22
/api/v1/search?q=team%20-meeting
/api/v1/search?q=onboardng
/api/v1/search?q=vergadering
/api/v1/search?q=team&kind=person
/api/v1/search?q=team&kind=group
/api/v1/search?q=update&kind=comment
/api/v1/search?q=customer%20feedback
/api/v1/search?q=team&cursor=20
Q
cat > "$tmp/suggest" <<'Q'
/api/v1/search/suggest?q=t
/api/v1/search/suggest?q=te
/api/v1/search/suggest?q=tea
/api/v1/search/suggest?q=team
/api/v1/search/suggest?q=an
/api/v1/search/suggest?q=ann
/api/v1/search/suggest?q=anna%20d
/api/v1/search/suggest?q=proj
/api/v1/search/suggest?q=project%20pl
/api/v1/search/suggest?q=subs
/api/v1/search/suggest?q=market
/api/v1/search/suggest?q=de
Q
for f in search suggest; do
	while read -r path; do
		code=$(curl -s -o "$tmp/body" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $first" "$url$path")
		echo "bench: GET $path → $code s, $(grep -o '"kind":' "$tmp/body" | wc -l) hits"
	done < "$tmp/$f"
done

measure() {
	local name=$1 file=$2 conns=$3 threads=$THREADS
	[ "$conns" -lt "$threads" ] && threads=$conns
	: > "$OUT/$name.runs"
	for r in $(seq "$RUNS"); do
		wrk -t"$threads" -c"$conns" -d"${DURATION}s" --latency -s bench/search.lua "$url" -- "$file" "$tmp/tokens" \
			> "$OUT/$name.$r.txt"
		wrk_row "$OUT/$name.$r.txt" >> "$OUT/$name.runs"
	done
	print_row "$name" "$OUT/$name.runs"
}

echo "bench: $(q "SELECT count(*) FROM search_docs") index entries; as $(wc -l < "$tmp/emails") people in turn;" \
	"median of $RUNS runs of ${DURATION}s ($(nproc) cores, $(uname -m))"
for c in $LEVELS; do
	measure "search_c$c" "$tmp/search" "$c"
	measure "suggest_c$c" "$tmp/suggest" "$c"
done
TOKEN=$first URL=$url N=$FRESH bench/search-fresh.sh
