import { rm } from "node:fs/promises";
import { Redis } from "ioredis";
import pg from "pg";
import { DATABASE_PATTERN, PG_URL, REDIS_PREFIX, REDIS_URL, SERVER_BUNDLE } from "./profiles";

async function dropDatabases(): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
      DATABASE_PATTERN,
    ]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

async function deleteKeys(redis: Redis): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${REDIS_PREFIX}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== "0");
}

/**
 * Drops this run's databases and Redis keys and removes its server bundle. The servers still run
 * at this point (Playwright stops them after the teardown), so a second sweep catches a key
 * written by a tick in flight.
 */
export default async function globalTeardown(): Promise<void> {
  await Promise.all([rm(SERVER_BUNDLE, { force: true }), rm(`${SERVER_BUNDLE}.lock`, { force: true })]);
  await dropDatabases();
  const redis = new Redis(REDIS_URL);
  try {
    await deleteKeys(redis);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await deleteKeys(redis);
  } finally {
    redis.disconnect();
  }
}
