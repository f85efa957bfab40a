# bench/lib.sh — helpers the bench scripts share (sourced): medians and
# wrk's figures as one row per run.

# median of a column of numbers
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# wrk prints latencies as 1.23ms / 456.00us / 1.20s: normalise to ms
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.3f\n", v}'; }

# "rps p50 p90 p99 non2xx p95" from one wrk output (with the p95 line of p95.lua)
wrk_row() {
	local f=$1
	echo "$(awk '/Requests\/sec/ {print $2}' "$f") $(awk '$1=="50%" {print $2}' "$f" | to_ms)" \
		"$(awk '$1=="90%" {print $2}' "$f" | to_ms) $(awk '$1=="99%" {print $2}' "$f" | to_ms)" \
		"$(awk '/Non-2xx/ {print $4}' "$f" | grep . || echo 0) $(awk '$1=="95%" {print $2}' "$f" | to_ms)"
}

# the medians of a file of wrk_row rows, as one printed line
print_row() {
	local name=$1 runs=$2
	printf '%-26s %10s req/s   p50 %7s ms   p90 %7s ms   p95 %7s ms   p99 %7s ms   non-2xx %s\n' "$name" \
		"$(cut -d' ' -f1 "$runs" | median)" "$(cut -d' ' -f2 "$runs" | median)" \
		"$(cut -d' ' -f3 "$runs" | median)" "$(cut -d' ' -f6 "$runs" | median)" \
		"$(cut -d' ' -f4 "$runs" | median)" "$(cut -d' ' -f5 "$runs" | sort -n | tail -1)"
}
