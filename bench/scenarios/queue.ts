import { createHash, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { parseConfig } from "@/env";
import { TICK } from "@/server/queue/queue-scripts";
import { concertKeys, RedisQueueStore, userKey } from "@/server/queue/redis-queue-store";
import { compareThroughput, log, pick, summarize, type Comparison, type Figures } from "../lib/compare";
import { runLoad, withCpu, type Call, type Workload } from "../lib/load";
import type { Server } from "../lib/servers";
import {
  deleteLine,
  insertConcert,
  lineMemory,
  REDIS_URL,
  seedWaiting,
  usedMemory,
  type Services,
} from "../lib/services";
import { SETTINGS } from "../lib/settings";

type Ctx = { s: Services; app: Server; baseline: Server };

const json = { "content-type": "application/json" };

/** A source of fresh access tokens for users who have never queued (signed ahead, in batches). */
async function freshUsers(s: Services, count: number): Promise<string[]> {
  return Promise.all(Array.from({ length: count }, () => s.tokens.signAccess({ userId: randomUUID() })));
}

/**
 * queue-join: new users taking a queue token (`POST /api/v1/queue/tokens`), each request a user
 * never seen before, into a line that grows as the run goes (both sides alike).
 */
export async function queueJoin({ s, app, baseline }: Ctx): Promise<Comparison & { reusedTokens: number }> {
  const appConcert = await insertConcert(s.pool, "queue-join (app)");
  const baseConcert = await insertConcert(s.pool, "queue-join (baseline)");
  // Fresh users for the fastest plausible app rate; past that, a user would join a second time.
  const perRun = 25_000 * SETTINGS.roundSeconds;
  let reusedTokens = 0;
  const result = await compareThroughput(
    "queue-join",
    {
      url: baseline.url,
      pids: [baseline.child.pid],
      workload: () => ({
        next: () => ({
          method: "POST",
          path: "/join",
          headers: json,
          body: JSON.stringify({ concertId: baseConcert, userId: randomUUID() }),
        }),
      }),
    },
    {
      url: app.url,
      pids: [app.child.pid],
      workload: async () => {
        const tokens = await freshUsers(s, perRun);
        const body = JSON.stringify({ concertId: appConcert });
        let i = 0;
        return {
          next: () => {
            if (i >= tokens.length) reusedTokens++;
            const token = tokens[i++ % tokens.length]!;
            return {
              method: "POST",
              path: "/api/v1/queue/tokens",
              headers: { ...json, authorization: `Bearer ${token}` },
              body,
            };
          },
        };
      },
    },
  );
  return { ...result, reusedTokens };
}

/** Tokens of waiters already in a line, for polling: `sample` of them spread over the line. */
export async function pollers(s: Services, concertId: string, userIds: string[], tickets: number[], sample: number) {
  const step = Math.max(1, Math.floor(userIds.length / sample));
  const picked: { userId: string; ticket: number; token: string }[] = [];
  for (let i = 0; i < userIds.length && picked.length < sample; i += step) {
    const userId = userIds[i]!;
    const ticket = tickets[i]!;
    picked.push({ userId, ticket, token: await s.tokens.signQueue({ userId, concertId, tokenId: String(ticket) }) });
  }
  return picked;
}

export function pollWorkloads(concertId: string, users: { userId: string; ticket: number; token: string }[]) {
  return {
    app: (): Workload => ({
      next: (): Call => ({
        method: "GET",
        path: "/api/v1/queue/status",
        headers: { "x-queue-token": pick(users).token },
      }),
    }),
    baseline: (): Workload => ({
      next: (): Call => {
        const u = pick(users);
        return { method: "GET", path: `/status/${concertId}/${u.userId}/${u.ticket}` };
      },
    }),
  };
}

/** Puts `count` waiters (no database rows needed to wait) into a new concert's line. */
export async function seededLine(s: Services, title: string, count: number) {
  const concertId = await insertConcert(s.pool, title);
  const userIds = Array.from({ length: count }, () => randomUUID());
  const before = await usedMemory(s.redis);
  const tickets = await seedWaiting(s.redis, concertId, userIds);
  const after = await usedMemory(s.redis);
  return { concertId, userIds, tickets, infoBytes: after - before };
}

export type PollWorkloads = ReturnType<typeof pollWorkloads>;

/** queue-poll: SETTINGS.pollLine users in line, status polls (`GET /api/v1/queue/status`). */
export async function queuePoll({
  s,
  app,
  baseline,
}: Ctx): Promise<{ result: Comparison & { waiters: number }; workloads: PollWorkloads }> {
  const line = await seededLine(s, "queue-poll", SETTINGS.pollLine);
  log(`queue-poll: ${line.userIds.length} waiters seeded`);
  const users = await pollers(s, line.concertId, line.userIds, line.tickets, line.userIds.length);
  const workloads = pollWorkloads(line.concertId, users);
  const result = await compareThroughput(
    "queue-poll",
    { url: baseline.url, pids: [baseline.child.pid], workload: workloads.baseline },
    { url: app.url, pids: [app.child.pid], workload: workloads.app },
  );
  return { result: { ...result, waiters: users.length }, workloads };
}

export type ScaleResult = {
  waiters: number;
  bytesPerWaiter: { memoryUsage: number; info: number };
  keys: number;
  short: { waiters: number; app: Figures; baseline: Figures };
  long: { waiters: number; app: Figures; baseline: Figures };
  /** p99 in the long line over p99 in the short one. */
  p99Growth: { app: number; baseline: number };
};

/**
 * queue-scale: Redis memory per waiter with SETTINGS.scaleLine in one line, and status-poll
 * latency in a short line against the long one.
 */
export async function queueScale({ s, app, baseline }: Ctx): Promise<ScaleResult> {
  const short = await seededLine(s, "queue-scale (short)", SETTINGS.scaleShortLine);
  const long = await seededLine(s, "queue-scale (long)", SETTINGS.scaleLine);
  const usage = await lineMemory(s, long.concertId);
  const waiters = long.userIds.length;
  log(
    `queue-scale: ${waiters} waiters seeded; MEMORY USAGE ${((usage.wait + usage.seen) / waiters).toFixed(1)} B/waiter, INFO ${(long.infoBytes / waiters).toFixed(1)} B/waiter`,
  );
  const measure = async (line: typeof short, sample: number) => {
    const users = await pollers(s, line.concertId, line.userIds, line.tickets, sample);
    const w = pollWorkloads(line.concertId, users);
    const b = [];
    const a = [];
    await runLoad(baseline.url, w.baseline(), { seconds: SETTINGS.warmupSeconds });
    await runLoad(app.url, w.app(), { seconds: SETTINGS.warmupSeconds });
    for (let round = 0; round < SETTINGS.rounds; round++) {
      b.push(
        await withCpu([baseline.child.pid], () =>
          runLoad(baseline.url, w.baseline(), { seconds: SETTINGS.roundSeconds }),
        ),
      );
      a.push(await withCpu([app.child.pid], () => runLoad(app.url, w.app(), { seconds: SETTINGS.roundSeconds })));
    }
    return { waiters: line.userIds.length, app: summarize(a), baseline: summarize(b) };
  };
  const shortFigures = await measure(short, short.userIds.length);
  const longFigures = await measure(long, 20_000);
  // The long line goes at once: the rest of the bench does not need 100+ MB of Redis.
  await deleteLine(s, long.concertId);
  return {
    waiters,
    bytesPerWaiter: { memoryUsage: (usage.wait + usage.seen) / waiters, info: long.infoBytes / waiters },
    keys: usage.keys,
    short: shortFigures,
    long: longFigures,
    p99Growth: {
      app: longFigures.app.p99 / shortFigures.app.p99,
      baseline: longFigures.baseline.p99 / shortFigures.baseline.p99,
    },
  };
}

export type DrawResult = {
  fans: number;
  /** Wall time from the opening until every fan of the pre-queue had a place. */
  seconds: number;
  /** Scripts run for the draw, their Redis time in all and the longest of them (SLOWLOG). */
  steps: number;
  redisMs: number;
  longestStepMs: number;
  /** Every fan got exactly one place 1..fans. */
  permutation: boolean;
};

/**
 * queue-draw: SETTINGS.drawLine fans in a pre-queue, drawn at the opening by the store's own
 * ticker steps (RedisQueueStore.tick, as every instance runs it). Measured: how long until every
 * fan has a place, and how long Redis is held at a time (each step is one script; SLOWLOG records
 * each one's execution time).
 */
export async function queueDraw({ s }: Pick<Ctx, "s">): Promise<DrawResult> {
  const concertId = await insertConcert(s.pool, "queue-draw");
  let now = Date.now();
  const clock = { now: () => new Date(now) };
  const store = new RedisQueueStore(
    s.redis,
    { ...parseConfig({ NODE_ENV: "test", DATABASE_URL: "unused" }), QUEUE_IDLE_TIMEOUT_SECONDS: 3_600 },
    clock,
  );
  const rules = { version: 1, opensAt: now + 60_000, paused: false, closed: false, maxActive: 100, admitPerMinute: 0 };
  await store.tick(concertId, rules);
  const userIds = Array.from({ length: SETTINGS.drawLine }, () => randomUUID());
  const tickets = await seedWaiting(s.redis, concertId, userIds);
  log(`queue-draw: ${userIds.length} fans in the pre-queue`);
  const raw = new Redis(REDIS_URL);
  const threshold = (await raw.config("GET", "slowlog-log-slower-than")) as string[];
  const maxLen = (await raw.config("GET", "slowlog-max-len")) as string[];
  // Redis logs the commands a script runs as well as the script (a few per fan drawn): the log must
  // hold them all, or the first steps fall out of it before they are read.
  await raw.config("SET", "slowlog-log-slower-than", "0");
  await raw.config("SET", "slowlog-max-len", String(SETTINGS.drawLine * 10 + 100_000));
  await raw.slowlog("RESET");
  now = rules.opensAt;
  const started = process.hrtime.bigint();
  while ((await store.stats(concertId)).prequeue > 0) await store.tick(concertId, rules);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const slow = (await raw.slowlog("GET", -1)) as [number, number, number, string[]][];
  await raw.slowlog("RESET");
  await raw.config("SET", "slowlog-log-slower-than", threshold[1]!);
  await raw.config("SET", "slowlog-max-len", maxLen[1]!);
  // The draw's steps: the TICK script run on this line (its keys carry the concert's hash tag; the
  // line's STATS checks between ticks are the other script).
  const tickSha = createHash("sha1").update(TICK).digest("hex");
  const steps = slow.filter(
    ([, , , args]) =>
      args[0]?.toLowerCase() === "evalsha" && args[1] === tickSha && args.some((a) => a.includes(`{q:${concertId}}`)),
  );
  if (slow.length >= SETTINGS.drawLine * 10 + 100_000) throw new Error("queue-draw: the SLOWLOG overflowed");
  const places = [];
  for (let i = 0; i < userIds.length; i += 1_000) {
    const pipe = s.redis.pipeline();
    for (let j = i; j < Math.min(i + 1_000, userIds.length); j++)
      pipe.zrank(concertKeys(concertId)[0], userKey(userIds[j]!));
    for (const [, rank] of (await pipe.exec()) ?? []) if (rank !== null) places.push(Number(rank) + 1);
  }
  // The first 100 were admitted right after the draw; everyone else holds one distinct place.
  const sorted = places.sort((a, b) => a - b);
  const permutation = sorted.length === tickets.length - 100 && sorted.every((p, i) => p === i + 1);
  raw.disconnect();
  await deleteLine(s, concertId);
  return {
    fans: userIds.length,
    seconds,
    steps: steps.length,
    redisMs: steps.reduce((sum, [, , us]) => sum + us, 0) / 1_000,
    longestStepMs: Math.max(0, ...steps.map(([, , us]) => us)) / 1_000,
    permutation,
  };
}
