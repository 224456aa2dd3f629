import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { createUser, type TestUser } from "@/test/factories";
import { call } from "@/test/http";
import { describePagedList } from "@/test/paging";

const CAP = 100_000;
const app = useTestApp({ MAX_BALANCE: CAP });

function charge(user: TestUser, amount: unknown, idempotencyKey?: string) {
  return call(app, "POST", "/points/charge", { amount }, { token: user.accessToken, idempotencyKey });
}

async function storedBalance(userId: string): Promise<number> {
  return (await app.deps.db.user.findUniqueOrThrow({ where: { id: userId } })).balance;
}

/** The invariant every test ends on: the ledger rows of a user sum to their balance. */
async function expectLedgerMatchesBalance(userId: string): Promise<void> {
  const sum = await app.deps.db.pointTransaction.aggregate({ where: { userId }, _sum: { amount: true } });
  expect(sum._sum.amount ?? 0).toBe(await storedBalance(userId));
}

describe("GET /points", () => {
  it("starts at 0 and shows the caller's own balance", async () => {
    const [mina, joon] = [await createUser(app), await createUser(app)];
    await charge(joon, 7_000);
    const res = await call(app, "GET", "/points", undefined, { token: mina.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ userId: mina.userId, balance: 0 });
  });
});

describe("POST /points/charge", () => {
  it("adds to the balance and records a CHARGE in the ledger", async () => {
    const user = await createUser(app);
    const first = await charge(user, 5_000);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ userId: user.userId, balance: 5_000, transactionId: expect.any(String) });
    const second = await charge(user, 3_000);
    expect(second.body).toMatchObject({ balance: 8_000 });
    expect(second.body.transactionId).not.toBe(first.body.transactionId);

    const res = await call(app, "GET", "/points", undefined, { token: user.accessToken });
    expect(res.body).toEqual({ userId: user.userId, balance: 8_000 });
    const row = await app.deps.db.pointTransaction.findUniqueOrThrow({ where: { id: first.body.transactionId } });
    expect(row).toMatchObject({
      userId: user.userId,
      type: "CHARGE",
      amount: 5_000,
      balanceAfter: 5_000,
      paymentId: null,
    });
    await expectLedgerMatchesBalance(user.userId);
  });

  it.each([
    ["zero", 0],
    ["negative", -1_000],
    ["fractional", 10.5],
    ["over 1,000,000", 1_000_001],
    ["a string", "1000"],
    ["null", null],
  ])("rejects an amount that is %s with 400 and charges nothing", async (_, amount) => {
    const user = await createUser(app);
    const res = await charge(user, amount);
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(expect.any(String));
    expect(await storedBalance(user.userId)).toBe(0);
    expect(await app.deps.db.pointTransaction.count()).toBe(0);
  });

  it("rejects a missing amount, an unknown field and malformed JSON with 400", async () => {
    const user = await createUser(app);
    const opts = { token: user.accessToken };
    expect((await call(app, "POST", "/points/charge", {}, opts)).status).toBe(400);
    expect((await call(app, "POST", "/points/charge", { amount: 1, userId: user.userId }, opts)).status).toBe(400);
    expect((await call(app, "POST", "/points/charge", undefined, { ...opts, raw: "{amount:1" })).status).toBe(400);
    expect(await storedBalance(user.userId)).toBe(0);
  });

  it("fills the balance up to MAX_BALANCE exactly and answers 422 beyond it, changing nothing", async () => {
    const user = await createUser(app);
    expect((await charge(user, CAP - 1)).status).toBe(200);
    expect((await charge(user, 1)).body).toMatchObject({ balance: CAP });

    const over = await charge(user, 1);
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect(await storedBalance(user.userId)).toBe(CAP);
    expect(await app.deps.db.pointTransaction.count({ where: { userId: user.userId } })).toBe(2);
    await expectLedgerMatchesBalance(user.userId);
  });

  it("answers 401 without a valid access token", async () => {
    expect((await call(app, "POST", "/points/charge", { amount: 1_000 })).status).toBe(401);
    expect((await call(app, "POST", "/points/charge", { amount: 1_000 }, { token: "forged" })).status).toBe(401);
    expect(await app.deps.db.pointTransaction.count()).toBe(0);
  });
});

describe("GET /points/history", () => {
  it("lists the caller's own entries, newest first", async () => {
    const [user, other] = [await createUser(app), await createUser(app)];
    await charge(user, 1_000);
    app.clock.advance(1_000);
    await charge(other, 9_000);
    app.clock.advance(1_000);
    await charge(user, 2_500);

    const res = await call(app, "GET", "/points/history", undefined, { token: user.accessToken });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        transactionId: expect.any(String),
        type: "CHARGE",
        amount: 2_500,
        balanceAfter: 3_500,
        createdAt: expect.any(String),
      },
      {
        transactionId: expect.any(String),
        type: "CHARGE",
        amount: 1_000,
        balanceAfter: 1_000,
        createdAt: expect.any(String),
      },
    ]);
    const [newer, older] = res.body.items.map((i: { createdAt: string }) => Date.parse(i.createdAt));
    expect(newer - older).toBeGreaterThanOrEqual(2_000);
  });

  it("is empty for a new user and 401 without a token", async () => {
    const user = await createUser(app);
    const res = await call(app, "GET", "/points/history", undefined, { token: user.accessToken });
    expect(res.body).toEqual({ items: [], nextCursor: null });
    expect((await call(app, "GET", "/points/history")).status).toBe(401);
    expect((await call(app, "GET", "/points")).status).toBe(401);
  });
});

describe("Idempotency-Key on charge", () => {
  it("answers a retry with the first result and charges once", async () => {
    const user = await createUser(app);
    const first = await charge(user, 4_000, "charge-1");
    const retry = await charge(user, 4_000, "charge-1");
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(await storedBalance(user.userId)).toBe(4_000);
    expect(await app.deps.db.pointTransaction.count({ where: { userId: user.userId } })).toBe(1);
  });

  it("answers the same key with a different body with 409 and charges nothing more", async () => {
    const user = await createUser(app);
    await charge(user, 4_000, "charge-1");
    const reused = await charge(user, 5_000, "charge-1");
    expect(reused.status).toBe(409);
    expect(reused.body.message).toMatch(/Idempotency-Key/);
    expect(await storedBalance(user.userId)).toBe(4_000);
  });

  it("scopes keys to the user and tells different keys apart", async () => {
    const [mina, joon] = [await createUser(app), await createUser(app)];
    expect((await charge(mina, 1_000, "same")).body.balance).toBe(1_000);
    expect((await charge(joon, 1_000, "same")).body.balance).toBe(1_000);
    expect((await charge(mina, 1_000, "other")).body.balance).toBe(2_000);
  });

  it("does not keep the key of a failed attempt, so its retry runs anew", async () => {
    const user = await createUser(app);
    await charge(user, CAP);
    expect((await charge(user, 1, "after-limit")).status).toBe(422);
    expect(await app.deps.db.idempotencyRecord.count()).toBe(0);
    expect((await charge(user, 1, "after-limit")).status).toBe(422);
  });

  it.each([
    ["empty", ""],
    ["over 100 characters", "k".repeat(101)],
  ])("rejects a key that is %s with 400", async (_, key) => {
    const user = await createUser(app);
    const res = await call(
      app,
      "POST",
      "/points/charge",
      { amount: 1_000 },
      {
        token: user.accessToken,
        headers: { "idempotency-key": key },
      },
    );
    expect(res.status).toBe(400);
    expect(await storedBalance(user.userId)).toBe(0);
  });

  it("accepts a key of exactly 100 characters", async () => {
    const user = await createUser(app);
    expect((await charge(user, 1_000, "k".repeat(100))).status).toBe(200);
  });
});

describe("charging under concurrency", () => {
  it("loses no update: 50 parallel charges of 1,000 make exactly 50,000 and 50 ledger rows", async () => {
    const user = await createUser(app);
    const results = await Promise.all(Array.from({ length: 50 }, () => charge(user, 1_000)));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(await storedBalance(user.userId)).toBe(50_000);
    const rows = await app.deps.db.pointTransaction.findMany({ where: { userId: user.userId } });
    expect(rows).toHaveLength(50);
    // Each charge saw the one before it: the balances after are 1,000 apart, none repeated.
    expect(rows.map((r) => r.balanceAfter).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => (i + 1) * 1_000),
    );
    await expectLedgerMatchesBalance(user.userId);
  });

  it("never passes MAX_BALANCE: of 120 parallel charges of 1,000 exactly 100 succeed", async () => {
    const user = await createUser(app);
    const results = await Promise.all(Array.from({ length: 120 }, () => charge(user, 1_000)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
    expect(statuses.filter((s) => s === 422)).toHaveLength(20);
    expect(await storedBalance(user.userId)).toBe(CAP);
    await expectLedgerMatchesBalance(user.userId);
  });

  it("charges once for 20 parallel requests sharing one Idempotency-Key", async () => {
    const user = await createUser(app);
    const results = await Promise.all(Array.from({ length: 20 }, () => charge(user, 2_000, "shared")));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(results.map((r) => r.body.transactionId)).size).toBe(1);
    expect(results.every((r) => r.body.balance === 2_000)).toBe(true);
    expect(await storedBalance(user.userId)).toBe(2_000);
    expect(await app.deps.db.pointTransaction.count({ where: { userId: user.userId } })).toBe(1);
    expect(await app.deps.db.idempotencyRecord.count({ where: { userId: user.userId } })).toBe(1);
    await expectLedgerMatchesBalance(user.userId);
  });
});

describePagedList(app, {
  path: "/points/history",
  procedure: "points.history",
  idOf: (item) => item.transactionId,
  // Charges straight into the database, the balance moved with them so the ledger still sums to it.
  seed: async (user, times) => {
    const amount = 100;
    const { balance } = await app.deps.db.user.update({
      where: { id: user.userId },
      data: { balance: { increment: amount * times.length } },
    });
    const start = balance - amount * times.length;
    const rows = times.map((at, i) => ({
      id: randomUUID(),
      userId: user.userId,
      type: "CHARGE" as const,
      amount,
      balanceAfter: start + amount * (i + 1),
      createdAt: at,
    }));
    await app.deps.db.pointTransaction.createMany({ data: rows });
    return rows.map((r) => ({ id: r.id, at: r.createdAt }));
  },
});
