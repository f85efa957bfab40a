-- search.lua — wrk script for bench/search.sh: GET a list of paths (one per
-- line in a file: the queries of the bench) in turn, as several signed-in
-- people in turn (a token per line), as an API client.
--   wrk ... -s bench/search.lua URL -- PATHS_FILE TOKENS_FILE
local paths, tokens = {}, {}
local i, j = 0, 0

function init(args)
	for line in io.lines(args[1]) do
		if #line > 0 then paths[#paths + 1] = line end
	end
	for line in io.lines(args[2]) do
		if #line > 0 then tokens[#tokens + 1] = line end
	end
	i = math.random(#paths)   -- threads start at different queries
	j = math.random(#tokens)
end

function request()
	i = i % #paths + 1
	j = j % #tokens + 1
	return wrk.format("GET", paths[i], { ["Authorization"] = "Bearer " .. tokens[j] })
end

done = function(summary, latency, requests)
	io.write(string.format("     95%%   %.2fms\n", latency:percentile(95) / 1000))
end
