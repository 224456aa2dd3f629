import { randomBytes } from "node:crypto";
import { afterAll, expect, inject, it } from "vitest";
import { createRedis, redisReady, type Redis } from "../infra/redis";
import { deleteRedisKeys, TEST_REDIS_URL } from "@/test/services";
import { describeQueueStore } from "./queue-store.contract";
import { RedisQueueStore, userKey } from "./redis-queue-store";

const prefix = `${inject("runId")}:queue-${randomBytes(4).toString("hex")}:`;
const clients: Redis[] = [];

describeQueueStore("Redis", async (settings, clock) => {
  const redis = createRedis(TEST_REDIS_URL, prefix);
  clients.push(redis);
  await redisReady(redis);
  return new RedisQueueStore(redis, settings, clock);
});

it("keeps every key of a concert in one hash slot (Redis Cluster)", async () => {
  const redis = createRedis(TEST_REDIS_URL, `${prefix}slot:`);
  clients.push(redis);
  await redisReady(redis);
  const store = new RedisQueueStore(
    redis,
    { QUEUE_ACTIVE_TTL_SECONDS: 60, QUEUE_PASS_MAX_SECONDS: 60, QUEUE_IDLE_TIMEOUT_SECONDS: 60, QUEUE_TICK_MS: 250 },
    { now: () => new Date() },
  );
  const concertId = "6f1c1a9e-7c55-4a8e-9d0a-2b9b8f0e1c11";
  const rules = { version: 1, opensAt: 0, paused: false, closed: false, maxActive: 1, admitPerMinute: 0 };
  await store.join(concertId, "11111111-1111-4111-8111-111111111111", rules);
  await store.join(concertId, "22222222-2222-4222-8222-222222222222", rules);
  const keys = await redis.keys(`${prefix}slot:{q:${concertId}}*`);
  expect(keys.length).toBeGreaterThanOrEqual(5);
  const slots = new Set(await Promise.all(keys.map((k) => redis.call("CLUSTER", "KEYSLOT", k).catch(() => null))));
  // CLUSTER KEYSLOT works on a non-cluster server too; every key hashes by its {q:<concert>} tag.
  expect(slots.size).toBe(1);
});

it("stores a user under a 22-character key", () => {
  expect(userKey("6f1c1a9e-7c55-4a8e-9d0a-2b9b8f0e1c11")).toHaveLength(22);
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await deleteRedisKeys(prefix);
});
