-- chaos.lua: the steady load of scripts/test-chaos.sh, a wrk script.
--
--   CHAOS_TOKEN=... CHAOS_IDS="asm_... asm_..." CHAOS_TAG=kill CHAOS_OUT=DIR \
--       wrk -t2 -c8 -d8s -s scripts/chaos.lua URL
--
-- Each connection cycles through four requests on the assessments API:
-- create an assessment (clientName CHAOS_TAG-<thread>-<n>, unique in the
-- run), list, read one of CHAOS_IDS, and autosave an answer to one of them.
-- Every thread appends to DIR/<tag>.<thread>:
--   ok <id> <clientName>     each create answered 201 (the id from the body)
--   fail <time> <status>     each answer of 400 or above (time: epoch s)
-- and done() prints one line a shell can read:
--   requests=N status=N connect=N read=N write=N timeout=N

local ffi = require("ffi")
ffi.cdef[[
	struct chaos_timeval { long tv_sec; long tv_usec; };
	int gettimeofday(struct chaos_timeval *, void *);
]]
local tv = ffi.new("struct chaos_timeval")

local function now()
	ffi.C.gettimeofday(tv, nil)
	return tonumber(tv.tv_sec) + tonumber(tv.tv_usec) / 1e6
end

local nthreads = 0

function setup(thread)
	nthreads = nthreads + 1
	thread:set("tid", nthreads)
end

local ids, out, seq, tag
local questions = { "q_002", "q_003", "q_004" }

function init()
	tag = os.getenv("CHAOS_TAG")
	ids = {}
	for id in string.gmatch(os.getenv("CHAOS_IDS"), "%S+") do
		ids[#ids + 1] = id
	end
	out = assert(io.open(os.getenv("CHAOS_OUT") .. "/" .. tag .. "." .. tid, "a"))
	wrk.headers["Authorization"] = "Bearer " .. os.getenv("CHAOS_TOKEN")
	wrk.headers["Content-Type"] = "application/json"
	seq = 0
	math.randomseed(tid * 7919 + os.time())
end

function request()
	seq = seq + 1
	local id = ids[math.random(#ids)]
	local k = seq % 4
	if k == 0 then
		return wrk.format("POST", "/v1/assessments", nil, string.format(
		    '{"clientName":"%s-%d-%d","clientEmail":"chaos@example.com",' ..
		    '"businessName":"Chaos Ltd","assessmentType":"collaborative"}',
		    tag, tid, seq))
	elseif k == 1 then
		return wrk.format("GET", "/v1/assessments?page=1&limit=20")
	elseif k == 2 then
		return wrk.format("GET", "/v1/assessments/" .. id)
	end
	local q = questions[math.random(#questions)]
	return wrk.format("POST", "/v1/assessments/" .. id .. "/responses", nil,
	    string.format('{"responses":[{"questionId":"%s","selectedOption":"opt_%s_b"}],' ..
	    '"isPartial":true}', q, string.sub(q, 3)))
end

function response(status, headers, body)
	if status == 201 then
		local id = string.match(body, '"id":"(asm_[%w]+)"')
		local name = string.match(body, '"clientName":"([^"]*)"')
		out:write(string.format("ok %s %s\n", id or "-", name or "-"))
		out:flush()
	elseif status >= 400 then
		out:write(string.format("fail %.3f %d\n", now(), status))
		out:flush()
	end
end

function done(summary)
	local e = summary.errors
	io.write(string.format("requests=%d status=%d connect=%d read=%d write=%d timeout=%d\n",
	    summary.requests, e.status, e.connect, e.read, e.write, e.timeout))
end
