import { randomBytes } from "node:crypto";
import calculateSlot from "cluster-key-slot";
import fc from "fast-check";
import { afterAll, describe, expect, inject, it, vi } from "vitest";
import { createRedis, redisReady, type Redis } from "../infra/redis";
import { FakeClock } from "@/test/clock";
import { deleteRedisKeys, TEST_REDIS_URL } from "@/test/services";
import type { LineRules, QueueState } from "./queue-store";
import { describeQueueStore } from "./queue-store.contract";
import { answersFromReplica, LINES_KEY, RedisQueueStore, userKey } from "./redis-queue-store";

const prefix = `${inject("runId")}:queue-${randomBytes(4).toString("hex")}:`;
const clients: Redis[] = [];

describeQueueStore("Redis", async (settings, clock) => {
  const redis = createRedis(TEST_REDIS_URL, prefix);
  clients.push(redis);
  await redisReady(redis);
  return new RedisQueueStore(redis, settings, clock);
});

it("keeps every key of a concert in one hash slot, apart from another concert's (Redis Cluster)", async () => {
  const slotPrefix = `${prefix}slot:`;
  const redis = createRedis(TEST_REDIS_URL, slotPrefix);
  clients.push(redis);
  await redisReady(redis);
  const store = new RedisQueueStore(
    redis,
    { QUEUE_ACTIVE_TTL_SECONDS: 60, QUEUE_PASS_MAX_SECONDS: 60, QUEUE_IDLE_TIMEOUT_SECONDS: 60, QUEUE_TICK_MS: 250 },
    { now: () => new Date() },
  );
  // The slot as a cluster computes it (a plain Redis refuses CLUSTER KEYSLOT); checked on the
  // example of Redis's own documentation.
  expect(calculateSlot("foo")).toBe(12182);
  // Two concerts whose {q:<id>} tags fall in different slots (8890 and 5095).
  const concerts = ["6f1c1a9e-7c55-4a8e-9d0a-2b9b8f0e1c11", "0b7e2d4c-3f5a-4e8b-9c1d-7a6f5e4d3c2b"] as const;
  const rules = { version: 1, opensAt: 0, paused: false, closed: false, maxActive: 1, admitPerMinute: 0 };
  for (const concertId of concerts) {
    await store.join(concertId, "11111111-1111-4111-8111-111111111111", rules);
    await store.join(concertId, "22222222-2222-4222-8222-222222222222", rules);
  }
  // Every key the store wrote, whatever its name, so a key left out of the tag shows up too. The
  // set of lines is one key that no script touches together with a concert's keys.
  const keys = (await redis.keys(`${slotPrefix}*`)).filter((k) => k !== `${slotPrefix}${LINES_KEY}`);
  const keysOf = (id: string) => keys.filter((k) => k.includes(id));
  const slotsOf = (id: string) => [...new Set(keysOf(id).map(calculateSlot))];
  const [first, second] = concerts;
  expect(keysOf(first).length + keysOf(second).length).toBe(keys.length);
  expect(keysOf(first).length).toBeGreaterThanOrEqual(5);
  expect(slotsOf(first)).toHaveLength(1);
  expect(slotsOf(second)).toHaveLength(1);
  expect(slotsOf(first)).not.toEqual(slotsOf(second));
});

it("stores a user under a 22-character key", () => {
  expect(userKey("6f1c1a9e-7c55-4a8e-9d0a-2b9b8f0e1c11")).toHaveLength(22);
});

describe("polls answered from the instance's replica of the line", () => {
  const timing = {
    QUEUE_ACTIVE_TTL_SECONDS: 600,
    QUEUE_PASS_MAX_SECONDS: 900,
    QUEUE_IDLE_TIMEOUT_SECONDS: 300,
    QUEUE_TICK_MS: 250,
  };
  const rules: LineRules = { version: 1, opensAt: 0, paused: false, closed: false, maxActive: 2, admitPerMinute: 0 };

  async function newStore(clock: FakeClock, settings = timing) {
    const redis = createRedis(TEST_REDIS_URL, prefix);
    clients.push(redis);
    await redisReady(redis);
    return { redis, store: new RedisQueueStore(redis, settings, clock) };
  }

  it("after a tick, polls send nothing to Redis (waiting, admitted or gone); their heartbeats ride on the next tick's one script", async () => {
    const clock = new FakeClock();
    const { redis, store } = await newStore(clock);
    const concertId = crypto.randomUUID();
    const fans = Array.from({ length: 50 }, () => crypto.randomUUID());
    const tickets = [];
    for (const id of fans) tickets.push(await store.join(concertId, id, rules));
    await store.tick(concertId, rules);
    // A pass extended, another ended, a waiter gone: the log tells the replica of each.
    const now = clock.now().getTime();
    await store.extend(concertId, fans[0]!, tickets[0]!.tokenId, now + 900_000);
    await store.end(concertId, fans[1]!, tickets[1]!.tokenId);
    await store.end(concertId, fans[49]!, tickets[49]!.tokenId);
    await store.tick(concertId, rules);
    const sent = vi.spyOn(redis, "sendCommand");
    for (let round = 0; round < 3; round++) {
      expect(await store.poll(concertId, fans[0]!, tickets[0]!.tokenId)).toMatchObject({
        status: "ACTIVE",
        activeUntil: now + 900_000,
      });
      expect(await store.poll(concertId, fans[1]!, tickets[1]!.tokenId)).toMatchObject({ status: "EXPIRED" });
      expect(await store.poll(concertId, fans[2]!, tickets[2]!.tokenId)).toMatchObject({ status: "ACTIVE" });
      for (let i = 3; i < 49; i++)
        expect(await store.poll(concertId, fans[i]!, tickets[i]!.tokenId)).toMatchObject({ position: i - 2 });
      expect(await store.poll(concertId, fans[49]!, tickets[49]!.tokenId)).toMatchObject({ status: "EXPIRED" });
    }
    expect(sent).not.toHaveBeenCalled();
    await store.tick(concertId, rules);
    // The tick (heartbeats, admission) and the snapshot: two scripts, whatever the number of polls.
    expect(sent).toHaveBeenCalledTimes(2);
    sent.mockRestore();
  });

  it("an instance that does not admit still sends its polls' heartbeats: a fan polling only there keeps the place", async () => {
    const clock = new FakeClock();
    const concertId = crypto.randomUUID();
    const settings = { ...timing, QUEUE_IDLE_TIMEOUT_SECONDS: 30 };
    const a = (await newStore(clock, settings)).store;
    const b = (await newStore(clock, settings)).store;
    const one = { ...rules, maxActive: 1 };
    const [first, idle, polling] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const tf = await a.join(concertId, first, one);
    const ti = await a.join(concertId, idle, one);
    const tp = await a.join(concertId, polling, one);
    for (let t = 0; t < 160; t++) {
      clock.advance(250);
      await a.tick(concertId, one);
      await b.refresh(concertId);
      if (t % 20 === 0) expect((await b.poll(concertId, polling, tp.tokenId)).status).toBe("WAITING");
    }
    await a.end(concertId, first, tf.tokenId);
    expect(await a.activePass(concertId, polling, tp.tokenId)).not.toBeNull();
    expect((await a.status(concertId, idle, ti.tokenId)).status).toBe("EXPIRED");
  });

  it("needs an idle timeout of 12 s and four ticks at least; a shorter one polls Redis every time", () => {
    expect(answersFromReplica(timing)).toBe(true);
    expect(answersFromReplica({ ...timing, QUEUE_IDLE_TIMEOUT_SECONDS: 12, QUEUE_TICK_MS: 3_000 })).toBe(true);
    expect(answersFromReplica({ ...timing, QUEUE_IDLE_TIMEOUT_SECONDS: 11 })).toBe(false);
    expect(answersFromReplica({ ...timing, QUEUE_IDLE_TIMEOUT_SECONDS: 30, QUEUE_TICK_MS: 10_000 })).toBe(false);
  });

  type Op =
    | { kind: "join" }
    | { kind: "leave"; pick: number }
    | { kind: "tick" }
    | { kind: "advance"; ms: number }
    | { kind: "openLater"; ms: number }
    | { kind: "closeOrReopen" };

  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 5, arbitrary: fc.constant({ kind: "join" as const }) },
    { weight: 3, arbitrary: fc.nat().map((pick) => ({ kind: "leave" as const, pick })) },
    { weight: 2, arbitrary: fc.constant({ kind: "tick" as const }) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 5_000 }).map((ms) => ({ kind: "advance" as const, ms })) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 3_000 }).map((ms) => ({ kind: "openLater" as const, ms })) },
    { weight: 1, arbitrary: fc.constant({ kind: "closeOrReopen" as const }) },
  );

  it("under any mix of joins, leaves, ticks, openings and closings: never a place lower than the true one, exact after a tick", async () => {
    const clock = new FakeClock();
    const { store } = await newStore(clock);
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 20, maxLength: 60 }),
        fc.integer({ min: 1, max: 4 }),
        async (ops, maxActive) => {
          const concertId = crypto.randomUUID();
          let current: LineRules = { ...rules, maxActive };
          const fans: { id: string; tokenId: string }[] = [];
          const check = async (exact: boolean) => {
            for (const f of fans) {
              const polled: QueueState = await store.poll(concertId, f.id, f.tokenId);
              const truth = await store.status(concertId, f.id, f.tokenId);
              if (exact) expect(polled).toEqual(truth);
              else if (truth.status === "WAITING" && polled.status === "WAITING")
                expect(polled.position).toBeGreaterThanOrEqual(truth.position);
              else if (truth.status === "WAITING") expect(polled.status).toBe("PREQUEUE");
            }
          };
          for (const o of ops) {
            if (o.kind === "join") {
              const id = crypto.randomUUID();
              fans.push({ id, tokenId: (await store.join(concertId, id, current)).tokenId });
            } else if (o.kind === "leave" && fans.length) {
              const f = fans[o.pick % fans.length]!;
              await store.end(concertId, f.id, f.tokenId);
            } else if (o.kind === "advance") clock.advance(o.ms);
            else if (o.kind === "openLater") {
              current = { ...current, version: current.version + 1, opensAt: clock.now().getTime() + o.ms };
              await store.applyRules(concertId, current);
            } else if (o.kind === "closeOrReopen") {
              current = { ...current, version: current.version + 1, closed: !current.closed };
              await store.applyRules(concertId, current);
            }
            if (o.kind === "tick") {
              await store.tick(concertId, current);
              await check(true);
            } else await check(false);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await deleteRedisKeys(prefix);
});
