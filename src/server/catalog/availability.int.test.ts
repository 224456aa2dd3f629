import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { createScheduleAt, holdSeats, markPaid } from "@/test/catalog-factory";
import { admittedUser, createConcertWithSchedule, createUser, joinQueue } from "@/test/factories";
import { call } from "@/test/http";

// Two active passes per concert, so a third user waits.
const app = useTestApp({ QUEUE_MAX_ACTIVE: 2 });
const HOUR = 3_600_000;
const HOLD_MS = 300_000;

type Pass = { accessToken: string; queueToken: string };
const as = (u: Pass) => ({ token: u.accessToken, queueToken: u.queueToken });

const schedules = (u: Pass, concertId: string) =>
  call(app, "GET", `/concerts/${concertId}/schedules`, undefined, as(u));
const seatMap = (u: Pass, scheduleId: string) => call(app, "GET", `/schedules/${scheduleId}/seats`, undefined, as(u));

describe("GET /concerts/{concertId}/schedules", () => {
  it("lists the dates open for booking with their free seats, soonest first", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { seatCount: 10, schedules: 2 });
    const now = app.clock.now().getTime();
    // Not open yet, and already closed: neither is listed.
    await createScheduleAt(app.deps, concertId, {
      startsAt: new Date(now + 48 * HOUR),
      bookingOpensAt: new Date(now + HOUR),
      bookingClosesAt: new Date(now + 47 * HOUR),
    });
    await createScheduleAt(app.deps, concertId, {
      startsAt: new Date(now + 48 * HOUR),
      bookingOpensAt: new Date(now - 2 * HOUR),
      bookingClosesAt: new Date(now - HOUR),
    });
    const u = await admittedUser(app, concertId);
    expect((await holdSeats(app, u, scheduleIds[0]!, [1, 2, 3])).status).toBe(201);

    const res = await schedules(u, concertId);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { scheduleId: scheduleIds[0], startsAt: expect.any(String), availableSeats: 7, totalSeats: 10 },
      { scheduleId: scheduleIds[1], startsAt: expect.any(String), availableSeats: 10, totalSeats: 10 },
    ]);
    expect(Date.parse(res.body.items[0].startsAt)).toBeLessThan(Date.parse(res.body.items[1].startsAt));
  });

  it("leaves out a sold-out date, and a fully held one until its holds lapse (no sweep)", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { seatCount: 2, schedules: 2 });
    const [soldOut, held] = scheduleIds as [string, string];
    const u = await admittedUser(app, concertId);
    const bought = await holdSeats(app, u, soldOut, [1, 2]);
    await markPaid(app.deps, bought.body.reservationId);
    expect((await holdSeats(app, u, held, [1, 2])).status).toBe(201);
    expect((await schedules(u, concertId)).body.items).toEqual([]);

    app.clock.advance(HOLD_MS);
    const after = await schedules(u, concertId);
    expect(after.body.items).toEqual([expect.objectContaining({ scheduleId: held, availableSeats: 2 })]);
  });

  it("answers 404 for an unknown concert and 400 for a malformed id", async () => {
    const { concertId } = await createConcertWithSchedule(app.deps);
    const u = await admittedUser(app, concertId);
    expect((await schedules(u, randomUUID())).status).toBe(404);
    expect((await schedules(u, "nope")).status).toBe(400);
  });
});

describe("GET /schedules/{scheduleId}/seats", () => {
  it("shows every seat with its state, and which holds are the caller's", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { seatCount: 6, price: 77_000 });
    const scheduleId = scheduleIds[0]!;
    const me = await admittedUser(app, concertId);
    const other = await admittedUser(app, concertId);
    expect((await holdSeats(app, me, scheduleId, [2])).status).toBe(201);
    const theirs = await holdSeats(app, other, scheduleId, [4, 5]);
    await markPaid(app.deps, theirs.body.reservationId);
    expect((await holdSeats(app, other, scheduleId, [6])).status).toBe(201);

    const res = await seatMap(me, scheduleId);
    expect(res.status).toBe(200);
    expect(res.body.scheduleId).toBe(scheduleId);
    expect(res.body.sections).toEqual([{ name: "STANDARD", fromSeat: 1, toSeat: 6, price: 77_000 }]);
    expect(res.body.items).toEqual([
      { seatNumber: 1, grade: "STANDARD", section: "STANDARD", price: 77_000, status: "AVAILABLE", heldByMe: false },
      { seatNumber: 2, grade: "STANDARD", section: "STANDARD", price: 77_000, status: "HELD", heldByMe: true },
      { seatNumber: 3, grade: "STANDARD", section: "STANDARD", price: 77_000, status: "AVAILABLE", heldByMe: false },
      { seatNumber: 4, grade: "STANDARD", section: "STANDARD", price: 77_000, status: "SOLD", heldByMe: false },
      { seatNumber: 5, grade: "STANDARD", section: "STANDARD", price: 77_000, status: "SOLD", heldByMe: false },
      { seatNumber: 6, grade: "STANDARD", section: "STANDARD", price: 77_000, status: "HELD", heldByMe: false },
    ]);
  });

  it("shows a lapsed hold as AVAILABLE the moment it ends, without any sweep", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { seatCount: 3 });
    const u = await admittedUser(app, concertId);
    expect((await holdSeats(app, u, scheduleIds[0]!, [1])).status).toBe(201);

    // TestClock runs on real time too, so leave a margin before the end.
    app.clock.advance(HOLD_MS - 10_000);
    expect((await seatMap(u, scheduleIds[0]!)).body.items[0]).toMatchObject({ status: "HELD", heldByMe: true });
    app.clock.advance(10_000);
    expect((await seatMap(u, scheduleIds[0]!)).body.items[0]).toMatchObject({ status: "AVAILABLE", heldByMe: false });
    const stored = await app.deps.db.seat.findFirst({ where: { scheduleId: scheduleIds[0]!, seatNumber: 1 } });
    expect(stored?.status).toBe("HELD");
  });

  it("answers 404 for an unknown schedule and 400 for a malformed id", async () => {
    const { concertId } = await createConcertWithSchedule(app.deps);
    const u = await admittedUser(app, concertId);
    expect((await seatMap(u, randomUUID())).status).toBe(404);
    expect((await seatMap(u, "12")).status).toBe(400);
  });
});

describe("the queue pass gate (schedules, seats, holds)", () => {
  async function setup() {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { seatCount: 5 });
    return { concertId, scheduleId: scheduleIds[0]! };
  }

  const gated = (u: Partial<Pass>, concertId: string, scheduleId: string) => {
    const opts = { token: u.accessToken, queueToken: u.queueToken };
    return Promise.all([
      call(app, "GET", `/concerts/${concertId}/schedules`, undefined, opts),
      call(app, "GET", `/schedules/${scheduleId}/seats`, undefined, opts),
      call(app, "POST", "/reservations", { scheduleId, seatNumbers: [1] }, opts),
    ]);
  };

  it("answers 401 without an access token or without a queue token", async () => {
    const { concertId, scheduleId } = await setup();
    const u = await admittedUser(app, concertId);
    for (const res of await gated({ queueToken: u.queueToken }, concertId, scheduleId)) expect(res.status).toBe(401);
    for (const res of await gated({ accessToken: u.accessToken }, concertId, scheduleId)) expect(res.status).toBe(401);
  });

  it("answers 403 to a WAITING pass", async () => {
    const { concertId, scheduleId } = await setup();
    await admittedUser(app, concertId);
    await admittedUser(app, concertId);
    const waiter = await createUser(app);
    const ticket = await joinQueue(app, waiter, concertId);
    expect(ticket.status).toBe("WAITING");
    const results = await gated(
      { accessToken: waiter.accessToken, queueToken: ticket.queueToken },
      concertId,
      scheduleId,
    );
    for (const res of results) {
      expect(res.status).toBe(403);
      expect(res.body.data.reason).toBe("QUEUE_PASS_NOT_ACTIVE");
    }
  });

  it("answers 403 to a pass given up, and to one that ran out", async () => {
    const { concertId, scheduleId } = await setup();
    const leaver = await admittedUser(app, concertId);
    const left = await call(app, "DELETE", "/queue/tokens/current", undefined, as(leaver));
    expect(left.status).toBe(204);
    for (const res of await gated(leaver, concertId, scheduleId)) expect(res.status).toBe(403);

    const idle = await admittedUser(app, concertId);
    app.clock.advance(app.config.QUEUE_ACTIVE_TTL_SECONDS * 1000 + 1_000);
    for (const res of await gated(idle, concertId, scheduleId)) expect(res.status).toBe(403);
    expect(await app.deps.db.reservation.count()).toBe(0);
  });

  it("answers 403 to an ACTIVE pass of another concert", async () => {
    const a = await setup();
    const b = await setup();
    const u = await admittedUser(app, a.concertId);
    const results = await gated(u, b.concertId, b.scheduleId);
    for (const res of results) {
      expect(res.status).toBe(403);
      expect(res.body.data.reason).toBe("QUEUE_PASS_WRONG_CONCERT");
    }
    expect(await app.deps.db.reservation.count()).toBe(0);
  });
});
