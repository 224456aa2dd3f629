import { randomUUID } from "node:crypto";
import calculateSlot from "cluster-key-slot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "@/test/clock";
import { redisClusterUnavailable, useRedisCluster } from "@/test/redis-cluster";
import { createRedisCluster, redisReady, type RedisClient } from "../infra/redis";
import { describeQueueStore } from "./queue-store.contract";
import type { LineRules } from "./queue-store";
import { concertKeys, LINES_KEY, RedisQueueStore } from "./redis-queue-store";

/**
 * The queue store on a three-master Redis Cluster, through the app's own Cluster client: the whole
 * contract suite, and lines placed on every master, each keeping all of its keys on its own master.
 */
const unavailable = redisClusterUnavailable();
if (unavailable) console.warn(`Skipping the Redis Cluster tests of the queue store: ${unavailable}`);

describe.skipIf(unavailable !== undefined)("on a three-master Redis Cluster", () => {
  const started = useRedisCluster();
  const prefix = "cb-test:";
  let redis: RedisClient;

  beforeAll(async () => {
    redis = createRedisCluster(started.cluster.nodes, prefix);
    await redisReady(redis);
  });

  afterAll(() => {
    redis?.disconnect();
  });

  describeQueueStore("Redis Cluster", async (settings, clock) => new RedisQueueStore(redis, settings, clock));

  it("places lines on all three masters; each line's keys live on its master alone; the ticker finds them all", async () => {
    const { cluster } = started;
    const clock = new FakeClock();
    const timing = {
      QUEUE_ACTIVE_TTL_SECONDS: 60,
      QUEUE_PASS_MAX_SECONDS: 120,
      QUEUE_IDLE_TIMEOUT_SECONDS: 300,
      QUEUE_TICK_MS: 250,
    };
    const store = new RedisQueueStore(redis, timing, clock);
    const rules: LineRules = { version: 1, opensAt: 0, paused: false, closed: false, maxActive: 1, admitPerMinute: 0 };

    // Concert ids until every master serves one: the master of a line is the one serving its tag's slot.
    const lineOn = new Map<number, string>();
    while (lineOn.size < cluster.nodes.length) {
      const concertId = randomUUID();
      const master = await cluster.masterOf(calculateSlot(`${prefix}${concertKeys(concertId)[0]}`));
      if (!lineOn.has(master)) lineOn.set(master, concertId);
    }
    expect([...lineOn.keys()].sort()).toEqual(cluster.nodes.map((n) => n.port).sort());

    for (const concertId of lineOn.values()) {
      const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const ta = await store.join(concertId, a, rules);
      const tb = await store.join(concertId, b, rules);
      const tc = await store.join(concertId, c, rules);
      const td = await store.join(concertId, d, rules);
      expect([ta.status, tb.status, tc.status, td.status]).toEqual(["ACTIVE", "WAITING", "WAITING", "WAITING"]);
      expect((await store.status(concertId, c, tc.tokenId)).position).toBe(2);
      // A leaves: B is let in at once; C and D move up.
      await store.end(concertId, a, ta.tokenId);
      expect(await store.activePass(concertId, b, tb.tokenId)).not.toBeNull();
      expect(await store.status(concertId, c, tc.tokenId)).toMatchObject({ status: "WAITING", position: 1 });
      await store.extend(concertId, b, tb.tokenId, clock.now().getTime() + 90_000);
      expect(await store.stats(concertId)).toEqual({ waiting: 2, prequeue: 0, active: 1, admittedLastMinute: 2 });
      await store.status(concertId, d, td.tokenId);
    }

    // The set of lines the ticker walks names all three (it lives on a master of its own slot).
    expect(await store.concertsWithLines()).toEqual(expect.arrayContaining([...lineOn.values()]));
    // B's pass lapses; the tick on each line lets C in, whichever master serves it.
    clock.advance(120_001);
    for (const concertId of lineOn.values()) expect(await store.tick(concertId, rules)).toBe(1);
    for (const concertId of lineOn.values()) {
      expect(await store.stats(concertId)).toMatchObject({ waiting: 1, active: 1 });
    }

    // What each master really holds: every key of its own line, and not one key of the others'.
    for (const [master, concertId] of lineOn) {
      for (const [port, other] of lineOn) {
        const keys = await cluster.direct(port).keys(`${prefix}{q:${concertId}}*`);
        if (port === master) {
          expect(keys).toEqual(expect.arrayContaining(concertKeys(concertId).map((key) => `${prefix}${key}`)));
        } else {
          expect(keys, `${other}'s master holds none of ${concertId}'s keys`).toEqual([]);
        }
      }
    }
    const linesMaster = await cluster.masterOf(calculateSlot(`${prefix}${LINES_KEY}`));
    expect(await cluster.direct(linesMaster).exists(`${prefix}${LINES_KEY}`)).toBe(1);
  });

  it("answers the health probe's ping on every master", async () => {
    const store = new RedisQueueStore(
      redis,
      { QUEUE_ACTIVE_TTL_SECONDS: 60, QUEUE_PASS_MAX_SECONDS: 60, QUEUE_IDLE_TIMEOUT_SECONDS: 60, QUEUE_TICK_MS: 250 },
      new FakeClock(),
    );
    await expect(store.ping()).resolves.toBeUndefined();
  });
});
