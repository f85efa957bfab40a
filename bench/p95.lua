-- p95.lua — wrk prints 50/75/90/99 %; issue 3's target is a p95, so add it
-- in the same "  95%  1.23ms" form that run.sh reads.
done = function(summary, latency, requests)
	io.write(string.format("     95%%   %.2fms\n", latency:percentile(95) / 1000))
end
