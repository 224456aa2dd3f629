import { DRAW_PLACE_LUA } from "./draw-permutation";

/**
 * The waiting room's Lua scripts. Each state change is one script, so it is atomic however many
 * app instances race; all keys of a concert share the hash tag `{q:<concertId>}`, so every script
 * touches one hash slot and runs unchanged on Redis Cluster (redis-cluster-queue-store.int.test.ts
 * runs the contract suite on a three-master one).
 *
 * Keys of a concert (after the deployment's key prefix):
 *   wait    ZSET  member = user key, score = place in line (see below)
 *   seen    STRING an array of unsigned 32-bit integers indexed by ticket (BITFIELD u32 #ticket):
 *           the waiter's last poll (s), 0 once the ticket is no longer in line; 4 bytes per ticket
 *           ever given out (the whole line's bytes per waiter at 1,000,000: docs/BENCHMARKS.md,
 *           queue-scale). A batch of heartbeats is two BITFIELD commands (see SNAPSHOT).
 *   active  ZSET  member = user key, score = end of the pass (ms)
 *   aticket HASH  user key -> ticket number of the ACTIVE pass (the queue token id)
 *   seq     STRING ticket counter
 *   adm     ZSET  admissions of the last minute (member = ticket, score = ms)
 *   acap    HASH  user key -> hard end of the ACTIVE pass (ms): admission + QUEUE_PASS_MAX_SECONDS
 *   cfg     HASH  the line's settings, mirrored from PostgreSQL (v = their version, opensAt,
 *                 paused, closed, max, pace), and its own state: pre/preFrom/drawEnd/drawCur/dkey
 *                 (the pre-queue and its draw, see `phase`), draws (every draw since the line was
 *                 last cleared, `preFrom:drawEnd:key;` each), tat (the pacing schedule, see
 *                 `paceBudget`), ge/gbase (the departure log's epoch and the last ticket it
 *                 forgot), pruned (the second TICK last looked for idle waiters at the front)
 *   gone    LIST  the departure log: every place that left `wait` (admitted, left, dropped idle),
 *                 in order, so that each instance keeps a replica of who is still in line and
 *                 answers polls without Redis (line-replica.ts). An entry is the removed score's
 *                 integer part: positive for a ticket (not drawn), negative for a drawn place; or
 *                 `ticket:until` for a pass admitted or extended (until = its end, ms) or ended (0).
 *                 Cleared (and ge moved on) when the line is closed; a few bytes per fan who ever
 *                 queued otherwise.
 *
 * Places. A waiter's score is its ticket (FIFO order of first request), except for the fans drawn
 * at an opening: place + ticket / PLACE_SCALE, where place is their drawn rank after everyone
 * already in line (draw-permutation.ts: a keyed permutation of the pre-queue's tickets). The
 * fraction keeps the ticket (the token id) in the score, so a drawn line costs no extra memory; `ticketOf` reads it back. Exact while tickets and places stay below
 * 2^26 (67 million fans per concert): place and ticket then fit a double's 53 bits together.
 *
 * Time comes in as ARGV (the app's clock) so expiry can be tested without sleeping.
 */

/** Heartbeats per BITFIELD of SNAPSHOT: Lua's unpack takes at most about 8,000 values. */
const BEAT_CHUNK = 1_000;

/** Departure-log entries one snapshot reads at most: a replica far behind catches up over ticks. */
const SNAPSHOT_CHUNK = 100_000;

/** The fraction of a drawn place that carries the ticket: 2^26. */
const PLACE_SCALE = 67_108_864;

/**
 * Tickets placed per step of a draw: one step is one script (its Redis time per fan and longest step
 * are docs/BENCHMARKS.md's queue-draw row), so a draw of any size holds Redis only that long at a time.
 */
const DRAW_STEP = 1_000;

/**
 * Logs a departure from `wait` (see the gone key above): the integer part of the score, negated
 * for a drawn place (a score with a fraction).
 */
const LOG_GONE = `
local function logGone(gone, score)
  local place = math.floor(score)
  if place == score then redis.call('RPUSH', gone, place) else redis.call('RPUSH', gone, -place) end
end
`;

/** ARGV of every script that admits, in this order (see RedisQueueStore.timing). */
const TIMING = `
local now, ttlMs, passMaxMs, idleCutoff, nowSec, tickMs, seed = tonumber(ARGV[T]), tonumber(ARGV[T + 1]), tonumber(ARGV[T + 2]), tonumber(ARGV[T + 3]), tonumber(ARGV[T + 4]), tonumber(ARGV[T + 5]), tonumber(ARGV[T + 6])
`;

/** What every script reads: the keys, the waiters' heartbeats, the line's settings, a fan's state. */
const BASE = `
local wait, seen, active, aticket, seqKey, adm, acap, cfg, gone = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9]

local function markSeen(ticket, nowSec)
  redis.call('BITFIELD', seen, 'SET', 'u32', '#' .. ticket, nowSec)
end

-- The waiter's last poll (s), or nil for a ticket not in line.
local function lastSeen(ticket)
  local v = redis.call('BITFIELD', seen, 'GET', 'u32', '#' .. ticket)[1]
  if v == 0 then return nil end
  return v
end

${LOG_GONE}
-- Takes a waiter out of line (score: their score, when the caller has it) and logs the departure.
local function dropWaiter(uk, ticket, score)
  score = score or tonumber(redis.call('ZSCORE', wait, uk))
  redis.call('ZREM', wait, uk)
  markSeen(ticket, 0)
  if score then logGone(gone, score) end
end

local function ticketOf(score)
  local place = math.floor(score)
  if place == score then return score end
  return math.floor((score - place) * ${PLACE_SCALE} + 0.5)
end

-- The line's settings and state. A line with no settings yet (before its first join, or after
-- Redis lost them) admits nobody until a join or the ticker brings them.
local C
local function loadCfg()
  local r = redis.call('HMGET', cfg, 'v', 'opensAt', 'paused', 'closed', 'max', 'pace', 'pre', 'preFrom', 'tat', 'drawEnd', 'drawCur', 'dkey', 'pruned')
  C = { v = tonumber(r[1]) or -1, opensAt = tonumber(r[2]) or 0, paused = r[3] == '1', closed = r[4] == '1',
        max = tonumber(r[5]) or 0, pace = tonumber(r[6]) or 0, pre = r[7] == '1', preFrom = tonumber(r[8]) or 0,
        tat = tonumber(r[9]) or 0, drawEnd = tonumber(r[10]) or 0, drawCur = tonumber(r[11]) or 0, dkey = tonumber(r[12]) or 0,
        pruned = tonumber(r[13]) or 0 }
end

-- Whether the ticket is in the pre-queue (not drawn yet, or the draw still running).
local function inPrequeue(ticket)
  return C.pre and ticket > C.preFrom and (C.drawEnd == 0 or ticket <= C.drawEnd)
end

-- The ticket of the user's place in line, if they have one.
local function waitingTicket(uk)
  local score = redis.call('ZSCORE', wait, uk)
  if score then return ticketOf(tonumber(score)) end
  return nil
end

-- {status, ticket, position, activeUntil, admittedLastMinute, opensAt (0 once open), reason}
local function state(uk, ticket, now)
  local recent = redis.call('ZCOUNT', adm, now - 60000, '+inf')
  local opensAt = 0
  if C.opensAt > now then opensAt = C.opensAt end
  local t = redis.call('HGET', aticket, uk)
  if t and tonumber(t) == ticket then
    local untilMs = tonumber(redis.call('ZSCORE', active, uk))
    if untilMs and untilMs > now then
      return {'ACTIVE', ticket, 0, untilMs, recent, opensAt, ''}
    end
  end
  if C.closed then return {'EXPIRED', ticket, 0, 0, recent, opensAt, 'LINE_CLOSED'} end
  if waitingTicket(uk) == ticket then
    if inPrequeue(ticket) then return {'PREQUEUE', ticket, 0, 0, recent, opensAt, ''} end
    return {'WAITING', ticket, redis.call('ZRANK', wait, uk) + 1, 0, recent, opensAt, ''}
  end
  return {'EXPIRED', ticket, 0, 0, recent, opensAt, ''}
end
`;

/** What the scripts that change a line add: the settings' mirror, the draw, the pace, admission. */
const CHANGES = `
${DRAW_PLACE_LUA}
-- Empties the line (not the ACTIVE passes): closing tells every waiter at once. The departure log
-- starts again (a new epoch): every ticket up to now is gone (gbase).
local function clearLine()
  local seq = tonumber(redis.call('GET', seqKey)) or 0
  redis.call('DEL', wait, seen, gone)
  C.pre, C.drawEnd = false, 0
  redis.call('HSET', cfg, 'pre', 0, 'drawEnd', 0, 'draws', '', 'gbase', seq)
  redis.call('HINCRBY', cfg, 'ge', 1)
end

-- Takes the settings from PostgreSQL (ARGV from S on) unless Redis already has these or newer.
local function syncCfg(S)
  local v = tonumber(ARGV[S])
  if v <= C.v then return end
  local closed = ARGV[S + 3] == '1'
  if closed and not C.closed then clearLine() end
  redis.call('HSET', cfg, 'v', v, 'opensAt', ARGV[S + 1], 'paused', ARGV[S + 2], 'closed', ARGV[S + 3], 'max', ARGV[S + 4], 'pace', ARGV[S + 5])
  C.v, C.opensAt, C.paused, C.closed = v, tonumber(ARGV[S + 1]), ARGV[S + 2] == '1', closed
  C.max, C.pace = tonumber(ARGV[S + 4]), tonumber(ARGV[S + 5])
end

-- The draw at the opening, one step of at most ${DRAW_STEP} tickets per call so that a long pre-queue
-- never blocks Redis for long. The fans who joined during the pre-queue (tickets preFrom+1 ..
-- drawEnd, n of them) take places preFrom+1 .. drawEnd in the order of a keyed permutation of their
-- tickets (draw-permutation.ts; the key was drawn when the pre-queue closed). Places start after
-- everyone already in line; everyone who joins after the opening has a ticket above drawEnd, so
-- stays behind. A ticket whose fan left leaves its place empty. Fans who stopped polling are
-- dropped when they reach the front, as in any line. Returns true once every fan has a place.
local function drawStep()
  local n, last = C.drawEnd - C.preFrom, math.min(C.drawCur + ${DRAW_STEP}, C.drawEnd)
  for t = C.drawCur + 1, last do
    local m = redis.call('ZRANGEBYSCORE', wait, t, t, 'LIMIT', 0, 1)
    if #m > 0 then
      redis.call('ZADD', wait, C.preFrom + 1 + drawPlace(t - C.preFrom - 1, n, C.dkey) + t / ${PLACE_SCALE}, m[1])
    end
  end
  C.drawCur = last
  if last >= C.drawEnd then
    C.pre, C.drawEnd = false, 0
    redis.call('HSET', cfg, 'pre', 0, 'drawEnd', 0)
    return true
  end
  redis.call('HSET', cfg, 'drawCur', last)
  return false
end

-- Keeps the pre-queue in step with the clock: it starts when the line is first seen before its
-- opening (fans already in line keep their places). The first call past the opening closes it
-- (drawEnd: later joiners are not drawn); the ticker then draws it step by step (canDraw).
local function phase(now, seed, canDraw)
  if C.opensAt > now then
    if not C.pre then
      C.pre, C.preFrom, C.drawEnd = true, tonumber(redis.call('GET', seqKey)) or 0, 0
      redis.call('HSET', cfg, 'pre', 1, 'preFrom', C.preFrom, 'drawEnd', 0)
    end
  elseif C.pre then
    if C.drawEnd == 0 then
      C.drawEnd, C.drawCur, C.dkey = tonumber(redis.call('GET', seqKey)) or 0, C.preFrom, seed
      local draws = (redis.call('HGET', cfg, 'draws') or '') .. C.preFrom .. ':' .. C.drawEnd .. ':' .. seed .. ';'
      redis.call('HSET', cfg, 'drawEnd', C.drawEnd, 'drawCur', C.drawCur, 'dkey', seed, 'draws', draws)
    end
    if canDraw then drawStep() end
  end
end

-- How many the pace allows now: at most pace in any sliding minute (the adm set holds every
-- admission of the last minute), spread evenly: one per 60000/pace ms on a schedule (tat) that
-- may lag the clock by one tick at most, so an idle spell never saves up a burst.
local function paceBudget(now, tickMs)
  if C.pace <= 0 then return 1e15, 0, 0 end
  local interval = 60000 / C.pace
  local tat = math.max(C.tat, now - tickMs)
  local byRate = 0
  if tat <= now then byRate = math.floor((now - tat) / interval) + 1 end
  local byWindow = C.pace - redis.call('ZCOUNT', adm, now - 60000, '+inf')
  return math.max(0, math.min(byRate, byWindow)), tat, interval
end

-- Ends lapsed passes, then gives free slots to the head of the line, skipping (and dropping)
-- waiters idle since before idleCutoff. Never more than max ACTIVE, never faster than the pace,
-- nobody while the line is paused, closed or not yet open.
local function admit(now, ttlMs, passMaxMs, idleCutoff, tickMs, seed, canDraw)
  phase(now, seed, canDraw)
  local lapsed = redis.call('ZRANGEBYSCORE', active, '-inf', now, 'LIMIT', 0, 1000)
  for _, uk in ipairs(lapsed) do
    redis.call('ZREM', active, uk)
    redis.call('HDEL', aticket, uk)
    redis.call('HDEL', acap, uk)
  end
  redis.call('ZREMRANGEBYSCORE', adm, '-inf', now - 60000)
  if C.paused or C.closed or C.pre or C.opensAt > now then return 0 end
  local budget, tat, interval = paceBudget(now, tickMs)
  local free = math.min(C.max - redis.call('ZCARD', active), budget)
  local untilMs = now + math.min(ttlMs, passMaxMs)
  local admitted, skipped = 0, 0
  while free > 0 and skipped < 1000 do
    local head = redis.call('ZRANGE', wait, 0, 0, 'WITHSCORES')
    if #head == 0 then break end
    local uk, score = head[1], tonumber(head[2])
    local ticket = ticketOf(score)
    local polled = lastSeen(ticket)
    dropWaiter(uk, ticket, score)
    if polled and polled >= idleCutoff then
      redis.call('ZADD', active, untilMs, uk)
      redis.call('HSET', aticket, uk, ticket)
      redis.call('HSET', acap, uk, now + passMaxMs)
      redis.call('ZADD', adm, now, ticket)
      redis.call('RPUSH', gone, ticket .. ':' .. untilMs)
      free = free - 1
      admitted = admitted + 1
    else
      skipped = skipped + 1
    end
  end
  if C.pace > 0 and admitted > 0 then redis.call('HSET', cfg, 'tat', tat + admitted * interval) end
  return admitted
end

`;

/** Script source with the timing ARGV starting at position `t` (1-based). */
const withTiming = (t: number, body: string) => `${BASE}${CHANGES}\nlocal T = ${t}\n${TIMING}\nloadCfg()\n${body}`;

/**
 * ARGV: userKey, timing (7), settings (6). A closed line refuses newcomers: the reply's reason is
 * LINE_CLOSED with ticket 0; an ACTIVE pass is returned as it is.
 */
export const JOIN = withTiming(
  2,
  `
local uk = ARGV[1]
syncCfg(9)
local untilMs = tonumber(redis.call('ZSCORE', active, uk))
if untilMs and untilMs > now then
  return state(uk, tonumber(redis.call('HGET', aticket, uk)), now)
end
if C.closed then return {'EXPIRED', 0, 0, 0, 0, 0, 'LINE_CLOSED'} end
phase(now, seed, false)
local ticket = waitingTicket(uk)
if ticket and (lastSeen(ticket) or 0) < idleCutoff then
  dropWaiter(uk, ticket)
  ticket = nil
end
if not ticket then
  ticket = redis.call('INCR', seqKey)
  redis.call('ZADD', wait, ticket, uk)
end
markSeen(ticket, nowSec)
admit(now, ttlMs, passMaxMs, idleCutoff, tickMs, seed, false)
return state(uk, ticket, now)
`,
);

/**
 * ARGV: userKey, ticket, now, idleCutoffSec, nowSec. The hot path, so written out on its own: a
 * heartbeat and a read, with none of the other scripts' helpers to set up on each call, and no
 * admission (joins, ends and every instance's ticker admit; a poll sees the outcome within a tick).
 * It answers as `state` does; the contract suite holds both to the same rules.
 */
export const STATUS = `
local wait, seen, active, aticket, adm, cfg, gone = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[6], KEYS[8], KEYS[9]
${LOG_GONE}local uk, ticket, now, idleCutoff, nowSec = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local c = redis.call('HMGET', cfg, 'closed', 'pre', 'preFrom', 'drawEnd', 'opensAt')
local waiting = false
local score = tonumber(redis.call('ZSCORE', wait, uk))
if score then
  local place, t = math.floor(score), score
  if place ~= score then t = math.floor((score - place) * ${PLACE_SCALE} + 0.5) end
  if t == ticket then
    local field = '#' .. ticket
    if redis.call('BITFIELD', seen, 'GET', 'u32', field)[1] < idleCutoff then
      redis.call('ZREM', wait, uk)
      redis.call('BITFIELD', seen, 'SET', 'u32', field, 0)
      logGone(gone, score)
    else
      redis.call('BITFIELD', seen, 'SET', 'u32', field, nowSec)
      waiting = true
    end
  end
end
local recent = redis.call('ZCOUNT', adm, now - 60000, '+inf')
local opensAt = tonumber(c[5]) or 0
if opensAt <= now then opensAt = 0 end
local t = redis.call('HGET', aticket, uk)
if t and tonumber(t) == ticket then
  local untilMs = tonumber(redis.call('ZSCORE', active, uk))
  if untilMs and untilMs > now then return {'ACTIVE', ticket, 0, untilMs, recent, opensAt, ''} end
end
if c[1] == '1' then return {'EXPIRED', ticket, 0, 0, recent, opensAt, 'LINE_CLOSED'} end
if waiting then
  local preFrom, drawEnd = tonumber(c[3]) or 0, tonumber(c[4]) or 0
  if c[2] == '1' and ticket > preFrom and (drawEnd == 0 or ticket <= drawEnd) then
    return {'PREQUEUE', ticket, 0, 0, recent, opensAt, ''}
  end
  return {'WAITING', ticket, redis.call('ZRANK', wait, uk) + 1, 0, recent, opensAt, ''}
end
return {'EXPIRED', ticket, 0, 0, recent, opensAt, ''}
`;

/** KEYS: active, aticket, acap. ARGV: userKey, ticket, now. {end of the pass, hard end} or 0. */
export const ACTIVE_PASS = `
local t = redis.call('HGET', KEYS[2], ARGV[1])
if t ~= ARGV[2] then return 0 end
local untilMs = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]))
if not untilMs or untilMs <= tonumber(ARGV[3]) then return 0 end
return {untilMs, tonumber(redis.call('HGET', KEYS[3], ARGV[1])) or untilMs}
`;

/**
 * KEYS: active, aticket, acap, gone. ARGV: userKey, ticket, now, untilMs. Only an ACTIVE pass is
 * extended, never shortened, and never past its hard end; the new end goes to the log.
 */
export const EXTEND = `
local t = redis.call('HGET', KEYS[2], ARGV[1])
if t ~= ARGV[2] then return 0 end
local untilMs = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]))
if not untilMs or untilMs <= tonumber(ARGV[3]) then return 0 end
local cap = tonumber(redis.call('HGET', KEYS[3], ARGV[1])) or untilMs
local extended = math.min(tonumber(ARGV[4]), cap)
if extended > untilMs then
  redis.call('ZADD', KEYS[1], extended, ARGV[1])
  redis.call('RPUSH', KEYS[4], t .. ':' .. extended)
end
return 1
`;

/** ARGV: userKey, ticket, timing (7). */
export const END = withTiming(
  3,
  `
local uk, ticket = ARGV[1], tonumber(ARGV[2])
local t = redis.call('HGET', aticket, uk)
if t and tonumber(t) == ticket then
  redis.call('ZREM', active, uk)
  redis.call('HDEL', aticket, uk)
  redis.call('HDEL', acap, uk)
  redis.call('RPUSH', gone, ticket .. ':0')
elseif waitingTicket(uk) == ticket then
  dropWaiter(uk, ticket)
end
return admit(now, ttlMs, passMaxMs, idleCutoff, tickMs, seed, false)
`,
);

/**
 * ARGV: pruneCount, timing (7), settings (6). Admits (or takes a step of the draw), then (once a
 * second) drops idle waiters among the first pruneCount in line so the places near the front stay
 * exact.
 * {admitted, 1 while a draw is under way}
 */
export const TICK = withTiming(
  2,
  `
local pruneCount = tonumber(ARGV[1])
syncCfg(9)
local admitted = admit(now, ttlMs, passMaxMs, idleCutoff, tickMs, seed, true)
-- Once a second per line, whichever instance ticks first (a last poll is kept in whole seconds).
local front = {}
if C.pruned < nowSec then
  redis.call('HSET', cfg, 'pruned', nowSec)
  front = redis.call('ZRANGE', wait, 0, pruneCount - 1, 'WITHSCORES')
end
if #front > 0 then
  local gets = {}
  for i = 2, #front, 2 do
    gets[#gets + 1] = 'GET'
    gets[#gets + 1] = 'u32'
    gets[#gets + 1] = '#' .. ticketOf(tonumber(front[i]))
  end
  local polled = redis.call('BITFIELD', seen, unpack(gets))
  for i = 1, #front, 2 do
    if polled[(i + 1) / 2] < idleCutoff then
      local score = tonumber(front[i + 1])
      dropWaiter(front[i], ticketOf(score), score)
    end
  end
end
local drawing = 0
if C.pre and C.opensAt <= now then drawing = 1 end
return {admitted, drawing}
`,
);

/** ARGV: settings (6). Mirrors the settings from PostgreSQL unless Redis has these or newer. */
export const SYNC = `${BASE}${CHANGES}
loadCfg()
syncCfg(1)
return C.v
`;

/** ARGV: now. {waiting, prequeue, active, admittedLastMinute} */
export const STATS = `${BASE}
loadCfg()
local now = tonumber(ARGV[1])
local all = redis.call('ZCARD', wait)
local pre = 0
if C.pre then
  local last = '+inf'
  if C.drawEnd > 0 then last = '(' .. (C.drawEnd + 1) end
  pre = redis.call('ZCOUNT', wait, C.preFrom + 1, last)
end
return {all - pre, pre, redis.call('ZCOUNT', active, '(' .. now, '+inf'), redis.call('ZCOUNT', adm, now - 60000, '+inf')}
`;

/**
 * ARGV: now, epoch, cursor, newEpoch, idleCutoff, nowSec, then the heartbeats the instance has due
 * (userKey, ticket, second of the last poll; see line-beats.ts). Records the heartbeats first: a
 * last poll only ever moves forward (another instance may have sent a later one), and a waiter
 * already idle past idleCutoff is dropped instead. Then what an instance needs to answer polls
 * for a line until its next tick (line-replica.ts): the settings and state that decide a status,
 * admissions of the last minute, and the departure log from `cursor` on (SNAPSHOT_CHUNK entries at
 * most). A caller whose epoch is not the log's (the line was closed since, or Redis lost it) gets
 * the log from the start. newEpoch names a log that has none yet.
 * {epoch, from, logLength, admittedLastMinute, closed, pre, preFrom, drawEnd, opensAt, gbase, draws, entries}
 */
export const SNAPSHOT = `${BASE}
local now, epoch, from, idleCutoff, nowSec = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[5]), tonumber(ARGV[6])
-- The heartbeats, ${BEAT_CHUNK} at a time: one BITFIELD reads their last polls, one writes the new ones
-- (a ticket no longer in line reads 0 and is left alone; one idle past the cutoff is dropped).
for c = 7, #ARGV, ${3 * BEAT_CHUNK} do
  local last = math.min(#ARGV, c + ${3 * BEAT_CHUNK} - 1)
  local gets, fields, n = {}, {}, 0
  for i = c, last, 3 do
    local field = '#' .. ARGV[i + 1]
    n = n + 1
    fields[n] = field
    gets[3 * n - 2], gets[3 * n - 1], gets[3 * n] = 'GET', 'u32', field
  end
  local seenAt = redis.call('BITFIELD', seen, unpack(gets))
  local sets, m = {}, 0
  for j = 1, n do
    local v, i = seenAt[j], c + 3 * (j - 1)
    local polled = tonumber(ARGV[i + 2])
    if v >= idleCutoff then
      if polled > v then
        sets[m + 1], sets[m + 2], sets[m + 3], sets[m + 4] = 'SET', 'u32', fields[j], polled
        m = m + 4
      end
    elseif v > 0 then
      local uk, ticket = ARGV[i], tonumber(ARGV[i + 1])
      local score = tonumber(redis.call('ZSCORE', wait, uk))
      if score and ticketOf(score) == ticket then dropWaiter(uk, ticket, score) end
    end
  end
  if m > 0 then redis.call('BITFIELD', seen, unpack(sets)) end
end
local c = redis.call('HMGET', cfg, 'closed', 'pre', 'preFrom', 'drawEnd', 'opensAt', 'ge', 'gbase', 'draws')
local ge = tonumber(c[6])
if not ge then
  ge = tonumber(ARGV[4])
  redis.call('HSET', cfg, 'ge', ge)
end
local length = redis.call('LLEN', gone)
if ge ~= epoch or from > length then from = 0 end
local entries = redis.call('LRANGE', gone, from, from + ${SNAPSHOT_CHUNK} - 1)
local pre = 0
if c[2] == '1' then pre = 1 end
local closed = 0
if c[1] == '1' then closed = 1 end
return {ge, from, length, redis.call('ZCOUNT', adm, now - 60000, '+inf'),
  closed, pre, tonumber(c[3]) or 0, tonumber(c[4]) or 0, tonumber(c[5]) or 0, tonumber(c[7]) or 0, c[8] or '', entries}
`;
