-- Writes balances, each unless Redis already holds the same or a higher version of it, and
-- publishes the caller's announcement of them unless Redis holds a higher version of every one.
-- A balance found at its own version still counts: a read-through load may have written it there,
-- and loads announce nothing, so the commit's announcement is the only one other processes get.
-- KEYS[i]        the balance key of the i-th balance
-- ARGV[1]        time to live in milliseconds
-- ARGV[2]        the invalidation channel, or '' to publish nothing
-- ARGV[3]        the announcement, built by the caller: every balance of the call with its version
--                (a process hearing of a version that Redis did not keep only drops an older entry)
-- ARGV[3 + i]    the i-th encoded balance, which starts with "<version>|"
-- Returns, for each balance not written because Redis holds the same or a higher version, its
-- index (from 1) and the version Redis keeps, one after the other: empty when all were written.
-- Each redis.call costs more than the work around it: one MGET for the current values, one SET
-- per balance written, and one argument per balance besides its key.
local stale = {}
local superseded = 0
local currents = redis.call('MGET', unpack(KEYS))
for i = 1, #KEYS do
  local value = ARGV[3 + i]
  local current = currents[i]
  local kept = current and tonumber(string.match(current, '^(%d+)|'))
  local version = tonumber(string.match(value, '^(%d+)|'))
  if kept and kept >= version then
    stale[#stale + 1] = i
    stale[#stale + 1] = kept
    if kept > version then
      superseded = superseded + 1
    end
  else
    redis.call('SET', KEYS[i], value, 'PX', ARGV[1])
  end
end
if ARGV[2] ~= '' and superseded < #KEYS then
  redis.call('PUBLISH', ARGV[2], ARGV[3])
end
return stale
