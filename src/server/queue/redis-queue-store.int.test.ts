import { randomBytes } from "node:crypto";
import calculateSlot from "cluster-key-slot";
import { afterAll, expect, inject, it } from "vitest";
import { createRedis, redisReady, type Redis } from "../infra/redis";
import { deleteRedisKeys, TEST_REDIS_URL } from "@/test/services";
import { describeQueueStore } from "./queue-store.contract";
import { LINES_KEY, RedisQueueStore, userKey } from "./redis-queue-store";

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

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await deleteRedisKeys(prefix);
});
