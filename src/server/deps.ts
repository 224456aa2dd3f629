import type { Config } from "@/env";
import { systemClock, type Clock } from "./infra/clock";
import { createDb, type Db } from "./infra/db";
import { createRedis, createRedisCluster, redisReady, type RedisClient } from "./infra/redis";
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
  /** A Redis Cluster's client with REDIS_CLUSTER_NODES; null in the embedded single-instance mode (no REDIS_URL). */
  redis: RedisClient | null;
  /** The rate limiter's own connection (see createRedis); null without Redis or with RATE_LIMITS=off. */
  rateLimitRedis: RedisClient | null;
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
  const redis = connectRedis(config);
  const rateLimitRedis = config.RATE_LIMITS === "on" ? connectRedis(config, { autoPipelining: false }) : null;
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

/** The Redis the settings name: a Cluster (REDIS_CLUSTER_NODES), one server (REDIS_URL), or none. */
function connectRedis(config: Config, options?: { autoPipelining: boolean }): RedisClient | null {
  const { REDIS_CLUSTER_NODES, REDIS_URL, REDIS_KEY_PREFIX } = config;
  if (REDIS_CLUSTER_NODES) return createRedisCluster(REDIS_CLUSTER_NODES, REDIS_KEY_PREFIX, options);
  return REDIS_URL ? createRedis(REDIS_URL, REDIS_KEY_PREFIX, options) : null;
}

/** Resolves once the backing services answer. */
export async function depsReady(deps: Deps): Promise<void> {
  if (deps.redis) await redisReady(deps.redis);
}

export async function closeDeps(deps: Deps): Promise<void> {
  await Promise.allSettled([deps.db.$disconnect(), deps.redis?.quit(), deps.rateLimitRedis?.quit()]);
}
