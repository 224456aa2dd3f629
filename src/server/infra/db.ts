import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";
import { runBatch, type BatchRows, type BoundBatch } from "./batch";
import { logger } from "./logger";

export type Db = PrismaClient;
/** A Prisma client or an interactive transaction: what repositories take. */
export type DbClient = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

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
