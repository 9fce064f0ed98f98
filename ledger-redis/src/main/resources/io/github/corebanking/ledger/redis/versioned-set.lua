-- Writes balances, each unless Redis already holds the same or a higher version of it, and
-- announces the ones it wrote in one message.
-- KEYS[i]        the balance key of the i-th balance
-- ARGV[1]        time to live in milliseconds
-- ARGV[2]        the invalidation channel, or '' to publish nothing
-- ARGV[3]        the sender, for the message
-- ARGV[3i+1]     the i-th balance's account id
-- ARGV[3i+2]     the i-th balance's version
-- ARGV[3i+3]     the i-th encoded balance, which starts with "<version>|"
-- Returns, for each balance, -1 when written, else the version Redis keeps.
-- One MGET for the current values: a call from Lua costs more than the work it does.
local result = {}
local written = {}
local currents = redis.call('MGET', unpack(KEYS))
for i = 1, #KEYS do
  local version = tonumber(ARGV[3 * i + 2])
  local current = currents[i]
  local kept = nil
  if current then
    kept = tonumber(string.match(current, '^(%d+)|'))
  end
  if kept and kept >= version then
    result[i] = kept
  else
    redis.call('SET', KEYS[i], ARGV[3 * i + 3], 'PX', ARGV[1])
    result[i] = -1
    written[#written + 1] = ARGV[3 * i + 1] .. ':' .. ARGV[3 * i + 2]
  end
end
if ARGV[2] ~= '' and #written > 0 then
  redis.call('PUBLISH', ARGV[2], 'B|' .. ARGV[3] .. '|' .. table.concat(written, ','))
end
return result
