import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import type { TestApp } from "./app";
import { TEST_REDIS_URL } from "./services";

/** Every table the app writes, children first. */
const APP_TABLES = [
  "check_ins",
  "mail_outbox",
  "password_resets",
  "account_sessions",
  "accounts",
  "admin_audit",
  "staff_sessions",
  "staff",
  "idempotency_records",
  "point_transactions",
  "payments",
  "reservation_seats",
  "seats",
  "reservations",
  "schedules",
  "concerts",
  "users",
] as const;

/** Empties every app table (the schema and the migrations record stay). */
export async function truncateAppTables(db: { $executeRawUnsafe(sql: string): Promise<unknown> }): Promise<void> {
  await db.$executeRawUnsafe(`TRUNCATE ${APP_TABLES.map((t) => `"${t}"`).join(", ")} CASCADE`);
}

/**
 * A fingerprint of everything the app keeps: every row of every table and every Redis key under
 * the app's prefix (its serialized value). Equal fingerprints: the request changed nothing.
 */
export async function stateFingerprint(
  app: Pick<TestApp, "deps" | "redisPrefix">,
  redisUrl: string = TEST_REDIS_URL,
): Promise<{ db: string; redis: string }> {
  const union = APP_TABLES.map((t) => `SELECT '${t}:' || r::text AS line FROM "${t}" r`).join(" UNION ALL ");
  const [row] = await app.deps.db.$queryRawUnsafe<{ digest: string | null; n: bigint }[]>(
    `SELECT md5(coalesce(string_agg(line, E'\\n' ORDER BY line), '')) AS digest, count(*) AS n FROM (${union}) s`,
  );
  return { db: `${row?.n}:${row?.digest}`, redis: await redisFingerprint(app.redisPrefix, redisUrl) };
}

async function redisFingerprint(prefix: string, redisUrl: string = TEST_REDIS_URL): Promise<string> {
  const redis = new Redis(redisUrl);
  try {
    const keys: string[] = [];
    let cursor = "0";
    do {
      const [next, batch] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== "0");
    keys.sort();
    const hash = createHash("sha256");
    for (const key of keys) {
      const dump = await redis.dumpBuffer(key);
      hash
        .update(key)
        .update("\0")
        .update(dump ?? Buffer.alloc(0))
        .update("\0");
    }
    return `${keys.length}:${hash.digest("hex")}`;
  } finally {
    redis.disconnect();
  }
}
