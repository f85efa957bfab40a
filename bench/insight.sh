#!/usr/bin/env bash
# bench/insight.sh — issue 7's figures: the whole insight computation
# (`plein insight --data DIR`: adoption and the network) RUNS times under
# /usr/bin/time -v (wall seconds and peak RSS, medians), then the same
# exported interaction graph analysed with NetworkX
# (bench/insight-networkx.py: PageRank, sampled betweenness with the same
# number of sources, Louvain) and the ratio of the two. Nothing asserts time.
#
#   DATA=DIR bench/insight.sh       an existing demo (plein demo --data DIR --people 100000 --posts 5000000,
#                                   then plein demo --data DIR --insight-only for visits); each run adds a snapshot
#   RUNS=3 SAMPLES=256              runs of plein; sampled betweenness sources (both sides)
#   NETWORKX=0                      skip NetworkX (it needs ~10 GB and several minutes on the 100k demo)
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=${DATA:?DATA=DIR: a plein demo directory}
RUNS=${RUNS:-3}
SAMPLES=${SAMPLES:-256}
NETWORKX=${NETWORKX:-1}
BIN=${PLEIN_BIN:-./plein}
OUT=bench/out
mkdir -p "$OUT"
. bench/lib.sh

[ -x "$BIN" ] || make plein
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"

rows=$OUT/insight-runs.txt
: > "$rows"
for i in $(seq "$RUNS"); do
	/usr/bin/time -v "$BIN" insight --data "$DATA" --samples "$SAMPLES" > "$OUT/insight-$i.out" 2> "$OUT/insight-$i.err"
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for (k=1;k<=n;k++) s=s*60+t[k]; print s}' "$OUT/insight-$i.err")
	rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$OUT/insight-$i.err")
	echo "$wall $rss" >> "$rows"
	echo "run $i: $wall s, peak RSS $rss MB (load $(cut -d' ' -f1 /proc/loadavg))"
done
plein_s=$(cut -d' ' -f1 "$rows" | median)
echo "plein insight: median $plein_s s, peak RSS $(cut -d' ' -f2 "$rows" | median) MB over $RUNS runs"
tail -n 25 "$OUT/insight-1.out"

[ "$NETWORKX" = 1 ] || exit 0
graph=$OUT/insight-graph.txt
"$BIN" insight --data "$DATA" --samples "$SAMPLES" --export-graph "$graph" > /dev/null 2>&1
/usr/bin/time -v /usr/bin/python3 bench/insight-networkx.py "$graph" --samples "$SAMPLES" \
	> "$OUT/insight-networkx.out" 2> "$OUT/insight-networkx.err"
cat "$OUT/insight-networkx.out"
nx_s=$(awk '/^analysis_seconds/ {print $2}' "$OUT/insight-networkx.out")
echo "NetworkX analysis $nx_s s (PageRank + betweenness + Louvain, reading excluded) vs plein $plein_s s (everything):" \
	"ratio $(awk -v a="$nx_s" -v b="$plein_s" 'BEGIN {printf "%.1f", a / b}')"
