import { Redis } from "ioredis";
import pg from "pg";

function fromGlobalSetup(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: vitest's global setup (src/test/global-setup.ts) sets it`);
  return value;
}

/**
 * The PostgreSQL server and Redis that tests use: given by the environment, or started for the run
 * by the global setup. Each run makes its own databases and key prefix on them.
 */
export const TEST_PG_URL = fromGlobalSetup("TEST_DATABASE_URL");
export const TEST_REDIS_URL = fromGlobalSetup("TEST_REDIS_URL");

export function databaseUrl(name: string): string {
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** Deletes every key under `prefix` (and nothing else). */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
