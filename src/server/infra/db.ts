import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";

export type Db = PrismaClient;
/** A Prisma client or an interactive transaction: what repositories take. */
export type DbClient = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const pools = new WeakMap<Db, pg.Pool>();

export function createDb(url: string, poolSize: number): Db {
  // One pool serves both Prisma and the hot transactions sent as SQL batches, so
  // DATABASE_POOL_SIZE is the instance's whole share of the database.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 });
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/** The rows of each statement of a batch, in order. */
export type BatchRows = Record<string, unknown>[][];

/**
 * Runs SQL statements as ONE transaction in ONE round trip: a multi-statement simple query, which
 * PostgreSQL executes as an implicit transaction (all or nothing), each statement with a fresh
 * snapshot (READ COMMITTED), so a lock taken by one statement is seen through by the next.
 *
 * For the seat-rush hot paths (holds, payments): one round trip instead of one per statement
 * means far less CPU per request here (docs/BENCHMARKS.md), and no row lock is ever held while
 * a reply travels to this process and back. The simple protocol takes no parameters: every value
 * goes in through `sql` below, which accepts only what it can render safely.
 */
export async function sqlBatch(db: Db, statements: string[]): Promise<BatchRows> {
  const pool = pools.get(db);
  if (!pool) throw new Error("sqlBatch needs a client made by createDb");
  const result = (await pool.query(statements.join(";\n"))) as pg.QueryResult | pg.QueryResult[];
  return (Array.isArray(result) ? result : [result]).map((r) => r.rows);
}

/** The same statements one by one inside a Prisma transaction (where a batch cannot go). */
export async function prismaBatch(tx: DbClient, statements: string[]): Promise<BatchRows> {
  const rows: BatchRows = [];
  for (const statement of statements) rows.push(await tx.$queryRawUnsafe<Record<string, unknown>[]>(statement));
  return rows;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checked<T>(ok: boolean, value: T, kind: string): T {
  if (!ok) throw new Error(`Refusing to render ${JSON.stringify(value)} as SQL ${kind}`);
  return value;
}

/** SQL literals for batches: typed, validated, never free text. */
export const sql = {
  uuid: (v: string) => `'${checked(UUID.test(v), v, "uuid")}'::uuid`,
  int: (v: number) => `${checked(Number.isSafeInteger(v), v, "int")}::int`,
  ints: (vs: number[]) => `'{${vs.map((v) => checked(Number.isSafeInteger(v), v, "int")).join(",")}}'::int[]`,
  time: (d: Date) => `'${checked(!Number.isNaN(d.getTime()), d, "timestamptz").toISOString()}'::timestamptz`,
};
