/**
 * The waiting room's Lua scripts. Each state change is one script, so it is atomic however many
 * app instances race; all keys of a concert share the hash tag `{q:<concertId>}`, so every script
 * touches one hash slot and runs unchanged on Redis Cluster.
 *
 * Keys of a concert (after the deployment's key prefix):
 *   wait    ZSET  member = user key, score = ticket number (FIFO order of first request)
 *   seen    prefix of HASHes `seen:<ticket div SEEN_BUCKET>`, field = ticket mod SEEN_BUCKET,
 *           value = last poll (s); small hashes stay listpack-encoded, ~10 bytes per waiter
 *           (a 1,000,000-long line costs ~136 bytes per waiter in all: docs/BENCHMARKS.md)
 *   active  ZSET  member = user key, score = end of the pass (ms)
 *   aticket HASH  user key -> ticket number of the ACTIVE pass (the queue token id)
 *   seq     STRING ticket counter
 *   adm     ZSET  admissions of the last minute (member = ticket, score = ms)
 * Time comes in as ARGV (the app's clock) so expiry can be tested without sleeping.
 */

/** Waiters per `seen` hash: small enough to stay listpack-encoded (hash-max-listpack-entries 128). */
export const SEEN_BUCKET = 100;

const COMMON = `
local wait, seenPrefix, active, aticket, seqKey, adm = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]

local function seenField(ticket)
  return seenPrefix .. ':' .. math.floor(ticket / ${SEEN_BUCKET}), ticket % ${SEEN_BUCKET}
end

local function markSeen(ticket, nowSec)
  local k, f = seenField(ticket)
  redis.call('HSET', k, f, nowSec)
end

local function lastSeen(ticket)
  local k, f = seenField(ticket)
  return tonumber(redis.call('HGET', k, f))
end

local function dropWaiter(uk, ticket)
  local k, f = seenField(ticket)
  redis.call('ZREM', wait, uk)
  redis.call('HDEL', k, f)
end

-- Ends lapsed passes, then gives every free slot to the head of the line, skipping (and
-- dropping) waiters idle since before idleCutoff. Never lets more than maxActive be ACTIVE.
local function admit(now, maxActive, ttlMs, idleCutoff)
  local lapsed = redis.call('ZRANGEBYSCORE', active, '-inf', now, 'LIMIT', 0, 1000)
  for _, uk in ipairs(lapsed) do
    redis.call('ZREM', active, uk)
    redis.call('HDEL', aticket, uk)
  end
  redis.call('ZREMRANGEBYSCORE', adm, '-inf', now - 60000)
  local free = maxActive - redis.call('ZCARD', active)
  local admitted, skipped = 0, 0
  while free > 0 and skipped < 1000 do
    local head = redis.call('ZRANGE', wait, 0, 0, 'WITHSCORES')
    if #head == 0 then break end
    local uk, ticket = head[1], tonumber(head[2])
    local seen = lastSeen(ticket)
    dropWaiter(uk, ticket)
    if seen and seen >= idleCutoff then
      redis.call('ZADD', active, now + ttlMs, uk)
      redis.call('HSET', aticket, uk, ticket)
      redis.call('ZADD', adm, now, ticket)
      free = free - 1
      admitted = admitted + 1
    else
      skipped = skipped + 1
    end
  end
  return admitted
end

-- {status, ticket, position, activeUntil, admittedLastMinute}
local function state(uk, ticket, now)
  local recent = redis.call('ZCOUNT', adm, now - 60000, '+inf')
  local t = redis.call('HGET', aticket, uk)
  if t and tonumber(t) == ticket then
    local untilMs = tonumber(redis.call('ZSCORE', active, uk))
    if untilMs and untilMs > now then
      return {'ACTIVE', ticket, 0, untilMs, recent}
    end
  end
  local score = redis.call('ZSCORE', wait, uk)
  if score and tonumber(score) == ticket then
    return {'WAITING', ticket, redis.call('ZRANK', wait, uk) + 1, 0, recent}
  end
  return {'EXPIRED', ticket, 0, 0, recent}
end
`;

/** ARGV: userKey, now, maxActive, ttlMs, idleCutoffSec, nowSec. */
export const JOIN = `${COMMON}
local uk, now, maxActive, ttlMs, idleCutoff, nowSec = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local untilMs = tonumber(redis.call('ZSCORE', active, uk))
if untilMs and untilMs > now then
  return state(uk, tonumber(redis.call('HGET', aticket, uk)), now)
end
local ticket = tonumber(redis.call('ZSCORE', wait, uk))
if ticket and (lastSeen(ticket) or 0) < idleCutoff then
  dropWaiter(uk, ticket)
  ticket = nil
end
if not ticket then
  ticket = redis.call('INCR', seqKey)
  redis.call('ZADD', wait, ticket, uk)
end
markSeen(ticket, nowSec)
admit(now, maxActive, ttlMs, idleCutoff)
return state(uk, ticket, now)
`;

/** ARGV: userKey, ticket, now, maxActive, ttlMs, idleCutoffSec, nowSec. */
export const STATUS = `${COMMON}
local uk, ticket, now, maxActive, ttlMs, idleCutoff, nowSec = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local score = redis.call('ZSCORE', wait, uk)
if score and tonumber(score) == ticket then
  if (lastSeen(ticket) or 0) < idleCutoff then
    dropWaiter(uk, ticket)
  else
    markSeen(ticket, nowSec)
  end
end
admit(now, maxActive, ttlMs, idleCutoff)
return state(uk, ticket, now)
`;

/** KEYS: active, aticket. ARGV: userKey, ticket, now. One O(1)/O(log N) read. */
export const IS_ACTIVE = `
local t = redis.call('HGET', KEYS[2], ARGV[1])
if t ~= ARGV[2] then return 0 end
local untilMs = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]))
if untilMs and untilMs > tonumber(ARGV[3]) then return 1 end
return 0
`;

/** KEYS: active, aticket. ARGV: userKey, ticket, now, untilMs. Only an ACTIVE pass is extended. */
export const EXTEND = `
local t = redis.call('HGET', KEYS[2], ARGV[1])
if t ~= ARGV[2] then return 0 end
local untilMs = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]))
if not untilMs or untilMs <= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], 'GT', ARGV[4], ARGV[1])
return 1
`;

/** ARGV: userKey, ticket, now, maxActive, ttlMs, idleCutoffSec. */
export const END = `${COMMON}
local uk, ticket, now, maxActive, ttlMs, idleCutoff = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local t = redis.call('HGET', aticket, uk)
if t and tonumber(t) == ticket then
  redis.call('ZREM', active, uk)
  redis.call('HDEL', aticket, uk)
else
  local score = redis.call('ZSCORE', wait, uk)
  if score and tonumber(score) == ticket then dropWaiter(uk, ticket) end
end
return admit(now, maxActive, ttlMs, idleCutoff)
`;

/**
 * ARGV: now, maxActive, ttlMs, idleCutoffSec, pruneCount. Admits, then drops idle waiters among
 * the first pruneCount in line so the places near the front stay exact.
 */
export const TICK = `${COMMON}
local now, maxActive, ttlMs, idleCutoff, pruneCount = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local admitted = admit(now, maxActive, ttlMs, idleCutoff)
local front = redis.call('ZRANGE', wait, 0, pruneCount - 1, 'WITHSCORES')
for i = 1, #front, 2 do
  local ticket = tonumber(front[i + 1])
  if (lastSeen(ticket) or 0) < idleCutoff then dropWaiter(front[i], ticket) end
end
return admitted
`;

/** ARGV: now. {waiting, active, admittedLastMinute} */
export const STATS = `${COMMON}
local now = tonumber(ARGV[1])
return {redis.call('ZCARD', wait), redis.call('ZCOUNT', active, '(' .. now, '+inf'), redis.call('ZCOUNT', adm, now - 60000, '+inf')}
`;
