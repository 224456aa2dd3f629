import type { Config } from "@/env";
import { systemClock, type Clock } from "./infra/clock";
import { createDb, type Db } from "./infra/db";
import { createRedis, redisReady, type Redis } from "./infra/redis";
import { MemoryQueueStore } from "./queue/memory-queue-store";
import { createTokens, type Tokens } from "./infra/tokens";
import { RedisQueueStore } from "./queue/redis-queue-store";
import type { QueueStore } from "./queue/queue-store";
import { LineSettingsCache } from "./queue/line-settings";
import { ticketKeys, type TicketKeys } from "./tickets/ticket-keys";

/** Everything a use case may need, built once per process (or per test) and passed in. */
export type Deps = {
  config: Config;
  db: Db;
  /** Null in the embedded single-instance mode (no REDIS_URL). */
  redis: Redis | null;
  /** The rate limiter's own connection (see createRedis); null without Redis or with RATE_LIMITS=off. */
  rateLimitRedis: Redis | null;
  queue: QueueStore;
  /** Each line's settings from PostgreSQL, read at most once per admission tick. */
  lines: LineSettingsCache;
  clock: Clock;
  tokens: Tokens;
  /** The key that signs ticket codes (TICKET_SIGNING_KEY) and its public JWK. */
  tickets: TicketKeys;
};

export function createDeps(config: Config, clock: Clock = systemClock): Deps {
  const db = createDb(config.DATABASE_URL, config.DATABASE_POOL_SIZE, {
    preparedBatches: config.DATABASE_PREPARED_BATCHES === "on",
  });
  const redis = config.REDIS_URL ? createRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX) : null;
  const rateLimitRedis =
    config.REDIS_URL && config.RATE_LIMITS === "on"
      ? createRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX, { autoPipelining: false })
      : null;
  return {
    config,
    db,
    redis,
    rateLimitRedis,
    clock,
    queue: redis ? new RedisQueueStore(redis, config, clock) : new MemoryQueueStore(config, clock),
    lines: new LineSettingsCache(db, config, clock),
    tokens: createTokens(config.AUTH_SECRET, () => clock.now()),
    tickets: ticketKeys(config.TICKET_SIGNING_KEY),
  };
}

/** Resolves once the backing services answer. */
export async function depsReady(deps: Deps): Promise<void> {
  if (deps.redis) await redisReady(deps.redis);
}

export async function closeDeps(deps: Deps): Promise<void> {
  await Promise.allSettled([deps.db.$disconnect(), deps.redis?.quit(), deps.rateLimitRedis?.quit()]);
}
