-- Writes a balance unless Redis already holds the same or a higher version of it.
-- KEYS[1] the balance key
-- ARGV[1] the balance's version
-- ARGV[2] the encoded balance, which starts with "<version>|"
-- ARGV[3] time to live in milliseconds
-- ARGV[4] the invalidation channel, or '' to publish nothing
-- ARGV[5] the invalidation message
-- Returns -1 when written, else the version Redis keeps.
local current = redis.call('GET', KEYS[1])
if current then
  local kept = tonumber(string.match(current, '^(%d+)|'))
  if kept and kept >= tonumber(ARGV[1]) then
    return kept
  end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
if ARGV[4] ~= '' then
  redis.call('PUBLISH', ARGV[4], ARGV[5])
end
return -1
