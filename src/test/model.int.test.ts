import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { Redis } from "ioredis";
import { describe, expect, it, onTestFinished } from "vitest";
import type { HotPath } from "@/server/infra/db";
import { tickAllLines } from "@/server/queue/admission-ticker";
import { sweepExpiredHolds } from "@/server/reservations/hold-sweeper";
import { useTestApp } from "./app";
import { createConcertWithSchedule, createUser } from "./factories";
import { HOT_PATHS } from "./hot-paths";
import { call } from "./http";
import { createHeldReservation } from "./reservation-factory";
import { deleteRedisKeys, TEST_REDIS_URL } from "./services";
import { truncateAppTables } from "./state";

/**
 * Model-based: random sequences of join / hold / cancel / charge / pay / leave / time passing /
 * background jobs, by several fans over a few seats, single or several at once, against the real
 * API. After every step the invariants must hold: no seat in two live reservations, every balance
 * equals its ledger and what the fans were told, sold seats are exactly the paid reservations'
 * seats, never more ACTIVE than the cap. Answers are only ever the contract's.
 */
const CAP = 2;
const SEATS = 6;
const PRICE = 10_000;
const HOLD_TTL_SECONDS = 60;
const ACTIVE_TTL_SECONDS = 120;
const USERS = 4;
const MAX_BALANCE = 100_000;

const app = useTestApp({
  QUEUE_MAX_ACTIVE: CAP,
  HOLD_TTL_SECONDS,
  QUEUE_ACTIVE_TTL_SECONDS: ACTIVE_TTL_SECONDS,
  MAX_SEATS_PER_USER: 3,
  MAX_BALANCE,
});

type Fan = { userId: string; accessToken: string; pass?: string };

/** What the fans were told: the model the database must agree with. */
type Model = {
  concertId: string;
  scheduleId: string;
  fans: Fan[];
  /** Reservations each fan was given (201 from a hold). */
  reservations: { id: string; fan: number; total: number }[];
  /** Charges acknowledged, by transaction id (a replay repeats the id). */
  charges: Map<string, { fan: number; amount: number }>;
  /** Payments acknowledged, by payment id. */
  payments: Map<string, { fan: number; amount: number; reservationId: string }>;
  /** Idempotency keys used, per fan, to retry with. */
  keys: { fan: number; key: string; kind: "charge" | "pay"; body: unknown }[];
  log: string[];
};

type Op = {
  label: string;
  run: (m: Model) => Promise<void>;
};

/** How often each operation got each answer over all runs, to check that the runs covered the races. */
const seen = new Map<string, number>();

function expectStatus(op: string, status: number, allowed: number[], body: unknown) {
  seen.set(`${op} ${status}`, (seen.get(`${op} ${status}`) ?? 0) + 1);
  if (!allowed.includes(status))
    throw new Error(`${op}: ${status} ${JSON.stringify(body)} (allowed ${allowed.join(", ")})`);
}

const auth = (m: Model, fan: number) => ({ token: m.fans[fan]!.accessToken, queueToken: m.fans[fan]!.pass });

// --- operations ------------------------------------------------------------------------------------

const join = (fan: number): Op => ({
  label: `join(${fan})`,
  async run(m) {
    const res = await call(
      app,
      "POST",
      "/queue/tokens",
      { concertId: m.concertId },
      { token: m.fans[fan]!.accessToken },
    );
    expectStatus("join", res.status, [201], res.body);
    m.fans[fan]!.pass = res.body.queueToken;
  },
});

const hold = (fan: number, seats: number[]): Op => ({
  label: `hold(${fan}, [${seats}])`,
  async run(m) {
    if (!m.fans[fan]!.pass) return;
    const res = await call(
      app,
      "POST",
      "/reservations",
      { scheduleId: m.scheduleId, seatNumbers: seats },
      auth(m, fan),
    );
    expectStatus("hold", res.status, [201, 403, 409, 422], res.body);
    if (res.status === 201) m.reservations.push({ id: res.body.reservationId, fan, total: res.body.totalPrice });
  },
});

const cancel = (fan: number, pick: number): Op => ({
  label: `cancel(${fan}, #${pick})`,
  async run(m) {
    const mine = m.reservations.filter((r) => r.fan === fan);
    const target = mine[pick % Math.max(1, mine.length)];
    if (!target) return;
    const res = await call(app, "DELETE", `/reservations/${target.id}`, undefined, { token: m.fans[fan]!.accessToken });
    expectStatus("cancel", res.status, [200, 409], res.body);
  },
});

const charge = (fan: number, amount: number, withKey: boolean): Op => ({
  label: `charge(${fan}, ${amount}${withKey ? ", key" : ""})`,
  async run(m) {
    const key = withKey ? randomUUID() : undefined;
    if (key) m.keys.push({ fan, key, kind: "charge", body: { amount } });
    const res = await call(
      app,
      "POST",
      "/points/charge",
      { amount },
      { token: m.fans[fan]!.accessToken, idempotencyKey: key },
    );
    expectStatus("charge", res.status, [200, 422], res.body);
    if (res.status === 200) m.charges.set(res.body.transactionId, { fan, amount });
  },
});

const pay = (fan: number, pick: number, withKey: boolean): Op => ({
  label: `pay(${fan}, #${pick}${withKey ? ", key" : ""})`,
  async run(m) {
    const mine = m.reservations.filter((r) => r.fan === fan);
    const target = mine[pick % Math.max(1, mine.length)];
    if (!target || !m.fans[fan]!.pass) return;
    const key = withKey ? randomUUID() : undefined;
    if (key) m.keys.push({ fan, key, kind: "pay", body: { reservationId: target.id } });
    const res = await call(
      app,
      "POST",
      "/payments",
      { reservationId: target.id },
      { ...auth(m, fan), idempotencyKey: key },
    );
    expectStatus("pay", res.status, [201, 402, 403, 409, 410], res.body);
    if (res.status === 201) {
      expect(res.body.amount).toBe(target.total);
      m.payments.set(res.body.paymentId, { fan, amount: res.body.amount, reservationId: target.id });
    }
  },
});

/** The client retrying an earlier request with the same key and body: the same answer or a refusal, never a second effect. */
const retry = (pick: number): Op => ({
  label: `retry(#${pick})`,
  async run(m) {
    const entry = m.keys[pick % Math.max(1, m.keys.length)];
    if (!entry) return;
    const opts = { ...auth(m, entry.fan), idempotencyKey: entry.key };
    if (entry.kind === "charge") {
      const res = await call(app, "POST", "/points/charge", entry.body, opts);
      expectStatus("retry charge", res.status, [200, 422], res.body);
      if (res.status === 200) {
        const known = m.charges.get(res.body.transactionId);
        if (known) expect(known.amount).toBe((entry.body as { amount: number }).amount);
        else
          m.charges.set(res.body.transactionId, { fan: entry.fan, amount: (entry.body as { amount: number }).amount });
      }
    } else {
      const res = await call(app, "POST", "/payments", entry.body, opts);
      expectStatus("retry pay", res.status, [201, 402, 403, 409, 410], res.body);
      if (res.status === 201 && !m.payments.has(res.body.paymentId)) {
        m.payments.set(res.body.paymentId, {
          fan: entry.fan,
          amount: res.body.amount,
          reservationId: res.body.reservationId,
        });
      }
    }
  },
});

const leave = (fan: number): Op => ({
  label: `leave(${fan})`,
  async run(m) {
    if (!m.fans[fan]!.pass) return;
    const res = await call(app, "DELETE", "/queue/tokens/current", undefined, auth(m, fan));
    expectStatus("leave", res.status, [204], res.body);
  },
});

const poll = (fan: number): Op => ({
  label: `status(${fan})`,
  async run(m) {
    if (!m.fans[fan]!.pass) return;
    const res = await call(app, "GET", "/queue/status", undefined, { queueToken: m.fans[fan]!.pass });
    expectStatus("status", res.status, [200], res.body);
  },
});

/** Time passes (a hold's life, a pass's life, or a little), then the background jobs run. */
const elapse = (seconds: number): Op => ({
  label: `elapse(${seconds}s)`,
  async run() {
    app.clock.advance(seconds * 1000);
    await Promise.all([tickAllLines(app.deps), sweepExpiredHolds(app.deps)]);
  },
});

const backgroundJobs: Op = {
  label: "jobs",
  run: async () => {
    await Promise.all([tickAllLines(app.deps), sweepExpiredHolds(app.deps)]);
  },
};

// --- arbitraries --------------------------------------------------------------------------------------

const fanArb = fc.integer({ min: 0, max: USERS - 1 });
const seatsArb = fc.uniqueArray(fc.integer({ min: 1, max: SEATS }), { minLength: 1, maxLength: 3 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fanArb.map(join) },
  { weight: 5, arbitrary: fc.tuple(fanArb, seatsArb).map(([f, s]) => hold(f, s)) },
  { weight: 2, arbitrary: fc.tuple(fanArb, fc.nat(5)).map(([f, p]) => cancel(f, p)) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fanArb, fc.constantFrom(5_000, 10_000, 20_000, 30_000, 60_000), fc.boolean())
      .map(([f, a, k]) => charge(f, a, k)),
  },
  { weight: 4, arbitrary: fc.tuple(fanArb, fc.nat(5), fc.boolean()).map(([f, p, k]) => pay(f, p, k)) },
  { weight: 2, arbitrary: fc.nat(10).map(retry) },
  { weight: 1, arbitrary: fanArb.map(leave) },
  { weight: 1, arbitrary: fanArb.map(poll) },
  { weight: 2, arbitrary: fc.constantFrom(5, HOLD_TTL_SECONDS + 1, ACTIVE_TTL_SECONDS + 61).map(elapse) },
  { weight: 1, arbitrary: fc.constant(backgroundJobs) },
);

class Step implements fc.AsyncCommand<Model, Model> {
  constructor(private readonly ops: Op[]) {}
  check = () => true;
  async run(m: Model): Promise<void> {
    m.log.push(this.toString());
    // Several at once: the races an on-sale is made of (same seats, pay vs cancel, double pay).
    await Promise.all(this.ops.map((op) => op.run(m)));
    await assertInvariants(m);
  }
  toString(): string {
    return this.ops.length === 1 ? this.ops[0]!.label : `parallel(${this.ops.map((o) => o.label).join(" | ")})`;
  }
}

/**
 * Run first, every time: a script whose answers are known, so the runs are sure to include each
 * outcome the invariants are about (a hold refused for a taken seat, a payment, a refused payment,
 * a cancel, a refused cancel, a replay), whatever the random runs happen to draw.
 */
const SCRIPT: Step[] = [
  join(0),
  join(1),
  join(2),
  charge(0, 60_000, true),
  hold(0, [1, 2]),
  hold(1, [2, 3]),
  hold(2, [4]),
  pay(0, 0, true),
  cancel(0, 0),
  retry(1),
  hold(1, [5]),
  pay(1, 0, false),
  cancel(1, 0),
  cancel(1, 0),
  elapse(ACTIVE_TTL_SECONDS + 61),
].map((op) => new Step([op]));

const commandArbs = [
  opArb.map((op) => new Step([op])),
  fc
    .array(
      opArb.filter((op) => !op.label.startsWith("elapse")),
      { minLength: 2, maxLength: 5 },
    )
    .map((ops) => new Step(ops)),
];

// --- invariants ------------------------------------------------------------------------------------

async function assertInvariants(m: Model): Promise<void> {
  const db = app.deps.db;
  const now = app.clock.now();

  // No seat in two live reservations (held and not lapsed, or confirmed).
  const doubled = await db.$queryRaw<{ seat_id: string; n: bigint }[]>`
    SELECT rs.seat_id, count(*) AS n FROM reservation_seats rs JOIN reservations r ON r.id = rs.reservation_id
    WHERE r.status = 'CONFIRMED' OR (r.status = 'HELD' AND r.expires_at > ${now})
    GROUP BY rs.seat_id HAVING count(*) > 1`;
  expect(doubled, "a seat in two live reservations").toEqual([]);

  // A seat row held or sold points at a reservation that holds or owns it.
  const orphaned = await db.$queryRaw<{ seat_number: number }[]>`
    SELECT s.seat_number FROM seats s LEFT JOIN reservations r ON r.id = s.reservation_id
    WHERE (s.status = 'SOLD' AND (r.status IS DISTINCT FROM 'CONFIRMED'))
       OR (s.status = 'HELD' AND s.held_until > ${now} AND (r.status IS DISTINCT FROM 'HELD' OR r.expires_at <= ${now}))
       OR (s.status = 'AVAILABLE' AND s.reservation_id IS NOT NULL)`;
  expect(orphaned, "seat rows disagreeing with their reservation").toEqual([]);

  // Every balance equals its ledger, stays within 0..MAX_BALANCE, and equals what its fan was told.
  const users = await db.user.findMany({ select: { id: true, balance: true } });
  const ledger = await db.pointTransaction.groupBy({ by: ["userId"], _sum: { amount: true } });
  const ledgerOf = new Map(ledger.map((l) => [l.userId, l._sum.amount ?? 0]));
  for (const u of users) {
    expect(u.balance, "balance vs ledger").toBe(ledgerOf.get(u.id) ?? 0);
    expect(u.balance).toBeGreaterThanOrEqual(0);
    expect(u.balance).toBeLessThanOrEqual(MAX_BALANCE);
  }
  m.fans.forEach((fan, i) => {
    const credited = [...m.charges.values()].filter((c) => c.fan === i).reduce((s, c) => s + c.amount, 0);
    const debited = [...m.payments.values()].filter((p) => p.fan === i).reduce((s, p) => s + p.amount, 0);
    expect(users.find((u) => u.id === fan.userId)?.balance, `balance of fan ${i} vs what they were told`).toBe(
      credited - debited,
    );
  });

  // Payments: exactly the ones acknowledged, one per confirmed reservation, each with its ledger row,
  // and the sold seats are exactly the paid reservations' seats.
  const payments = await db.payment.findMany({ include: { reservation: { include: { seats: true } } } });
  expect(new Set(payments.map((p) => p.id)), "payments vs acknowledged").toEqual(new Set(m.payments.keys()));
  for (const p of payments) {
    expect(p.reservation.status).toBe("CONFIRMED");
    expect(p.amount).toBe(p.reservation.totalPrice);
  }
  expect(await db.reservation.count({ where: { status: "CONFIRMED" } })).toBe(payments.length);
  const paymentEntries = await db.pointTransaction.findMany({ where: { type: "PAYMENT" } });
  expect(paymentEntries.map((e) => `${e.paymentId}:${-e.amount}`).sort()).toEqual(
    payments.map((p) => `${p.id}:${p.amount}`).sort(),
  );
  const sold = await db.seat.findMany({ where: { status: "SOLD" }, select: { id: true } });
  expect(new Set(sold.map((s) => s.id)), "sold seats vs paid seats").toEqual(
    new Set(payments.flatMap((p) => p.reservation.seats.map((s) => s.seatId))),
  );

  // Never more ACTIVE than the cap, counted in Redis itself.
  const active = await redis.zcard(`${app.redisPrefix}{q:${m.concertId}}:active`);
  expect(active, "ACTIVE passes").toBeLessThanOrEqual(CAP);
  expect((await app.deps.queue.stats(m.concertId)).active).toBeLessThanOrEqual(CAP);
}

let redis: Redis;

async function freshModel(): Promise<Model> {
  app.clock.reset();
  await truncateAppTables(app.deps.db);
  await deleteRedisKeys(app.redisPrefix);
  const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { seatCount: SEATS, price: PRICE });
  const fans = await Promise.all(Array.from({ length: USERS }, () => createUser(app)));
  return {
    concertId,
    scheduleId: scheduleIds[0]!,
    fans: fans.map((f) => ({ userId: f.userId, accessToken: f.accessToken })),
    reservations: [],
    charges: new Map(),
    payments: new Map(),
    keys: [],
    log: [],
  };
}

describe("model: random fans, seats, money and time", () => {
  it("keeps every invariant after every step, in every DATABASE_HOT_PATH", async () => {
    redis = new Redis(TEST_REDIS_URL);
    const runsOf = new Map<HotPath, number>();
    try {
      let runs = 0;
      let steps = 0;
      await fc.assert(
        fc.asyncProperty(fc.commands(commandArbs, { maxCommands: 30, size: "large" }), async (cmds) => {
          const model = await freshModel();
          // The runs take the hot paths in turn (the services read the setting on every call).
          const mode = HOT_PATHS[runs % HOT_PATHS.length]!;
          app.deps.config.DATABASE_HOT_PATH = mode;
          runsOf.set(mode, (runsOf.get(mode) ?? 0) + 1);
          runs++;
          try {
            await fc.asyncModelRun(async () => ({ model, real: model }), cmds);
          } catch (err) {
            throw new Error(`DATABASE_HOT_PATH=${mode}: ${err instanceof Error ? err.message : String(err)}`, {
              cause: err,
            });
          }
          steps += model.log.length;
        }),
        { numRuns: 20, endOnFailure: true, examples: [[SCRIPT]] },
      );
      // The runs did something: guards against a generator that degenerates into no-ops.
      expect(runs).toBe(20);
      expect(Object.fromEntries(runsOf)).toEqual({ batch: 7, prisma: 7, optimistic: 6 });
      expect(steps).toBeGreaterThan(150);
      for (const outcome of ["hold 201", "hold 409", "pay 201", "pay 402", "cancel 200", "cancel 409", "charge 200"]) {
        expect(seen.get(outcome) ?? 0, `${outcome} never happened: ${JSON.stringify([...seen])}`).toBeGreaterThan(0);
      }
    } finally {
      app.deps.config.DATABASE_HOT_PATH = "batch";
      redis.disconnect();
    }
  }, 240_000);

  it.each(HOT_PATHS)(
    "one fan's keyed payments and charge at once: each answered, never a deadlock (%s)",
    async (mode) => {
      app.deps.config.DATABASE_HOT_PATH = mode;
      onTestFinished(() => {
        app.deps.config.DATABASE_HOT_PATH = "batch";
      });
      // Found by the run above: a key's claim (an insert that references the user row) and the
      // payment's lock of that row must not be able to wait on each other.
      const m = await freshModel();
      for (let round = 0; round < 3; round++) {
        const fan = round;
        await join(fan).run(m);
        await charge(fan, 30_000, false).run(m);
        const ids = [];
        for (const seat of [1 + 2 * round, 2 + 2 * round]) {
          ids.push(
            (
              await createHeldReservation(app.deps, {
                userId: m.fans[fan]!.userId,
                scheduleId: m.scheduleId,
                seatNumbers: [seat],
              })
            ).reservationId,
          );
        }
        const answers = await Promise.all([
          ...ids.map((reservationId) =>
            call(app, "POST", "/payments", { reservationId }, { ...auth(m, fan), idempotencyKey: randomUUID() }),
          ),
          call(
            app,
            "POST",
            "/points/charge",
            { amount: 5_000 },
            { token: m.fans[fan]!.accessToken, idempotencyKey: randomUUID() },
          ),
        ]);
        const seen = answers.map((a) => `${a.status} ${a.status >= 500 ? JSON.stringify(a.body) : ""}`).join(", ");
        const paid = answers.slice(0, 2).map((a) => a.status);
        // Both holds are live and the points cover both, so the first payment to lock the user row
        // succeeds; the second succeeds too, or finds its hold ended with the pass the first ended.
        expect(paid, seen).toContain(201);
        for (const status of paid) expect([201, 410], seen).toContain(status);
        expect(await app.deps.db.payment.count({ where: { userId: m.fans[fan]!.userId } }), seen).toBe(
          paid.filter((s) => s === 201).length,
        );
        expect(answers[2]!.status, seen).toBe(200);
        await leave(fan).run(m);
      }
    },
  );

  it("finds a broken invariant: the checker is not vacuous", async () => {
    redis = new Redis(TEST_REDIS_URL);
    try {
      const m = await freshModel();
      await join(0).run(m);
      await hold(0, [1]).run(m);
      await assertInvariants(m);
      // A second live reservation of seat 1 written behind the API's back.
      const seat = await app.deps.db.seat.findFirstOrThrow({ where: { scheduleId: m.scheduleId, seatNumber: 1 } });
      await app.deps.db.reservation.create({
        data: {
          userId: m.fans[1]!.userId,
          scheduleId: m.scheduleId,
          status: "HELD",
          totalPrice: PRICE,
          expiresAt: new Date(app.clock.now().getTime() + 60_000),
          seats: { create: { seatId: seat.id, seatNumber: 1, price: PRICE } },
        },
      });
      await expect(assertInvariants(m)).rejects.toThrow(/two live reservations/);
      // A balance moved without a ledger row.
      await app.deps.db.$executeRaw`DELETE FROM reservations WHERE user_id = ${m.fans[1]!.userId}::uuid`;
      await app.deps.db.user.update({ where: { id: m.fans[2]!.userId }, data: { balance: 5 } });
      await expect(assertInvariants(m)).rejects.toThrow(/balance vs ledger/);
    } finally {
      redis.disconnect();
    }
  });
});
