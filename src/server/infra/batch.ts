import type pg from "pg";
import type { DbClient } from "./db";

/**
 * Hot transactions (holds, payments, with DATABASE_HOT_PATH=batch, the default) as prepared
 * batches: a few SQL statements with parameters
 * $1..$n of fixed types, run as ONE transaction in ONE round trip with plans PostgreSQL keeps.
 *
 * - One round trip: the statements go as one multi-statement simple query, which PostgreSQL runs as
 *   an implicit transaction (all or nothing), each statement with a fresh snapshot (READ
 *   COMMITTED), so a lock taken by one statement is seen through by the next. No row lock is ever
 *   held while a reply travels to this process and back.
 * - Kept plans: each connection PREPAREs a batch's statements the first time it runs it, and from
 *   then on sends only `EXECUTE name(args)`. Planning these statements costs PostgreSQL more CPU
 *   than running them; prepared, they are planned a few times per connection, not on every call
 *   (docs/BENCHMARKS.md; batch.int.test.ts checks the plans are reused).
 * - The simple protocol takes no parameters, so the arguments of EXECUTE are SQL literals, each
 *   rendered by the validator of its declared type: they accept only what they can render safely.
 */

type ParamTypes = {
  uuid: string;
  int: number;
  "int[]": number[];
  timestamptz: Date;
};
export type ParamType = keyof ParamTypes;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checked<T>(ok: boolean, value: T, kind: string): T {
  if (!ok) throw new Error(`Refusing to render ${JSON.stringify(value)} as SQL ${kind}`);
  return value;
}

/** SQL literals: typed, validated, never free text. */
export const LITERAL: { [T in ParamType]: (value: ParamTypes[T]) => string } = {
  uuid: (v) => `'${checked(typeof v === "string" && UUID.test(v), v, "uuid")}'::uuid`,
  int: (v) => `${checked(Number.isSafeInteger(v), v, "int")}::int`,
  "int[]": (vs) => `'{${vs.map((v) => checked(Number.isSafeInteger(v), v, "int")).join(",")}}'::int[]`,
  timestamptz: (d) =>
    `'${checked(d instanceof Date && !Number.isNaN(d.getTime()), d, "timestamptz").toISOString()}'::timestamptz`,
};

export type Batch<P extends Record<string, ParamType>> = {
  name: string;
  /** The statements, their parameters written as $1..$n in the order of `params`. */
  statements: readonly string[];
  /** The batch with its arguments, ready for runBatch or runBatchInTransaction. */
  bind(values: { [K in keyof P]: ParamTypes[P[K]] }): BoundBatch;
};

export type BoundBatch = {
  name: string;
  types: readonly ParamType[];
  statements: readonly string[];
  args: readonly string[];
};

/** The rows of each statement of a batch, in order. */
export type BatchRows = Record<string, unknown>[][];

const NAME = /^[a-z][a-z0-9_]*$/;
const defined = new Set<string>();

/**
 * Defines a batch. `build` gets each parameter's placeholder ($1, $2, ...) by name and returns the
 * statements. Names are SQL identifiers, unique in the process (they name prepared statements).
 */
export function defineBatch<P extends Record<string, ParamType>>(
  name: string,
  params: P,
  build: (ref: { [K in keyof P]: string }) => string[],
): Batch<P> {
  if (!NAME.test(name) || defined.has(name))
    throw new Error(`Batch name ${JSON.stringify(name)} is not a fresh SQL identifier`);
  defined.add(name);
  const keys = Object.keys(params) as (keyof P & string)[];
  const ref = Object.fromEntries(keys.map((key, i) => [key, `$${i + 1}`])) as { [K in keyof P]: string };
  const statements = build(ref);
  const types = keys.map((key) => params[key]!);
  return {
    name,
    statements,
    bind(values) {
      const args = keys.map((key) => (LITERAL[params[key]!] as (v: unknown) => string)(values[key]));
      return { name, types, statements, args };
    },
  };
}

/** Connections (of any pool) and the batches each has prepared. */
const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();

function prepareAll(batch: BoundBatch): string {
  return batch.statements.map((s, i) => `PREPARE ${batch.name}_${i}(${batch.types.join(", ")}) AS ${s}`).join(";\n");
}

/** A statement with its arguments written in as the validated literals. */
function inline(statement: string, args: readonly string[]): string {
  return statement.replace(/\$(\d+)/g, (_, n: string) => args[Number(n) - 1]!);
}

/**
 * Runs a bound batch on a connection of `pool`: one transaction, one round trip (see above). A
 * connection whose batch failed is closed, as pool.query does, and with it what it had prepared.
 * `prepare: false` sends the statements themselves, planned on every call: for a transaction-mode
 * connection pooler (PgBouncer), where a statement prepared on one server connection is not there
 * for the next transaction.
 */
export async function runBatch(pool: pg.Pool, batch: BoundBatch, { prepare = true } = {}): Promise<BatchRows> {
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    let text: string;
    if (prepare) {
      let prepared = preparedOn.get(client);
      if (!prepared) preparedOn.set(client, (prepared = new Set()));
      if (!prepared.has(batch.name)) {
        await client.query(prepareAll(batch));
        prepared.add(batch.name);
      }
      const args = batch.args.join(", ");
      text = batch.statements.map((_, i) => `EXECUTE ${batch.name}_${i}(${args})`).join(";\n");
    } else {
      text = batch.statements.map((s) => inline(s, batch.args)).join(";\n");
    }
    const result = (await client.query(text)) as pg.QueryResult | pg.QueryResult[];
    return (Array.isArray(result) ? result : [result]).map((r) => r.rows);
  } catch (err) {
    failed = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    client.release(failed);
  }
}

/** The same statements one by one inside a Prisma transaction, where a batch cannot go. */
export async function runBatchInTransaction(tx: DbClient, batch: BoundBatch): Promise<BatchRows> {
  const rows: BatchRows = [];
  for (const statement of batch.statements)
    rows.push(await tx.$queryRawUnsafe<Record<string, unknown>[]>(inline(statement, batch.args)));
  return rows;
}
