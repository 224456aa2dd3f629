import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useTestApp, type TestApp } from "@/test/app";
import { admittedUser, createConcertWithSchedule, createUser, joinQueue } from "@/test/factories";
import { call } from "@/test/http";
import { HOT_PATHS } from "@/test/hot-paths";
import { describePagedList } from "@/test/paging";
import { createHeldReservation } from "@/test/reservation-factory";

const PRICE = 10_000;

type Payer = { userId: string; accessToken: string; queueToken: string };

afterEach(() => {
  vi.restoreAllMocks();
});

// Every rule, every answer and every concurrent outcome of a payment, in each DATABASE_HOT_PATH;
// the lists, which no hot path touches, once.
describe.each(HOT_PATHS)("DATABASE_HOT_PATH=%s", (mode) => {
  const app = useTestApp({ QUEUE_MAX_ACTIVE: 1000, DATABASE_HOT_PATH: mode });

  function pay(payer: Payer, reservationId: unknown, idempotencyKey?: string, on: TestApp = app) {
    return call(
      on,
      "POST",
      "/payments",
      { reservationId },
      {
        token: payer.accessToken,
        queueToken: payer.queueToken,
        idempotencyKey,
      },
    );
  }

  async function charge(payer: Pick<Payer, "accessToken">, amount: number, on: TestApp = app): Promise<void> {
    const res = await call(on, "POST", "/points/charge", { amount }, { token: payer.accessToken });
    if (res.status !== 200) throw new Error(`charge: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** A concert, an admitted user with `points`, and a HELD reservation of `seats` on its one date. */
  async function setup(opts: { points?: number; seats?: number[]; on?: TestApp } = {}) {
    const on = opts.on ?? app;
    const { concertId, scheduleIds } = await createConcertWithSchedule(on.deps, { price: PRICE });
    const scheduleId = scheduleIds[0]!;
    const payer = await admittedUser(on, concertId);
    if (opts.points) await charge(payer, opts.points, on);
    const held = await createHeldReservation(on.deps, {
      userId: payer.userId,
      scheduleId,
      seatNumbers: opts.seats ?? [1, 2],
    });
    return { concertId, scheduleId, payer, ...held };
  }

  async function storedBalance(userId: string): Promise<number> {
    return (await app.deps.db.user.findUniqueOrThrow({ where: { id: userId } })).balance;
  }

  /** The invariant every test ends on: the ledger rows of a user sum to their balance. */
  async function expectLedgerMatchesBalance(userId: string): Promise<void> {
    const sum = await app.deps.db.pointTransaction.aggregate({ where: { userId }, _sum: { amount: true } });
    expect(sum._sum.amount ?? 0).toBe(await storedBalance(userId));
  }

  /** Asserts the reservation is still an unpaid hold: no payment, no debit, seats still HELD by it. */
  async function expectUntouched(reservationId: string, userId: string, balance: number): Promise<void> {
    const reservation = await app.deps.db.reservation.findUniqueOrThrow({ where: { id: reservationId } });
    expect(reservation.status).toBe("HELD");
    const seats = await app.deps.db.seat.findMany({ where: { reservationId } });
    expect(seats.length).toBeGreaterThan(0);
    expect(seats.every((s) => s.status === "HELD")).toBe(true);
    expect(await app.deps.db.payment.count({ where: { reservationId } })).toBe(0);
    expect(await storedBalance(userId)).toBe(balance);
    await expectLedgerMatchesBalance(userId);
  }

  describe("POST /payments", () => {
    it("debits the points, confirms the reservation, sells its seats, writes payment and ledger rows, ends the pass", async () => {
      const { payer, reservationId, scheduleId } = await setup({ points: 50_000 });
      const res = await pay(payer, reservationId);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        paymentId: expect.any(String),
        reservationId,
        amount: 2 * PRICE,
        balance: 30_000,
        paidAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        status: "COMPLETED",
      });

      const reservation = await app.deps.db.reservation.findUniqueOrThrow({ where: { id: reservationId } });
      expect(reservation.status).toBe("CONFIRMED");
      const seats = await app.deps.db.seat.findMany({ where: { scheduleId, seatNumber: { in: [1, 2] } } });
      expect(seats.map((s) => [s.status, s.reservationId, s.heldUntil])).toEqual([
        ["SOLD", reservationId, null],
        ["SOLD", reservationId, null],
      ]);
      // Both changed state, so both versions moved on (the seats were written held at version 0).
      expect(seats.map((s) => s.version)).toEqual([1, 1]);
      expect(reservation.version).toBe(1);
      expect(await app.deps.db.seat.count({ where: { scheduleId, status: { not: "AVAILABLE" } } })).toBe(2);
      const payment = await app.deps.db.payment.findUniqueOrThrow({ where: { reservationId } });
      expect(payment).toMatchObject({ id: res.body.paymentId, userId: payer.userId, amount: 2 * PRICE });
      expect(payment.paidAt.toISOString()).toBe(res.body.paidAt);
      const entry = await app.deps.db.pointTransaction.findFirstOrThrow({
        where: { userId: payer.userId, type: "PAYMENT" },
      });
      expect(entry).toMatchObject({ amount: -2 * PRICE, balanceAfter: 30_000, paymentId: payment.id });
      expect(await storedBalance(payer.userId)).toBe(30_000);
      await expectLedgerMatchesBalance(payer.userId);

      const history = await call(app, "GET", "/points/history", undefined, { token: payer.accessToken });
      expect(history.body.items[0]).toMatchObject({ type: "PAYMENT", amount: -2 * PRICE, balanceAfter: 30_000 });

      // The pass is over: status says EXPIRED and the gated routes refuse it; paid is paid.
      const status = await call(app, "GET", "/queue/status", undefined, { queueToken: payer.queueToken });
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({ status: "EXPIRED", activeUntil: null });
      const gated = await call(app, "GET", `/schedules/${scheduleId}/seats`, undefined, {
        token: payer.accessToken,
        queueToken: payer.queueToken,
      });
      expect(gated.status).toBe(403);
      const again = await pay(payer, reservationId);
      expect(again.status).toBe(409);
    });

    it("answers 402 when the points do not cover the total, and changes nothing", async () => {
      const { payer, reservationId } = await setup({ points: 2 * PRICE - 1 });
      const res = await pay(payer, reservationId);
      expect(res.status).toBe(402);
      expect(res.body.message).toEqual(expect.any(String));
      await expectUntouched(reservationId, payer.userId, 2 * PRICE - 1);
      // The pass survives a refused payment: topping up and paying works.
      await charge(payer, 1);
      expect((await pay(payer, reservationId)).status).toBe(201);
      expect(await storedBalance(payer.userId)).toBe(0);
    });

    it("answers 404 for an unknown reservation and for someone else's", async () => {
      const { concertId, payer, reservationId } = await setup({ points: 50_000 });
      expect((await pay(payer, randomUUID())).status).toBe(404);

      const other = await admittedUser(app, concertId);
      await charge(other, 50_000);
      const res = await pay(other, reservationId);
      expect(res.status).toBe(404);
      await expectUntouched(reservationId, payer.userId, 50_000);
      expect(await storedBalance(other.userId)).toBe(50_000);
    });

    it("answers 409 to paying a paid reservation again, with a new pass", async () => {
      const { concertId, payer, reservationId } = await setup({ points: 50_000 });
      expect((await pay(payer, reservationId)).status).toBe(201);
      const ticket = await joinQueue(app, payer, concertId);
      expect(ticket.status).toBe("ACTIVE");
      const res = await pay({ ...payer, queueToken: ticket.queueToken }, reservationId);
      expect(res.status).toBe(409);
      expect(await app.deps.db.payment.count()).toBe(1);
      expect(await storedBalance(payer.userId)).toBe(30_000);
    });

    it("answers 409 to paying a cancelled reservation", async () => {
      const { payer, reservationId } = await setup({ points: 50_000 });
      await app.deps.db.$transaction([
        app.deps.db.seat.updateMany({
          where: { reservationId },
          data: { status: "AVAILABLE", reservationId: null, heldUntil: null },
        }),
        app.deps.db.reservation.update({ where: { id: reservationId }, data: { status: "CANCELLED" } }),
      ]);
      expect((await pay(payer, reservationId)).status).toBe(409);
      expect(await storedBalance(payer.userId)).toBe(50_000);
      expect(await app.deps.db.payment.count()).toBe(0);
    });

    it("answers 410 once the hold's time has passed, whether or not it was marked EXPIRED, charging nothing", async () => {
      const { payer, reservationId, expiresAt } = await setup({ points: 50_000 });
      app.clock.advance(expiresAt.getTime() - app.clock.now().getTime());
      const lapsed = await pay(payer, reservationId);
      expect(lapsed.status).toBe(410);
      expect(lapsed.body.message).toEqual(expect.any(String));
      await expectUntouched(reservationId, payer.userId, 50_000);

      await app.deps.db.reservation.update({ where: { id: reservationId }, data: { status: "EXPIRED" } });
      expect((await pay(payer, reservationId)).status).toBe(410);
      expect(await storedBalance(payer.userId)).toBe(50_000);
    });

    it("answers 410 and rolls back when a seat of the hold was taken over", async () => {
      const { payer, reservationId, scheduleId } = await setup({ points: 50_000 });
      await app.deps.db.seat.update({
        where: { scheduleId_seatNumber: { scheduleId, seatNumber: 2 } },
        data: { status: "AVAILABLE", reservationId: null, heldUntil: null },
      });
      expect((await pay(payer, reservationId)).status).toBe(410);
      expect(await storedBalance(payer.userId)).toBe(50_000);
      const seat1 = await app.deps.db.seat.findUniqueOrThrow({
        where: { scheduleId_seatNumber: { scheduleId, seatNumber: 1 } },
      });
      expect(seat1.status).toBe("HELD");
      expect(await app.deps.db.payment.count()).toBe(0);
      expect((await app.deps.db.reservation.findUniqueOrThrow({ where: { id: reservationId } })).status).toBe("HELD");
    });

    it("answers 403 to a pass for another concert", async () => {
      const { payer, reservationId } = await setup({ points: 50_000 });
      const elsewhere = await createConcertWithSchedule(app.deps);
      const ticket = await joinQueue(app, payer, elsewhere.concertId);
      const res = await pay({ ...payer, queueToken: ticket.queueToken }, reservationId);
      expect(res.status).toBe(403);
      await expectUntouched(reservationId, payer.userId, 50_000);
    });

    it("answers 401 without credentials and 403 with someone else's queue token", async () => {
      const { concertId, payer, reservationId } = await setup({ points: 50_000 });
      expect((await call(app, "POST", "/payments", { reservationId }, { queueToken: payer.queueToken })).status).toBe(
        401,
      );
      expect((await call(app, "POST", "/payments", { reservationId }, { token: payer.accessToken })).status).toBe(401);
      expect((await pay({ ...payer, queueToken: "forged" }, reservationId)).status).toBe(401);
      const other = await admittedUser(app, concertId);
      expect((await pay({ ...payer, queueToken: other.queueToken }, reservationId)).status).toBe(403);
      await expectUntouched(reservationId, payer.userId, 50_000);
    });

    it.each([
      ["not a UUID", { reservationId: "abc" }],
      ["missing", {}],
      ["with an unknown field", { reservationId: randomUUID(), amount: 1 }],
    ])("answers 400 to a body whose reservationId is %s", async (_, body) => {
      const { payer } = await setup({ points: 50_000 });
      const res = await call(app, "POST", "/payments", body, {
        token: payer.accessToken,
        queueToken: payer.queueToken,
      });
      expect(res.status).toBe(400);
    });

    it("still answers 201 when the pass cannot be ended (it then ends by its TTL)", async () => {
      const { payer, reservationId, scheduleId } = await setup({ points: 50_000 });
      vi.spyOn(app.deps.queue, "end").mockRejectedValueOnce(new Error("Connection is closed."));
      const res = await pay(payer, reservationId);
      expect(res.status).toBe(201);
      expect(await app.deps.db.payment.count({ where: { reservationId } })).toBe(1);
      const auth = { token: payer.accessToken, queueToken: payer.queueToken };
      const status = () => call(app, "GET", "/queue/status", undefined, { queueToken: payer.queueToken });
      // The pass outlived the payment (else the TTL below proves nothing), until its time is up.
      expect((await status()).body.status).toBe("ACTIVE");
      app.clock.advance((app.config.QUEUE_ACTIVE_TTL_SECONDS + 1) * 1000);
      expect((await status()).body).toMatchObject({ status: "EXPIRED", activeUntil: null });
      expect((await call(app, "GET", `/schedules/${scheduleId}/seats`, undefined, auth)).status).toBe(403);
    });
  });

  describe("POST /payments rests on the hold, not on the pass", () => {
    const small = useTestApp({ QUEUE_MAX_ACTIVE: 1, DATABASE_HOT_PATH: mode });

    async function waitingFan() {
      const { concertId, scheduleIds } = await createConcertWithSchedule(small.deps, { price: PRICE });
      await admittedUser(small, concertId);
      const waiter = await createUser(small);
      const ticket = await joinQueue(small, waiter, concertId);
      expect(ticket.status).toBe("WAITING");
      await charge(waiter, 50_000, small);
      return { waiter: { ...waiter, queueToken: ticket.queueToken }, scheduleId: scheduleIds[0]! };
    }

    it("a WAITING pass without a hold of its own pays nothing: 404 for someone else's, and nothing changes", async () => {
      const { waiter, scheduleId } = await waitingFan();
      const other = await createUser(small);
      const { reservationId } = await createHeldReservation(small.deps, {
        userId: other.userId,
        scheduleId,
        seatNumbers: [1],
      });
      const res = await pay(waiter, reservationId, undefined, small);
      expect(res.status).toBe(404);
      expect(await small.deps.db.payment.count()).toBe(0);
      expect((await small.deps.db.user.findUniqueOrThrow({ where: { id: waiter.userId } })).balance).toBe(50_000);
    });

    it("a live hold of the caller's is paid whatever Redis remembers of the pass (a hold never outlives its pass)", async () => {
      const { waiter, scheduleId } = await waitingFan();
      const { reservationId } = await createHeldReservation(small.deps, {
        userId: waiter.userId,
        scheduleId,
        seatNumbers: [1],
      });
      const res = await pay(waiter, reservationId, undefined, small);
      expect(res.status).toBe(201);
      expect(await small.deps.db.payment.count({ where: { reservationId } })).toBe(1);
    });
  });

  describe("Idempotency-Key on payment", () => {
    it("answers a retry with the first result, even though the pass has ended, and pays once", async () => {
      const { payer, reservationId } = await setup({ points: 50_000 });
      const first = await pay(payer, reservationId, "pay-1");
      const retry = await pay(payer, reservationId, "pay-1");
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(await app.deps.db.payment.count()).toBe(1);
      expect(await storedBalance(payer.userId)).toBe(30_000);
      // Anything that is not a replay finds it paid.
      expect((await pay(payer, reservationId, "pay-2")).status).toBe(409);
    });

    it("answers the same key with a different reservation with 409", async () => {
      const { payer, reservationId, scheduleId } = await setup({ points: 50_000 });
      const other = await createHeldReservation(app.deps, { userId: payer.userId, scheduleId, seatNumbers: [5] });
      expect((await pay(payer, reservationId, "pay-1")).status).toBe(201);
      expect((await pay(payer, other.reservationId, "pay-1")).status).toBe(409);
      // Not paid; its hold ended with the pass the first payment used up.
      expect(await app.deps.db.payment.count({ where: { reservationId: other.reservationId } })).toBe(0);
      expect(await storedBalance(payer.userId)).toBe(30_000);
    });

    it("keeps keys of charges and payments apart", async () => {
      const { payer, reservationId } = await setup({ points: 50_000 });
      const charged = await call(
        app,
        "POST",
        "/points/charge",
        { amount: 1_000 },
        { token: payer.accessToken, idempotencyKey: "k" },
      );
      expect(charged.status).toBe(200);
      expect((await pay(payer, reservationId, "k")).status).toBe(201);
    });

    it("runs a retry anew after a refused first attempt", async () => {
      const { payer, reservationId } = await setup({ points: 5_000 });
      expect((await pay(payer, reservationId, "pay-1")).status).toBe(402);
      await charge(payer, 15_000);
      const retry = await pay(payer, reservationId, "pay-1");
      expect(retry.status).toBe(201);
      expect(retry.body.balance).toBe(0);
    });

    it("rejects an invalid key with 400", async () => {
      const { payer, reservationId } = await setup({ points: 50_000 });
      const res = await call(
        app,
        "POST",
        "/payments",
        { reservationId },
        {
          token: payer.accessToken,
          queueToken: payer.queueToken,
          headers: { "idempotency-key": "k".repeat(101) },
        },
      );
      expect(res.status).toBe(400);
      await expectUntouched(reservationId, payer.userId, 50_000);
    });
  });

  describe("paying under concurrency", () => {
    it("lets one balance cover exactly one of three parallel payments", async () => {
      const { payer, scheduleId, reservationId } = await setup({ points: PRICE, seats: [1] });
      const more = await Promise.all(
        [2, 3].map((n) => createHeldReservation(app.deps, { userId: payer.userId, scheduleId, seatNumbers: [n] })),
      );
      const ids = [reservationId, ...more.map((r) => r.reservationId)];
      const results = await Promise.all(ids.map((id) => pay(payer, id)));
      // The other two: short of points, or (when the winner got there first) their hold ended with the pass.
      const [won, ...lost] = results.map((r) => r.status).sort();
      expect(won).toBe(201);
      for (const status of lost) expect([402, 410]).toContain(status);
      expect(await storedBalance(payer.userId)).toBe(0);
      expect(await app.deps.db.payment.count()).toBe(1);
      expect(await app.deps.db.reservation.count({ where: { status: "CONFIRMED" } })).toBe(1);
      expect(await app.deps.db.seat.count({ where: { status: "SOLD" } })).toBe(1);
      // The payment ended the pass, and the holds made under it with it.
      expect(await app.deps.db.seat.count({ where: { status: "HELD" } })).toBe(0);
      expect(await app.deps.db.reservation.count({ where: { status: "EXPIRED" } })).toBe(2);
      await expectLedgerMatchesBalance(payer.userId);
    });

    it("pays one reservation once when it is paid 10 times at once", async () => {
      const { payer, reservationId } = await setup({ points: 50_000 });
      const results = await Promise.all(Array.from({ length: 10 }, () => pay(payer, reservationId)));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      // The others lost: each finds the reservation paid, however late it comes. Payments do not ask
      // Redis for the pass, so the pass the winner ended cannot turn a loser's 409 into a 403.
      expect(statuses.filter((s) => s === 409)).toHaveLength(9);
      expect(results.filter((r) => r.status === 409).every((r) => r.body.data.reason === "ALREADY_PAID")).toBe(true);
      expect(await app.deps.db.payment.count()).toBe(1);
      expect(await storedBalance(payer.userId)).toBe(30_000);
      await expectLedgerMatchesBalance(payer.userId);
    });

    it("answers all 10 parallel requests sharing one Idempotency-Key with the one payment", async () => {
      const { payer, reservationId } = await setup({ points: 50_000 });
      const results = await Promise.all(Array.from({ length: 10 }, () => pay(payer, reservationId, "shared")));
      expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
      expect(new Set(results.map((r) => r.body.paymentId)).size).toBe(1);
      expect(await app.deps.db.payment.count()).toBe(1);
      expect(await storedBalance(payer.userId)).toBe(30_000);
      await expectLedgerMatchesBalance(payer.userId);
    });

    it("keeps the ledger equal to the balance when charges race a payment", async () => {
      const { payer, reservationId } = await setup({ points: 2 * PRICE });
      const results = await Promise.all([
        pay(payer, reservationId),
        ...Array.from({ length: 10 }, () =>
          call(app, "POST", "/points/charge", { amount: 1_000 }, { token: payer.accessToken }),
        ),
      ]);
      expect(results.map((r) => r.status)).toEqual([201, ...Array(10).fill(200)]);
      expect(await storedBalance(payer.userId)).toBe(10_000);
      expect(await app.deps.db.pointTransaction.count({ where: { userId: payer.userId } })).toBe(12);
      await expectLedgerMatchesBalance(payer.userId);
    });
  });

  if (mode !== "batch") return;

  describe("GET /payments", () => {
    it("lists the caller's own payments, newest first, as POST answered them", async () => {
      const { concertId, scheduleId, payer, reservationId } = await setup({ points: 50_000, seats: [1] });
      const first = await pay(payer, reservationId);
      app.clock.advance(1_000);
      const ticket = await joinQueue(app, payer, concertId);
      const second = await createHeldReservation(app.deps, { userId: payer.userId, scheduleId, seatNumbers: [3, 4] });
      const secondPaid = await pay({ ...payer, queueToken: ticket.queueToken }, second.reservationId);
      expect(secondPaid.status).toBe(201);

      const other = await setup({ points: 50_000 });
      expect((await pay(other.payer, other.reservationId)).status).toBe(201);

      const res = await call(app, "GET", "/payments", undefined, { token: payer.accessToken });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [secondPaid.body, first.body], nextCursor: null });
    });

    it("is empty for a new user and 401 without a token", async () => {
      const user = await createUser(app);
      expect((await call(app, "GET", "/payments", undefined, { token: user.accessToken })).body).toEqual({
        items: [],
        nextCursor: null,
      });
      expect((await call(app, "GET", "/payments")).status).toBe(401);
    });
  });

  describePagedList(app, {
    path: "/payments",
    procedure: "payments.list",
    idOf: (item) => item.paymentId,
    // What a payment leaves, straight into the database: the reservation CONFIRMED, the payment, and
    // its ledger entry (after a charge of the same amount, so the ledger still sums to the balance).
    seed: async (user, times) => {
      const schedule = (await app.deps.db.schedule.findFirst()) ?? {
        id: (await createConcertWithSchedule(app.deps)).scheduleIds[0]!,
      };
      const rows = times.map((at) => ({ reservationId: randomUUID(), paymentId: randomUUID(), at }));
      await app.deps.db.$transaction([
        app.deps.db.reservation.createMany({
          data: rows.map((r) => ({
            id: r.reservationId,
            userId: user.userId,
            scheduleId: schedule.id,
            status: "CONFIRMED" as const,
            totalPrice: PRICE,
            expiresAt: r.at,
            createdAt: r.at,
            updatedAt: r.at,
          })),
        }),
        app.deps.db.payment.createMany({
          data: rows.map((r) => ({
            id: r.paymentId,
            reservationId: r.reservationId,
            userId: user.userId,
            amount: PRICE,
            paidAt: r.at,
          })),
        }),
        app.deps.db.pointTransaction.createMany({
          data: rows.flatMap((r) => [
            { userId: user.userId, type: "CHARGE" as const, amount: PRICE, balanceAfter: PRICE, createdAt: r.at },
            {
              userId: user.userId,
              type: "PAYMENT" as const,
              amount: -PRICE,
              balanceAfter: 0,
              paymentId: r.paymentId,
              createdAt: r.at,
            },
          ]),
        }),
      ]);
      return rows.map((r) => ({ id: r.paymentId, at: r.at }));
    },
  });
});
