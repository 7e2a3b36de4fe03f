-- bench/web.py's mixed load: every request takes the next (session, path) pair of the list the
-- bench writes (one "cookie<TAB>path" line each), so the connections share all the sessions.
dofile(os.getenv("WEBBENCH_LUA_DIR") .. "/measure.lua")

local pairs_file = os.getenv("WEBBENCH_PAIRS")
local items = {}
for line in io.lines(pairs_file) do
  local cookie, path = line:match("^(.-)\t(.*)$")
  if cookie then
    table.insert(items, { cookie, path })
  end
end

local counter = 0
local base_setup = setup
local base_init = init
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("offset", thread_count * 7919)
  base_setup(thread)
end

function init(args)
  base_init(args)
  -- each thread starts at its own place in the list
  counter = offset % #items
end

function request()
  counter = counter % #items + 1
  local item = items[counter]
  return wrk.format("GET", item[2], { ["Cookie"] = item[1] })
end
