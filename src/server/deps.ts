import type { Config } from "@/env";
import { systemClock, type Clock } from "./infra/clock";
import { createDb, type Db } from "./infra/db";
import { createRedis, type Redis } from "./infra/redis";
import { createTokens, type Tokens } from "./infra/tokens";
import { RedisQueueStore } from "./queue/redis-queue-store";
import type { QueueStore } from "./queue/queue-store";

/** Everything a use case may need, built once per process (or per test) and passed in. */
export type Deps = {
  config: Config;
  db: Db;
  redis: Redis;
  queue: QueueStore;
  clock: Clock;
  tokens: Tokens;
};

export function createDeps(config: Config, clock: Clock = systemClock): Deps {
  const db = createDb(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  const redis = createRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX);
  return {
    config,
    db,
    redis,
    clock,
    queue: new RedisQueueStore(redis, config, clock),
    tokens: createTokens(config.AUTH_SECRET, () => clock.now()),
  };
}

export async function closeDeps(deps: Deps): Promise<void> {
  await Promise.allSettled([deps.db.$disconnect(), deps.redis.quit()]);
}
