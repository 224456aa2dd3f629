import { Cluster, Redis } from "ioredis";
import { logger } from "./logger";

export type { Redis };

/** The queue store's and the rate limiter's client: one Redis server's, or a Redis Cluster's. */
export type RedisClient = Redis | Cluster;

/** A node of a Redis Cluster (REDIS_CLUSTER_NODES): the client finds the others from any one of them. */
export type RedisNode = { host: string; port: number };

/**
 * How long one command may take before the request fails with 503. Redis answers in well under a
 * millisecond; a command this slow means Redis is frozen or unreachable, and a fan is better told
 * at once than left hanging (gated routes answer within a second; see faults/redis-down.int.test.ts).
 * With auto-pipelining a command waits for the pipeline before it to settle, so behind a frozen
 * Redis it can take up to two of these (the rate limiter has a client of its own for that reason).
 */
const COMMAND_TIMEOUT_MS = 250;

/** Each connection's share of failing fast: one retry per command and the short command timeout. */
const FAIL_FAST = { maxRetriesPerRequest: 1, connectTimeout: 2_000, commandTimeout: COMMAND_TIMEOUT_MS };

/** Reconnect quickly: service resumes within about a second of Redis coming back. */
const retryDelay = (times: number) => Math.min(times * 100, 1_000);

/**
 * A Redis client that fails fast while Redis is away (no offline queue, one retry per command, a
 * short command timeout) so requests answer 503 instead of hanging, and reconnects by itself.
 * `autoPipelining: false` for a client whose callers give up on a command before its timeout (the
 * rate limiter): a command they abandoned would still hold back the pipelines behind it.
 */
export function createRedis(url: string, keyPrefix: string, { autoPipelining = true } = {}): Redis {
  return logOutages(
    new Redis(url, {
      keyPrefix,
      enableOfflineQueue: false,
      ...FAIL_FAST,
      retryStrategy: retryDelay,
      lazyConnect: false,
      // Commands issued in the same tick of the event loop go out as one write: under an on-sale's
      // load that is many requests' scripts per round trip, and less CPU in Redis and here.
      enableAutoPipelining: autoPipelining,
    }),
  );
}

/**
 * The same client for a Redis Cluster, given some of its nodes. The key prefix goes before each
 * key's hash tag (`{q:<concertId>}`), so a line's keys still share one slot and different lines
 * spread over the masters; auto-pipelining batches the commands of each slot. Every node's
 * connection fails fast as above; besides, a command is redirected or retried (MOVED, ASK, a
 * dropped node, CLUSTERDOWN, 100 ms apart) at most three times rather than ioredis' sixteen, so
 * behind a lost master it fails within about half a second too.
 */
export function createRedisCluster(nodes: RedisNode[], keyPrefix: string, { autoPipelining = true } = {}): Cluster {
  return logOutages(
    new Cluster(nodes, {
      keyPrefix,
      enableOfflineQueue: false,
      clusterRetryStrategy: retryDelay,
      maxRedirections: 3,
      enableAutoPipelining: autoPipelining,
      redisOptions: FAIL_FAST,
    }),
  );
}

/** One warning per outage, not one per reconnect attempt. */
function logOutages<T extends RedisClient>(redis: T): T {
  let down = false;
  redis.on("error", (err: Error) => {
    if (down) return;
    down = true;
    logger.warn({ err: { message: err.message, code: (err as { code?: string }).code } }, "redis unavailable");
  });
  redis.on("ready", () => {
    if (down) logger.info("redis available again");
    down = false;
  });
  return redis;
}

/** Resolves once the client is connected (commands fail fast, not queue, before that). */
export function redisReady(redis: RedisClient, timeoutMs = 5_000): Promise<void> {
  if (redis.status === "ready") return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off("ready", onReady);
      reject(new Error(`Redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once("ready", onReady);
  });
}
