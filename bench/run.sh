#!/usr/bin/env bash
# bench/run.sh — `make bench`: wrk over loopback against a release build of
# plein serving a synthetic organisation. Each endpoint is measured RUNS times
# and the median of requests/s and of the latency percentiles is printed, as
# the machine is shared and single runs are noisy. Nothing here asserts time.
#
#   PEOPLE=10000 RUNS=3 DURATION=10 CONNECTIONS=32 THREADS=2 bench/run.sh
#   ONLY='dir_|experts_' ...   measures only the endpoints whose name matches
set -euo pipefail
cd "$(dirname "$0")/.."

PEOPLE=${PEOPLE:-10000}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}
BIN=${PLEIN_BIN:-./plein}
OUT=bench/out
mkdir -p "$OUT"

command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)"; exit 1; }
data=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data"' EXIT

echo "bench: demo organisation of $PEOPLE people"
creds=$("$BIN" demo --data "$data" --people "$PEOPLE" --seed 1 2>/dev/null)
email=$(echo "$creds" | awk '/admin:/ {print $2}')
password=$(echo "$creds" | awk '/admin:/ {print $4}')
printf '[server]\naccess_log = false\n[auth]\nip_attempts = 1000000\n' > "$data/plein.ini"
# "who knows X" needs skills and languages: until the demo makes them, add some
if [ "$(sqlite3 "$data/plein.db" 'SELECT count(*) FROM person_skills')" = 0 ]; then
	echo "bench: the demo has no skills: adding skills, languages and endorsements (bench/seed-expertise.sh)"
	PLEIN_BIN="$BIN" bench/seed-expertise.sh "$data"
fi
"$BIN" serve --data "$data" --listen 127.0.0.1:$PORT 2>"$OUT/serve.log" &
pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

resp=$(curl -s -D "$OUT/headers" -H 'Content-Type: application/json' \
	-d "{\"email\":\"$email\",\"password\":\"$password\"}" "http://127.0.0.1:$PORT/api/v1/session")
token=$(echo "$resp" | sed 's/.*"token":"\([^"]*\)".*/\1/')
css=$(curl -s "http://127.0.0.1:$PORT/signin" | grep -o '/static/app.css?v=[0-9a-f]*' | head -1)

. bench/lib.sh  # median, to_ms

measure() {
	local name=$1 path=$2; shift 2
	if [ -n "${ONLY:-}" ] && ! [[ $name =~ $ONLY ]]; then return; fi
	: > "$OUT/$name.runs"
	for r in $(seq "$RUNS"); do
		wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/p95.lua "$@" "http://127.0.0.1:$PORT$path" > "$OUT/$name.$r.txt"
		rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/$name.$r.txt")
		p50=$(awk '$1=="50%" {print $2}' "$OUT/$name.$r.txt" | to_ms)
		p90=$(awk '$1=="90%" {print $2}' "$OUT/$name.$r.txt" | to_ms)
		p95=$(awk '$1=="95%" {print $2}' "$OUT/$name.$r.txt" | to_ms)
		p99=$(awk '$1=="99%" {print $2}' "$OUT/$name.$r.txt" | to_ms)
		non2xx=$(awk '/Non-2xx/ {print $4}' "$OUT/$name.$r.txt")
		echo "$rps $p50 $p90 $p99 ${non2xx:-0} $p95" >> "$OUT/$name.runs"
	done
	printf '%-22s %10s req/s   p50 %7s ms   p90 %7s ms   p95 %7s ms   p99 %7s ms   non-2xx %s\n' "$name" \
		"$(cut -d' ' -f1 "$OUT/$name.runs" | median)" "$(cut -d' ' -f2 "$OUT/$name.runs" | median)" \
		"$(cut -d' ' -f3 "$OUT/$name.runs" | median)" "$(cut -d' ' -f6 "$OUT/$name.runs" | median)" \
		"$(cut -d' ' -f4 "$OUT/$name.runs" | median)" "$(cut -d' ' -f5 "$OUT/$name.runs" | sort -n | tail -1)"
}

echo "bench: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, median of $RUNS runs ($(nproc) cores, $(uname -m))"
measure healthz /healthz
measure static_css "$css"
measure api_me /api/v1/me -H "Authorization: Bearer $token"
measure home_signed_in / -H "Cookie: plein_session=$token"
measure people_search "/api/v1/people?q=jan" -H "Authorization: Bearer $token"
# directory with filters (issue 3): the list alone, and with facets as the page asks
measure dir_dept_skill "/api/v1/people?department=Finance&skill=Excel" -H "Authorization: Bearer $token"
measure dir_q_lang_level "/api/v1/people?q=jan&language=fr&level=fluent" -H "Authorization: Bearer $token"
measure dir_interest_newest "/api/v1/people?interest=Koken&sort=newest" -H "Authorization: Bearer $token"
measure dir_lang_loc_facets "/api/v1/people?language=en&level=fluent&location=Remote&facets=1" -H "Authorization: Bearer $token"
measure dir_page_facets "/people?department=Finance&skill=Excel" -H "Cookie: plein_session=$token"
measure experts_french "/api/v1/experts?q=french" -H "Authorization: Bearer $token"
measure experts_vertalen "/api/v1/experts?q=vertalen" -H "Authorization: Bearer $token"
measure experts_subsidies "/api/v1/experts?q=subsidies" -H "Authorization: Bearer $token"
measure experts_two_words "/api/v1/experts?q=french%20translation" -H "Authorization: Bearer $token"
measure experts_page "/experts?q=subsidies" -H "Cookie: plein_session=$token"
