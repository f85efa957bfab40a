#!/usr/bin/env bash
# bench/search-fresh.sh — "a new post is findable within 1 s": N times,
# write a post with a word of its own through the API, then search for it
# every 10 ms until it is found; prints each delay and the worst. The index
# is written in the post's own transaction, so the delay is one search.
#   URL=http://127.0.0.1:PORT TOKEN=bearer-token N=5 bench/search-fresh.sh
set -euo pipefail
N=${N:-5}
: "${URL:?URL=http://host:port}" "${TOKEN:?TOKEN=a bearer token}"
now_ms() { date +%s%3N; }
worst=0
for i in $(seq "$N"); do
	word=vers$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr '0-9' 'g-p')
	start=$(now_ms)
	curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
		-d "{\"text\":\"Freshness check $word\"}" "$URL/api/v1/posts"
	found=
	while [ $(( $(now_ms) - start )) -lt 5000 ]; do
		if curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/v1/search?q=$word" | grep -q '"kind":"post"'; then
			found=$(( $(now_ms) - start ))
			break
		fi
		sleep 0.01
	done
	if [ -z "$found" ]; then echo "fresh: post $i not found within 5 s"; worst=5000; continue; fi
	echo "fresh: post $i found ${found} ms after it was sent (write + search)"
	[ "$found" -gt "$worst" ] && worst=$found
done
echo "fresh: worst ${worst} ms (target: 1000 ms)"
