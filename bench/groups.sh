#!/usr/bin/env bash
# bench/groups.sh — issue 5's figures: the group directory (page and API,
# the first page and a search) and a group's stream (page and API, a big
# and a typical group) read as several members in turn, at 1 connection
# (what one person waiting sees) and at CONNECTIONS (load); then the home
# stream (JSON and HTML) re-measured with group posts mixed in, read as
# members of many groups while posts are written, as bench/stream.sh does.
# Each endpoint is measured RUNS times; medians are printed, with the home
# stream's ratio to issue 4's figures (REF_*). Nothing here asserts time.
#
#   DATA=DIR bench/groups.sh            an existing demo with groups (plein demo --data DIR
#                                       --people 100000 --posts 5000000 --groups 10000); the
#                                       bench's posts are added to it, and its readers get a
#                                       new password
#   PEOPLE=10000 POSTS=200000 NGROUPS=1000 bench/groups.sh   make one in a temporary directory first
#   RUNS=3 DURATION=10 CONNECTIONS=16 THREADS=2 USERS=8 WRITERS=2 WRITE_EVERY_MS=100
#   LEVELS="1 16"   connection counts for the directory and group streams
#   ONLY=regex      only the measurements whose name matches
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
USERS=${USERS:-8}
WRITERS=${WRITERS:-2}
WRITE_EVERY_MS=${WRITE_EVERY_MS:-100}
LEVELS=${LEVELS:-"1 $CONNECTIONS"}
QUERY=${QUERY:-community}
# issue 4's final home-stream figures (docs/benchmarks.md), for the ratio
REF_HOME_JSON_RPS=${REF_HOME_JSON_RPS:-3649}
REF_HOME_HTML_RPS=${REF_HOME_HTML_RPS:-1998}
PORT=${PORT:-18091}
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
[ "$(q "SELECT count(*) FROM groups")" -gt 1 ] || { echo "bench: $db has no groups (plein demo --groups N)"; exit 1; }

# the readers: the demo member and USERS-1 members who are in 10 or more
# groups and follow 80–150 people (typical), given a password for the bench
password=bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
q "SELECT p.email FROM people p
	JOIN (SELECT follower_id, count(*) AS n FROM follows GROUP BY 1) f ON f.follower_id = p.id
	JOIN (SELECT person_id, count(*) AS n FROM group_members GROUP BY 1) m ON m.person_id = p.id
	WHERE f.n BETWEEN 80 AND 150 AND m.n >= 10 AND p.role = 'member' AND p.status = 'active'
	AND p.email <> 'member@example.com' ORDER BY p.id LIMIT $((USERS - 1))" > "$tmp/emails"
sed -i '1i member@example.com' "$tmp/emails"
while read -r email; do
	echo "$password" | "$BIN" user passwd --email "$email" --data "$data" >/dev/null
done < "$tmp/emails"
in_list=$(sed "s/.*/'&'/" "$tmp/emails" | paste -sd,)
echo "bench: readers are in $(q "SELECT group_concat(n, ', ') FROM (SELECT count(*) AS n FROM group_members m
	JOIN people p ON p.id = m.person_id WHERE p.email IN ($in_list) GROUP BY p.id)") groups"
# the groups read: the biggest open one, and a typical open one (25–50
# members, the most posts among those), both readable by every reader
big=$(q "SELECT id FROM groups WHERE kind = 'open' AND deleted_at IS NULL ORDER BY member_count DESC LIMIT 1")
typical=$(q "SELECT g.id FROM groups g JOIN posts p ON p.group_id = g.id WHERE g.kind = 'open'
	AND g.deleted_at IS NULL AND g.member_count BETWEEN 25 AND 50 GROUP BY g.id ORDER BY count(*) DESC LIMIT 1")
for g in $big $typical; do
	echo "bench: group $g: $(q "SELECT name || ', ' || member_count || ' members, ' ||
		(SELECT count(*) FROM posts WHERE group_id = $g) || ' posts' FROM groups WHERE id = $g")"
done
echo "bench: $(q "SELECT count(*) FROM groups") groups, $(q "SELECT count(*) FROM group_members") memberships," \
	"$(q "SELECT count(*) FROM posts WHERE group_id IS NOT NULL") of $(q "SELECT count(*) FROM posts") posts in groups"

PLEIN_ACCESS_LOG=0 PLEIN_IP_ATTEMPTS=1000000 PLEIN_ACCOUNT_ATTEMPTS=1000000 \
	"$BIN" serve --data "$data" --listen 127.0.0.1:$PORT 2>"$OUT/groups-serve.log" &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
: > "$tmp/tokens"
while read -r email; do
	curl -s -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"$password\"}" \
		"http://127.0.0.1:$PORT/api/v1/session" | sed 's/.*"token":"\([^"]*\)".*/\1/' >> "$tmp/tokens"
	echo >> "$tmp/tokens"
done < "$tmp/emails"
first=$(head -1 "$tmp/tokens")
url=http://127.0.0.1:$PORT
# group posts in the readers' home streams (before the bench writes its own on top)
for t in $(cat "$tmp/tokens"); do
	curl -s -H "Authorization: Bearer $t" "$url/api/v1/stream/home?limit=50" | grep -o '"visibility":"[a-z]*"' | sort | uniq -c | tr '\n' ' '
	echo
done > "$OUT/groups-home-mix.txt"
echo "bench: the readers' first 50 home items by visibility: $(awk '{for (i = 1; i < NF; i += 2) n[$(i+1)] += $i}
	END {for (k in n) printf "%s %d  ", k, n[k]}' "$OUT/groups-home-mix.txt")"

# name path mode: every endpoint, answered before it is measured
endpoints="dir_html /groups cookie
dir_search_html /groups?q=$QUERY cookie
dir_json /api/v1/groups bearer
dir_search_json /api/v1/groups?q=$QUERY bearer
group_big_html /groups/$big cookie
group_big_json /api/v1/groups/$big/stream bearer
group_typical_html /groups/$typical cookie
group_typical_json /api/v1/groups/$typical/stream bearer"
while read -r name path mode; do
	if [ "$mode" = cookie ]; then h="Cookie: plein_session=$first"; else h="Authorization: Bearer $first"; fi
	code=$(curl -s -o "$OUT/groups-$name.body" -w '%{http_code} %{size_download}' -H "$h" "$url$path")
	echo "bench: GET $path → $code bytes"
done <<< "$endpoints"

skip() { [ -n "${ONLY:-}" ] && ! [[ $1 =~ $ONLY ]]; }

# Readers only: the directory and the group streams.
measure() {
	local name=$1 path=$2 mode=$3 conns=$4 threads=$THREADS
	[ "$conns" -lt "$threads" ] && threads=$conns
	: > "$OUT/$name.runs"
	for r in $(seq "$RUNS"); do
		wrk -t"$threads" -c"$conns" -d"${DURATION}s" --latency -s bench/stream.lua "$url" -- "$path" \
			"$tmp/tokens" "$mode" > "$OUT/$name.$r.txt"
		wrk_row "$OUT/$name.$r.txt" >> "$OUT/$name.runs"
	done
	print_row "$name" "$OUT/$name.runs"
}

# Readers and writers at once (bench/stream.sh's measurement).
measure_writing() {
	local name=$1 path=$2 mode=$3 ref=${4:-}
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
	if [ -n "$ref" ]; then
		echo "  ratio to issue 4 ($ref req/s): $(cut -d' ' -f1 "$OUT/$name.runs" | median | awk -v r="$ref" '{printf "%.0f %%", 100 * $1 / r}')"
	fi
}

echo "bench: as $(wc -l < "$tmp/emails") people in turn; median of $RUNS runs of ${DURATION}s" \
	"($(nproc) cores, $(uname -m))"
for c in $LEVELS; do
	echo "bench: $c connection(s), no writers"
	while read -r name path mode; do
		skip "${name}_c$c" || measure "${name}_c$c" "$path" "$mode" "$c"
	done <<< "$endpoints"
done
echo "bench: home stream with group posts, $CONNECTIONS connections, $WRITERS writers × one post per ${WRITE_EVERY_MS} ms"
skip groups_home_json || measure_writing groups_home_json /api/v1/stream/home bearer "$REF_HOME_JSON_RPS"
skip groups_home_html || measure_writing groups_home_html / cookie "$REF_HOME_HTML_RPS"
skip groups_healthz || measure groups_healthz /healthz bearer "$CONNECTIONS"
