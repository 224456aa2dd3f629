import { describe, expect, it } from "vitest";
import { useTestApp, type TestApp } from "./app";
import { admittedUser, createConcertWithSchedule } from "./factories";
import { call, type ApiResponse } from "./http";

/**
 * DATABASE_PREPARED_BATCHES=off (for a transaction-mode pooler) sends the hold and payment
 * batches as plain statements instead of EXECUTEs of prepared ones. The API must not notice: the
 * same requests give the same answers and leave the same rows as with the setting on.
 */
// One connection each, so that the statements a connection has prepared are the instance's own.
const prepared = useTestApp({ DATABASE_POOL_SIZE: 1 });
const unprepared = useTestApp({ DATABASE_POOL_SIZE: 1, DATABASE_PREPARED_BATCHES: "off" });
// For the races, a pool as wide as the requests.
const plain = useTestApp({ DATABASE_PREPARED_BATCHES: "off" });

/** The statements the instance's one connection has prepared, by name. */
async function preparedStatements(app: TestApp): Promise<string[]> {
  const rows = await app.deps.db.$queryRaw<{ name: string }[]>`SELECT name FROM pg_prepared_statements ORDER BY name`;
  return rows.map((r) => r.name);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** An answer with its ids and times (which differ from run to run) replaced by placeholders. */
function comparable(res: ApiResponse): { status: number; body: unknown } {
  const strip = (v: unknown): unknown => {
    if (typeof v === "string") return UUID.test(v) ? "<id>" : ISO_TIME.test(v) ? "<time>" : v;
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x)]));
    return v;
  };
  // Tokens differ from run to run as a whole, and say nothing about the database.
  const body = Object.fromEntries(
    Object.entries((res.body ?? {}) as Record<string, unknown>).filter(
      ([k]) => k !== "accessToken" && k !== "queueToken",
    ),
  );
  return { status: res.status, body: strip(body) };
}

/** Charge, hold, a seat already taken, too few points, pay, pay again, leave with a hold. */
async function bookingFlow(app: TestApp) {
  const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { seatCount: 10, price: 5_000 });
  const scheduleId = scheduleIds[0]!;
  const a = await admittedUser(app, concertId, "Ana");
  const b = await admittedUser(app, concertId, "Bo");
  const asA = { token: a.accessToken, queueToken: a.queueToken };
  const asB = { token: b.accessToken, queueToken: b.queueToken };

  const answers = [];
  answers.push(await call(app, "POST", "/points/charge", { amount: 12_000 }, asA));
  const hold = await call(app, "POST", "/reservations", { scheduleId, seatNumbers: [1, 2] }, asA);
  answers.push(hold);
  answers.push(await call(app, "POST", "/reservations", { scheduleId, seatNumbers: [2, 3] }, asB));
  const poorHold = await call(app, "POST", "/reservations", { scheduleId, seatNumbers: [4] }, asB);
  answers.push(poorHold);
  answers.push(await call(app, "POST", "/payments", { reservationId: poorHold.body.reservationId }, asB));
  answers.push(await call(app, "POST", "/payments", { reservationId: hold.body.reservationId }, asA));
  answers.push(await call(app, "POST", "/payments", { reservationId: hold.body.reservationId }, asA));
  answers.push(await call(app, "GET", "/points", undefined, asA));
  answers.push(await call(app, "GET", "/points/history", undefined, asA));
  answers.push(await call(app, "DELETE", "/queue/tokens/current", undefined, asB));
  answers.push(await call(app, "GET", `/reservations/${poorHold.body.reservationId}`, undefined, asB));

  const db = app.deps.db;
  const rows = {
    seats: await db.seat.findMany({
      where: { scheduleId },
      orderBy: { seatNumber: "asc" },
      select: { seatNumber: true, status: true, reservationId: true },
    }),
    reservations: await db.reservation.findMany({
      orderBy: { createdAt: "asc" },
      select: { status: true, totalPrice: true, seats: { select: { seatNumber: true, price: true } } },
    }),
    payments: await db.payment.findMany({ select: { amount: true } }),
    ledger: await db.pointTransaction.findMany({
      orderBy: { createdAt: "asc" },
      select: { type: true, amount: true, balanceAfter: true },
    }),
    balances: await db.user.findMany({ orderBy: { name: "asc" }, select: { name: true, balance: true } }),
  };
  return {
    answers: answers.map(comparable),
    rows: { ...rows, seats: rows.seats.map((s) => ({ ...s, reservationId: s.reservationId ? "<id>" : null })) },
  };
}

describe("DATABASE_PREPARED_BATCHES=off", () => {
  it("gives the same answers and leaves the same rows as on, through charge, holds, payments and leaving, and prepares nothing", async () => {
    const on = await bookingFlow(prepared);
    const off = await bookingFlow(unprepared);

    expect(off).toEqual(on);
    // The setting took effect: the batches were prepared with it on, and nothing was with it off.
    expect((await preparedStatements(prepared)).length).toBeGreaterThan(0);
    expect(await preparedStatements(unprepared)).toEqual([]);
    // And the flow itself went as it must, so that two equally broken runs cannot pass.
    expect(on.answers.map((a) => a.status)).toEqual([200, 201, 409, 201, 402, 201, 409, 200, 200, 204, 200]);
    expect(on.rows.seats.filter((s) => s.status === "SOLD").map((s) => s.seatNumber)).toEqual([1, 2]);
    expect(on.rows.seats.filter((s) => s.status !== "SOLD").every((s) => s.status === "AVAILABLE")).toBe(true);
    expect(on.rows.reservations.map((r) => r.status)).toEqual(["CONFIRMED", "EXPIRED"]);
    expect(on.rows.payments).toEqual([{ amount: 10_000 }]);
    expect(on.rows.balances).toEqual([
      { name: "Ana", balance: 2_000 },
      { name: "Bo", balance: 0 },
    ]);
  });

  it("seat race with prepared batches off: 30 admitted users for one seat -> one hold (201), 29 refused (409), one reservation", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(plain.deps, { seatCount: 10 });
    const racers = await Promise.all(Array.from({ length: 30 }, () => admittedUser(plain, concertId)));
    const results = await Promise.all(
      racers.map((u) =>
        call(
          plain,
          "POST",
          "/reservations",
          { scheduleId: scheduleIds[0], seatNumbers: [5] },
          { token: u.accessToken, queueToken: u.queueToken },
        ),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(29);
    const seat = await plain.deps.db.seat.findFirstOrThrow({ where: { scheduleId: scheduleIds[0], seatNumber: 5 } });
    expect(seat.status).toBe("HELD");
    expect(await plain.deps.db.reservationSeat.count({ where: { seatId: seat.id } })).toBe(1);
    expect(await plain.deps.db.reservation.count()).toBe(1);
  });

  it("payment race with prepared batches off: 10 payments of one reservation at once -> one 201, nine 409, one debit", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(plain.deps, { price: 5_000 });
    const fan = await admittedUser(plain, concertId);
    const auth = { token: fan.accessToken, queueToken: fan.queueToken };
    expect((await call(plain, "POST", "/points/charge", { amount: 50_000 }, auth)).status).toBe(200);
    const hold = await call(plain, "POST", "/reservations", { scheduleId: scheduleIds[0], seatNumbers: [1] }, auth);
    expect(hold.status).toBe(201);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        call(plain, "POST", "/payments", { reservationId: hold.body.reservationId }, auth),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    expect(await plain.deps.db.payment.count()).toBe(1);
    const user = await plain.deps.db.user.findUniqueOrThrow({ where: { id: fan.userId } });
    expect(user.balance).toBe(45_000);
    expect(await plain.deps.db.pointTransaction.count({ where: { type: "PAYMENT" } })).toBe(1);
  });
});
