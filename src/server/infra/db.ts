import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { Config } from "@/env";
import { PrismaClient } from "@/generated/prisma/client";
import { runBatch, type BatchRows, type BoundBatch } from "./batch";
import { logger } from "./logger";

export type Db = PrismaClient;
/** A Prisma client or an interactive transaction: what repositories take. */
export type DbClient = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** How holds and payments reach the database (DATABASE_HOT_PATH in src/env.ts). */
export type HotPath = Config["DATABASE_HOT_PATH"];

/**
 * Options of every interactive transaction on a hot row (a seat, a reservation, a user's
 * balance or key): under a burst such transactions queue on its lock, so they get room to wait
 * for a connection and to finish.
 */
export const TX_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

const pools = new WeakMap<Db, { pool: pg.Pool; prepare: boolean }>();

/** `preparedBatches`: whether hot batches run as prepared statements (see batch.ts). */
export function createDb(url: string, poolSize: number, { preparedBatches = true } = {}): Db {
  // One pool serves both Prisma and the hot transactions sent as SQL batches, so
  // DATABASE_POOL_SIZE is the instance's whole share of the database.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 });
  // A connection the server drops (a restart, a failover) emits 'error' on itself, even while
  // checked out with its query already failed, and the pool emits it again when it discards an idle
  // one: with no listener either is an uncaught exception. (Prisma adds a pool listener only once it
  // first connects, and a batch may come first.) The query fails and the connection is replaced.
  const dropped = (err: Error) => logger.warn({ err }, "a database connection failed; the pool replaces it");
  pool.on("error", dropped);
  pool.on("connect", (client) => client.on("error", dropped));
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, { pool, prepare: preparedBatches });
  return db;
}

/** Runs a prepared batch (see batch.ts) on the client's own pool. */
export function sqlBatch(db: Db, batch: BoundBatch): Promise<BatchRows> {
  const own = pools.get(db);
  if (!own) throw new Error("sqlBatch needs a client made by createDb");
  return runBatch(own.pool, batch, { prepare: own.prepare });
}

/** Thrown inside an optimistic attempt when a row it read has changed since: the attempt starts over. */
export class RowChanged extends Error {
  constructor() {
    super("a row changed since it was read");
  }
}

/** How many times an optimistic write is tried before the caller is told to try again. */
const OPTIMISTIC_ATTEMPTS = 8;

/** A write conflict PostgreSQL reported (deadlock, serialization failure), as Prisma passes it on. */
function isWriteConflict(err: unknown): boolean {
  const e = err as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } } | null;
  const code = e?.meta?.driverAdapterError?.cause?.originalCode;
  return e?.code === "P2034" || code === "40001" || code === "40P01";
}

/**
 * Runs `attempt` in a transaction of its own until no row it read had changed by the time it
 * wrote (it throws RowChanged, or PostgreSQL reports a conflict), at most OPTIMISTIC_ATTEMPTS
 * times, pausing a random few milliseconds between tries (growing, so that racers spread out);
 * then answers `contended()`. Whatever an attempt wrote before finding a change is rolled back.
 */
export async function retryOptimistic<T>(
  db: Db,
  attempt: (tx: DbClient) => Promise<T>,
  contended: () => T,
): Promise<T> {
  for (let i = 1; i <= OPTIMISTIC_ATTEMPTS; i++) {
    try {
      return await db.$transaction(attempt, TX_OPTIONS);
    } catch (err) {
      if (!(err instanceof RowChanged) && !isWriteConflict(err)) throw err;
    }
    if (i < OPTIMISTIC_ATTEMPTS) await new Promise((r) => setTimeout(r, Math.random() * 2 ** i));
  }
  return contended();
}
