-- stream.lua — wrk script for bench/stream.sh: GET one path as several
-- signed-in people in turn (a token per line in a file), either as an API
-- client (Authorization: Bearer) or as a browser (the session cookie).
--   wrk ... -s bench/stream.lua URL -- PATH TOKENS_FILE bearer|cookie
local tokens, path, mode = {}, "/", "bearer"
local i = 0

function init(args)
	path, mode = args[1] or "/", args[3] or "bearer"
	for line in io.lines(args[2]) do
		if #line > 0 then tokens[#tokens + 1] = line end
	end
	i = math.random(#tokens)  -- threads start at different people
end

function request()
	i = i % #tokens + 1
	local h = {}
	if mode == "cookie" then
		h["Cookie"] = "plein_session=" .. tokens[i]
	else
		h["Authorization"] = "Bearer " .. tokens[i]
	end
	return wrk.format("GET", path, h)
end

done = function(summary, latency, requests)
	io.write(string.format("     95%%   %.2fms\n", latency:percentile(95) / 1000))
end
