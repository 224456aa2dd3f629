import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { payBatch } from "../payments/payments.repo";
import { endHoldsOfUserBatch, holdBatch } from "../reservations/reservations.repo";
import { defineBatch, LITERAL, runBatch, runBatchInTransaction } from "./batch";

const app = useTestApp();

/** Names a user, then reads the names back; a negative balance breaks the CHECK in statement 2. */
const NAME_USER = defineBatch(
  "test_name_user",
  { id: "uuid", name: "int", balance: "int" },
  ({ id, name, balance }) => [
    `INSERT INTO users (id, name) VALUES (${id}, 'user ' || ${name}::text)`,
    `UPDATE users SET balance = ${balance} WHERE id = ${id}`,
    `SELECT name, balance FROM users WHERE id = ${id}`,
  ],
);

let pool: pg.Pool;
beforeAll(() => {
  // One connection: every call below runs on it, and pg_prepared_statements shows its session.
  pool = new pg.Pool({ connectionString: app.databaseUrl, max: 1 });
});
afterAll(() => pool.end());

async function preparedStatements(): Promise<Record<string, { generic: number; custom: number }>> {
  const { rows } = await pool.query<{ name: string; generic_plans: string; custom_plans: string }>(
    "SELECT name, generic_plans, custom_plans FROM pg_prepared_statements",
  );
  return Object.fromEntries(
    rows.map((r) => [r.name, { generic: Number(r.generic_plans), custom: Number(r.custom_plans) }]),
  );
}

const userCount = async () => Number((await pool.query<{ n: string }>("SELECT count(*) AS n FROM users")).rows[0]!.n);

describe("prepared batches", () => {
  it("run every statement in one transaction and answer each statement's rows", async () => {
    const id = randomUUID();
    const rows = await runBatch(pool, NAME_USER.bind({ id, name: 7, balance: 500 }));
    expect(rows).toEqual([[], [], [{ name: "user 7", balance: 500 }]]);
  });

  it("write nothing when a later statement fails, and the next batch runs on a fresh connection", async () => {
    const before = await userCount();
    await expect(runBatch(pool, NAME_USER.bind({ id: randomUUID(), name: 1, balance: -1 }))).rejects.toThrow(
      /users_balance_range/,
    );
    expect(await userCount()).toBe(before);
    // The failed connection was closed; its successor prepares the batch again and runs it.
    const rows = await runBatch(pool, NAME_USER.bind({ id: randomUUID(), name: 2, balance: 1 }));
    expect(rows[2]).toEqual([{ name: "user 2", balance: 1 }]);
    expect(await userCount()).toBe(before + 1);
  });

  it("are prepared once per connection and then run on a kept plan that finds rows by their keys", async () => {
    const pay = () =>
      payBatch({ reservationId: randomUUID(), userId: randomUUID(), concertId: randomUUID(), now: new Date() });
    const hold = () =>
      holdBatch({
        userId: randomUUID(),
        concertId: randomUUID(),
        scheduleId: randomUUID(),
        seatNumbers: [3, 9],
        now: new Date(),
        expiresAt: new Date(),
        maxSeatsPerUser: 4,
      });
    // The tables are empty, as on the first on-sale of a new installation: the plans kept now are
    // the ones a rush would run on while the tables grow.
    const endHolds = () => endHoldsOfUserBatch({ userId: randomUUID(), concertId: randomUUID(), now: new Date() });
    for (let i = 0; i < 20; i++) await runBatch(pool, pay());
    for (let i = 0; i < 20; i++) await runBatch(pool, hold());
    for (let i = 0; i < 20; i++) await runBatch(pool, endHolds());
    const prepared = await preparedStatements();
    const batches = { pay: pay(), hold: hold(), end_holds_of_user: endHolds() };
    for (const [batchName, batch] of Object.entries(batches)) {
      for (let i = 0; i < batch.statements.length; i++) {
        const name = `${batchName}_${i}`;
        // PostgreSQL plans a prepared statement for its first five runs, then keeps the generic
        // plan when it is no worse: from then on a call costs no planning at all.
        expect(prepared[name], name).toBeDefined();
        expect(prepared[name]!.generic + prepared[name]!.custom, name).toBe(20);
        expect(prepared[name]!.generic, name).toBeGreaterThanOrEqual(15);
        // That kept plan reaches every row through its key: no scan whose cost grows with the
        // table or with the number of live holds.
        const { rows } = await pool.query<{ "QUERY PLAN": string }>(
          `EXPLAIN (COSTS OFF) EXECUTE ${name}(${batch.args.join(", ")})`,
        );
        const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
        expect(plan, `${name}:\n${plan}`).not.toMatch(/Seq Scan|reservations_status_expires_at_idx/);
      }
    }
  });

  it("answer the same rows sent as statements, prepared, or one by one in a Prisma transaction", async () => {
    const outcomes = [];
    for (const run of [
      (b: ReturnType<typeof NAME_USER.bind>) => runBatch(pool, b, { prepare: false }),
      (b: ReturnType<typeof NAME_USER.bind>) => runBatch(pool, b),
      (b: ReturnType<typeof NAME_USER.bind>) => app.deps.db.$transaction((tx) => runBatchInTransaction(tx, b)),
    ]) {
      outcomes.push(await run(NAME_USER.bind({ id: randomUUID(), name: 42, balance: 9 })));
    }
    expect(outcomes[0]).toEqual([[], [], [{ name: "user 42", balance: 9 }]]);
    expect(outcomes[1]).toEqual(outcomes[0]);
    expect(outcomes[2]).toEqual(outcomes[0]);
  });

  it("name each batch once, as an SQL identifier", () => {
    expect(() => defineBatch("test_name_user", { id: "uuid" }, () => ["SELECT 1"])).toThrow(/fresh SQL identifier/);
    expect(() => defineBatch("bad name; --", { id: "uuid" }, () => ["SELECT 1"])).toThrow(/fresh SQL identifier/);
  });
});

describe("batch literals", () => {
  it("render each type", () => {
    expect(LITERAL.uuid("0b6f5a6e-3c1d-4f0e-9a57-6d1f2f0a9b11")).toBe("'0b6f5a6e-3c1d-4f0e-9a57-6d1f2f0a9b11'::uuid");
    expect(LITERAL.int(-3)).toBe("-3::int");
    expect(LITERAL["int[]"]([1, 50])).toBe("'{1,50}'::int[]");
    expect(LITERAL.timestamptz(new Date(0))).toBe("'1970-01-01T00:00:00.000Z'::timestamptz");
  });

  it("refuse anything they cannot render safely", () => {
    expect(() => LITERAL.uuid("0b6f5a6e-3c1d-4f0e-9a57-6d1f2f0a9b1' OR '1'='1")).toThrow(/Refusing/);
    expect(() => LITERAL.uuid(42 as unknown as string)).toThrow(/Refusing/);
    expect(() => LITERAL.int(1.5)).toThrow(/Refusing/);
    expect(() => LITERAL.int(Number.NaN)).toThrow(/Refusing/);
    expect(() => LITERAL["int[]"]([1, 2 ** 60])).toThrow(/Refusing/);
    expect(() => LITERAL.timestamptz(new Date("not a date"))).toThrow(/Refusing/);
    expect(() => NAME_USER.bind({ id: "x", name: 1, balance: 1 })).toThrow(/Refusing/);
  });
});
