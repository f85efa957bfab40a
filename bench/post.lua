-- post.lua — wrk script for bench/stream.sh: people write posts while the
-- streams are read. Each connection sends one POST /api/v1/posts every
-- DELAY ms (wrk's delay()), as the people in TOKENS_FILE in turn, so the
-- rate is connections × 1000 / DELAY posts per second.
--   wrk ... -s bench/post.lua URL -- TOKENS_FILE DELAY_MS
local tokens, pause, n = {}, 50, 0

function init(args)
	for line in io.lines(args[1]) do
		if #line > 0 then tokens[#tokens + 1] = line end
	end
	pause = tonumber(args[2] or "50")
	n = math.random(1000000)
end

function delay()
	return pause
end

local topics = { "Benchmark", "Onboarding", "Duurzaamheid", "Roadmap", "Data" }

function request()
	n = n + 1
	local body = string.format('{"text":"Benchmark post %d: finished the weekly report, thanks all. #%s"}',
		n, topics[n % #topics + 1])
	return wrk.format("POST", "/api/v1/posts", {
		["Authorization"] = "Bearer " .. tokens[n % #tokens + 1],
		["Content-Type"] = "application/json",
	}, body)
end

done = function(summary, latency, requests)
	io.write(string.format("     95%%   %.2fms\n", latency:percentile(95) / 1000))
end
