import { randomBytes, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";
import { ensureDatabase, migrate } from "@/server/infra/migrate";
import { createTokens, type Tokens } from "@/server/infra/tokens";
import { concertKeys, LINES_KEY, userKey } from "@/server/queue/redis-queue-store";

/**
 * The bench's own database and Redis key prefix on the local services, made fresh for each run
 * and removed after it. Users, concerts, dates and whole waiting lines are written straight into
 * them (the lines with the store's own key layout), so that only the measured calls go over HTTP.
 */
export const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

export type Services = {
  databaseUrl: string;
  redisPrefix: string;
  authSecret: string;
  /** TICKET_SIGNING_KEY of the servers (an Ed25519 seed). */
  ticketSigningKey: string;
  pool: pg.Pool;
  /** Keys under the bench's prefix, like the app's own client. */
  redis: Redis;
  tokens: Tokens;
};

function urlFor(database: string): string {
  const url = new URL(PG_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function createServices(): Promise<Services> {
  const id = `${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const databaseUrl = urlFor(`cb_bench_${id}`);
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
  const redisPrefix = `cbbench:${id}:`;
  const authSecret = randomBytes(32).toString("base64url");
  return {
    databaseUrl,
    redisPrefix,
    authSecret,
    ticketSigningKey: randomBytes(32).toString("base64url"),
    pool: new pg.Pool({ connectionString: databaseUrl, max: 4 }),
    redis: new Redis(REDIS_URL, { keyPrefix: redisPrefix }),
    tokens: createTokens(authSecret),
  };
}

export async function dropServices(s: Services): Promise<void> {
  await s.pool.end();
  const raw = new Redis(REDIS_URL);
  let cursor = "0";
  do {
    const [next, keys] = await raw.scan(cursor, "MATCH", `${s.redisPrefix}*`, "COUNT", 10_000);
    cursor = next;
    if (keys.length) await raw.unlink(...keys);
  } while (cursor !== "0");
  raw.disconnect();
  s.redis.disconnect();
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${new URL(s.databaseUrl).pathname.slice(1)}" WITH (FORCE)`);
  await admin.end();
}

/** Users straight into the database; with `balance`, each gets it as one CHARGE ledger entry. */
export async function insertUsers(pool: pg.Pool, count: number, balance = 0): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  for (let i = 0; i < ids.length; i += 10_000) {
    const chunk = ids.slice(i, i + 10_000);
    await pool.query(
      `INSERT INTO users (id, name, balance) SELECT id, 'bench', $2::int FROM unnest($1::uuid[]) AS id`,
      [chunk, balance],
    );
    if (balance > 0) {
      await pool.query(
        `INSERT INTO point_transactions (user_id, type, amount, balance_after)
         SELECT id, 'CHARGE', $2::int, $2::int FROM unnest($1::uuid[]) AS id`,
        [chunk, balance],
      );
    }
  }
  return ids;
}

export async function insertConcert(pool: pg.Pool, title: string): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO concerts (title, artist, venue) VALUES ($1, 'Bench', 'Bench Hall') RETURNING id`,
    [title],
  );
  return rows[0]!.id;
}

/** `count` dates of a concert, open for booking now, each with `seats` seats at `price`. */
export async function insertSchedules(
  pool: pg.Pool,
  concertId: string,
  count: number,
  seats: number,
  price: number,
): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO schedules (concert_id, starts_at, booking_opens_at, booking_closes_at, total_seats, price)
     SELECT $1::uuid, now() + (30 + g) * interval '1 day', now() - interval '1 hour',
            now() + (30 + g) * interval '1 day', $3::int, $4::int
       FROM generate_series(1, $2::int) AS g
     RETURNING id`,
    [concertId, count, seats, price],
  );
  const ids = rows.map((r) => r.id);
  await pool.query(
    `INSERT INTO seats (schedule_id, seat_number, grade, price)
     SELECT s.id, n, 'STANDARD', $3::int FROM unnest($1::uuid[]) AS s(id), generate_series(1, $2::int) AS n`,
    [ids, seats, price],
  );
  return ids;
}

/**
 * Puts `userIds` at the back of a concert's line, in order, as if each had joined and just
 * polled: the wait ZSET, the `seen` array (each ticket's last poll) and the ticket counter, as the JOIN script
 * writes them (queue-scripts.ts). Pipelined in batches. Returns each user's ticket (token id).
 */
export async function seedWaiting(redis: Redis, concertId: string, userIds: string[]): Promise<number[]> {
  const [wait, seen, , , seq] = concertKeys(concertId);
  const first = (await redis.incrby(seq, userIds.length)) - userIds.length + 1;
  const nowSec = Math.floor(Date.now() / 1000);
  const tickets = userIds.map((_, i) => first + i);
  const BATCH = 10_000;
  for (let i = 0; i < userIds.length; i += BATCH) {
    const pipe = redis.pipeline();
    const members: (string | number)[] = [];
    const end = Math.min(i + BATCH, userIds.length);
    // The batch's tickets are consecutive: their `seen` entries (big-endian u32, as BITFIELD reads
    // them) are one range of the array.
    const polled = Buffer.alloc(4 * (end - i));
    for (let j = i; j < end; j++) {
      members.push(tickets[j]!, userKey(userIds[j]!));
      polled.writeUInt32BE(nowSec, 4 * (j - i));
    }
    pipe.zadd(wait, ...members);
    pipe.setrange(seen, 4 * tickets[i]!, polled);
    await pipe.exec();
  }
  await redis.sadd(LINES_KEY, concertId);
  return tickets;
}

/**
 * Makes `userIds` ACTIVE (admitted) for a concert for `seconds`, as the admission step writes it:
 * the active ZSET (score = end of the pass), the pass's ticket and its hard end, and each ticket in
 * the departure log (every ticket once took a place in line; admission is how it left). Returns the tickets.
 */
export async function seedActive(
  redis: Redis,
  concertId: string,
  userIds: string[],
  seconds = 3_600,
): Promise<number[]> {
  const [, , active, aticket, seq, , acap, , gone] = concertKeys(concertId);
  const first = (await redis.incrby(seq, userIds.length)) - userIds.length + 1;
  const until = Date.now() + seconds * 1000;
  const tickets = userIds.map((_, i) => first + i);
  for (let i = 0; i < userIds.length; i += 10_000) {
    const pipe = redis.pipeline();
    const scores: (string | number)[] = [];
    const passes: string[] = [];
    const caps: (string | number)[] = [];
    for (let j = i; j < Math.min(i + 10_000, userIds.length); j++) {
      const uk = userKey(userIds[j]!);
      scores.push(until, uk);
      passes.push(uk, String(tickets[j]));
      caps.push(uk, until);
    }
    pipe.zadd(active, ...scores);
    pipe.hset(aticket, ...passes);
    pipe.hset(acap, ...caps);
    pipe.rpush(gone, ...tickets.slice(i, i + 10_000));
    await pipe.exec();
  }
  await redis.sadd(LINES_KEY, concertId);
  return tickets;
}

/** Deletes every key of a concert's line. */
export async function deleteLine(s: Services, concertId: string): Promise<void> {
  const raw = new Redis(REDIS_URL);
  let cursor = "0";
  do {
    const [next, keys] = await raw.scan(cursor, "MATCH", `${s.redisPrefix}{q:${concertId}}*`, "COUNT", 10_000);
    cursor = next;
    if (keys.length) await raw.unlink(...keys);
  } while (cursor !== "0");
  raw.disconnect();
}

/** Redis's own count of the memory it uses (INFO memory: used_memory). */
export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info("memory");
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? NaN);
}

/** MEMORY USAGE summed over every key of a concert's line (the key prefix added by hand). */
export async function lineMemory(
  s: Services,
  concertId: string,
): Promise<{ wait: number; seen: number; keys: number }> {
  const [wait, seen] = concertKeys(concertId);
  const raw = new Redis(REDIS_URL);
  const usage = async (key: string) =>
    Number((await raw.call("MEMORY", "USAGE", `${s.redisPrefix}${key}`, "SAMPLES", "0")) ?? 0);
  const waitBytes = await usage(wait);
  const seenBytes = await usage(seen);
  raw.disconnect();
  return { wait: waitBytes, seen: seenBytes, keys: 2 };
}
