import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";
import { runBatch, type BatchRows, type BoundBatch } from "./batch";

export type Db = PrismaClient;
/** A Prisma client or an interactive transaction: what repositories take. */
export type DbClient = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const pools = new WeakMap<Db, { pool: pg.Pool; prepare: boolean }>();

/** `preparedBatches`: whether hot batches run as prepared statements (see batch.ts). */
export function createDb(url: string, poolSize: number, { preparedBatches = true } = {}): Db {
  // One pool serves both Prisma and the hot transactions sent as SQL batches, so
  // DATABASE_POOL_SIZE is the instance's whole share of the database.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 });
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
