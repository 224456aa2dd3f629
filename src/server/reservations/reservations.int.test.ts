import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { createScheduleAt, holdSeats, markPaid, storedSeats } from "@/test/catalog-factory";
import { admittedUser, createConcertWithSchedule } from "@/test/factories";
import { call } from "@/test/http";
import { HOT_PATHS } from "@/test/hot-paths";
import { sweepExpiredHolds } from "./hold-sweeper";
import { describePagedList } from "@/test/paging";

const HOUR = 3_600_000;
const HOLD_MS = 300_000;

// Every rule and answer of a hold, in each DATABASE_HOT_PATH; reads and cancels, which no hot
// path touches, once.
describe.each(HOT_PATHS)("DATABASE_HOT_PATH=%s", (mode) => {
  const app = useTestApp({ DATABASE_HOT_PATH: mode });

  async function setup(seatCount = 10, price = 10_000) {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { seatCount, price });
    return { concertId, scheduleId: scheduleIds[0]! };
  }

  const passStatus = (u: { queueToken: string }) =>
    call(app, "GET", "/queue/status", undefined, { queueToken: u.queueToken });

  describe("POST /reservations", () => {
    it("holds the seats for HOLD_TTL_SECONDS and extends the pass to cover the hold", async () => {
      const { concertId, scheduleId } = await setup(10, 33_000);
      const u = await admittedUser(app, concertId);
      // Late enough in the pass's life that the hold outlasts it, early enough for its hard end to allow it.
      app.clock.advance(app.config.QUEUE_ACTIVE_TTL_SECONDS * 1000 - 200_000);
      const before = app.clock.now().getTime();

      const res = await holdSeats(app, u, scheduleId, [7, 3]);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        reservationId: expect.any(String),
        concertId,
        concertTitle: "Test Concert",
        scheduleId,
        startsAt: expect.any(String),
        seats: [
          { seatNumber: 3, price: 33_000 },
          { seatNumber: 7, price: 33_000 },
        ],
        totalPrice: 66_000,
        status: "HELD",
        expiresAt: expect.any(String),
        dateCancelled: false,
      });
      const expiresAt = Date.parse(res.body.expiresAt);
      expect(expiresAt - before).toBeGreaterThanOrEqual(HOLD_MS);
      expect(expiresAt - before).toBeLessThan(HOLD_MS + 5_000);

      const seats = await storedSeats(app.deps, scheduleId);
      expect(seats.filter((s) => s.status === "HELD").map((s) => s.seatNumber)).toEqual([3, 7]);
      expect(seats.find((s) => s.seatNumber === 3)).toMatchObject({
        reservationId: res.body.reservationId,
        heldUntil: new Date(res.body.expiresAt),
      });

      const status = await passStatus(u);
      expect(Date.parse(status.body.activeUntil)).toBe(expiresAt + 60_000);
    });

    it("never holds past the pass's hard end (QUEUE_PASS_MAX_SECONDS from admission), nor extends the pass past it", async () => {
      const { concertId, scheduleId } = await setup();
      const admittedFrom = app.clock.now().getTime();
      const u = await admittedUser(app, concertId);
      const admittedTo = app.clock.now().getTime();
      const hardEnd = (at: number) => at + app.config.QUEUE_PASS_MAX_SECONDS * 1000;
      // A hold now and then keeps the pass going, up to its hard end.
      const passMs = app.config.QUEUE_PASS_MAX_SECONDS * 1000;
      app.clock.advance(passMs - app.config.HOLD_TTL_SECONDS * 1000 - 60_000);
      expect((await holdSeats(app, u, scheduleId, [2])).status).toBe(201);
      app.clock.advance(app.config.HOLD_TTL_SECONDS * 1000);
      const res = await holdSeats(app, u, scheduleId, [1]);
      expect(res.status).toBe(201);
      const expiresAt = Date.parse(res.body.expiresAt);
      expect(expiresAt).toBeGreaterThanOrEqual(hardEnd(admittedFrom));
      expect(expiresAt).toBeLessThanOrEqual(hardEnd(admittedTo));
      expect((await storedSeats(app.deps, scheduleId))[0]!.heldUntil).toEqual(new Date(expiresAt));
      expect(expiresAt - app.clock.now().getTime()).toBeLessThan(app.config.HOLD_TTL_SECONDS * 1000);
      expect(Date.parse((await passStatus(u)).body.activeUntil)).toBe(expiresAt);
      // The pass and the hold end together.
      app.clock.advance(expiresAt - app.clock.now().getTime());
      expect((await passStatus(u)).body.status).toBe("EXPIRED");
      const seats = await call(app, "GET", `/schedules/${scheduleId}/seats`, undefined, {
        token: u.accessToken,
        queueToken: u.queueToken,
      });
      expect(seats.status).toBe(403);
    });

    it("is all-or-nothing: one taken seat gets 409 and holds nothing", async () => {
      const { concertId, scheduleId } = await setup();
      const first = await admittedUser(app, concertId);
      const second = await admittedUser(app, concertId);
      expect((await holdSeats(app, first, scheduleId, [5])).status).toBe(201);

      const res = await holdSeats(app, second, scheduleId, [4, 5, 6]);
      expect(res.status).toBe(409);
      expect(res.body.data.reason).toBe("SEAT_TAKEN");
      expect(res.body.message).toMatch(/5/);
      const held = (await storedSeats(app.deps, scheduleId)).filter((s) => s.status !== "AVAILABLE");
      expect(held.map((s) => s.seatNumber)).toEqual([5]);
      expect(await app.deps.db.reservation.count()).toBe(1);
    });

    it("answers 409 for a sold seat", async () => {
      const { concertId, scheduleId } = await setup();
      const buyer = await admittedUser(app, concertId);
      const bought = await holdSeats(app, buyer, scheduleId, [1]);
      await markPaid(app.deps, bought.body.reservationId);
      app.clock.advance(HOLD_MS * 2);
      const other = await admittedUser(app, concertId);
      expect((await holdSeats(app, other, scheduleId, [1])).status).toBe(409);
    });

    it("answers 422 past MAX_SEATS_PER_USER across reservations, counting bought seats", async () => {
      const { concertId, scheduleId } = await setup();
      const u = await admittedUser(app, concertId);
      const paid = await holdSeats(app, u, scheduleId, [1]);
      await markPaid(app.deps, paid.body.reservationId);
      expect((await holdSeats(app, u, scheduleId, [2, 3])).status).toBe(201);

      const over = await holdSeats(app, u, scheduleId, [4, 5]);
      expect(over.status).toBe(422);
      expect(over.body.data.reason).toBe("SEAT_LIMIT");
      expect((await storedSeats(app.deps, scheduleId)).filter((s) => s.status !== "AVAILABLE")).toHaveLength(3);
      expect((await holdSeats(app, u, scheduleId, [4])).status).toBe(201);
      expect((await holdSeats(app, u, scheduleId, [5])).status).toBe(422);
    });

    it("counts the limit per date: another date of the same concert starts from zero", async () => {
      const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { schedules: 2 });
      const u = await admittedUser(app, concertId);
      expect((await holdSeats(app, u, scheduleIds[0]!, [1, 2, 3, 4])).status).toBe(201);
      expect((await holdSeats(app, u, scheduleIds[1]!, [1, 2, 3, 4])).status).toBe(201);
    });

    it("frees a lapsed hold for a new hold at once, without any sweep", async () => {
      const { concertId, scheduleId } = await setup();
      const first = await admittedUser(app, concertId);
      const second = await admittedUser(app, concertId);
      const old = await holdSeats(app, first, scheduleId, [1, 2]);

      // TestClock runs on real time too, so leave a margin before the end.
      app.clock.advance(HOLD_MS - 10_000);
      expect((await holdSeats(app, second, scheduleId, [2])).status).toBe(409);
      app.clock.advance(10_000);
      const res = await holdSeats(app, second, scheduleId, [2]);
      expect(res.status).toBe(201);

      const seats = await storedSeats(app.deps, scheduleId);
      expect(seats[1]).toMatchObject({ status: "HELD", reservationId: res.body.reservationId });
      // The old reservation is EXPIRED to its owner, and its lapsed seats no longer count against them.
      const mine = await call(app, "GET", `/reservations/${old.body.reservationId}`, undefined, {
        token: first.accessToken,
      });
      expect(mine.body.status).toBe("EXPIRED");
      expect((await holdSeats(app, first, scheduleId, [5, 6, 7, 8])).status).toBe(201);
    });

    it("answers 400 for a seat number beyond the date's seats, holding nothing", async () => {
      const { concertId, scheduleId } = await setup(10);
      const u = await admittedUser(app, concertId);
      const res = await holdSeats(app, u, scheduleId, [9, 11]);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/11/);
      expect(await app.deps.db.reservation.count()).toBe(0);
    });

    it.each([
      ["no seats", { seatNumbers: [] }],
      ["five seats", { seatNumbers: [1, 2, 3, 4, 5] }],
      ["a repeated seat", { seatNumbers: [3, 3] }],
      ["seat 0", { seatNumbers: [0] }],
      ["a seat list that is not a list", { seatNumbers: 1 }],
      ["a malformed schedule id", { scheduleId: "x" }],
      ["an unknown field", { note: "aisle please" }],
    ])("answers 400 for %s", async (_, patch) => {
      const { concertId, scheduleId } = await setup();
      const u = await admittedUser(app, concertId);
      const body = { scheduleId, seatNumbers: [1], ...patch };
      const res = await call(app, "POST", "/reservations", body, { token: u.accessToken, queueToken: u.queueToken });
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual(expect.any(String));
      expect(await app.deps.db.reservation.count()).toBe(0);
    });

    it("bumps the version of every row whose state changes: a hold's seats and user, a cancel's and a sweep's seats and reservation", async () => {
      const { concertId, scheduleId } = await setup();
      const u = await admittedUser(app, concertId);
      const versions = async (reservationId?: string) => ({
        user: (await app.deps.db.user.findUniqueOrThrow({ where: { id: u.userId } })).version,
        seats: (
          await app.deps.db.seat.findMany({
            where: { scheduleId, seatNumber: { in: [1, 2, 3] } },
            orderBy: { seatNumber: "asc" },
          })
        ).map((s) => s.version),
        reservation:
          reservationId && (await app.deps.db.reservation.findUniqueOrThrow({ where: { id: reservationId } })).version,
      });

      const held = await holdSeats(app, u, scheduleId, [1, 2]);
      expect(held.status).toBe(201);
      expect(await versions(held.body.reservationId)).toEqual({ user: 1, seats: [1, 1, 0], reservation: 0 });
      // A refused hold writes nothing.
      expect((await holdSeats(app, u, scheduleId, [2, 3])).status).toBe(409);
      expect(await versions()).toMatchObject({ user: 1, seats: [1, 1, 0] });

      const cancelled = await call(app, "DELETE", `/reservations/${held.body.reservationId}`, undefined, {
        token: u.accessToken,
      });
      expect(cancelled.status).toBe(200);
      expect(await versions(held.body.reservationId)).toEqual({ user: 1, seats: [2, 2, 0], reservation: 1 });

      const again = await holdSeats(app, u, scheduleId, [2]);
      expect(again.status).toBe(201);
      app.clock.advance(HOLD_MS);
      expect(await sweepExpiredHolds(app.deps)).toBe(1);
      expect(await versions(again.body.reservationId)).toEqual({ user: 2, seats: [2, 4, 0], reservation: 1 });
    });

    it("answers 404 for an unknown schedule", async () => {
      const { concertId } = await setup();
      const u = await admittedUser(app, concertId);
      expect((await holdSeats(app, u, randomUUID(), [1])).status).toBe(404);
    });

    it("answers 409 BOOKING_CLOSED before booking opens and after it closes", async () => {
      const { concertId } = await setup();
      const now = app.clock.now().getTime();
      const notYet = await createScheduleAt(app.deps, concertId, {
        startsAt: new Date(now + 48 * HOUR),
        bookingOpensAt: new Date(now + HOUR),
        bookingClosesAt: new Date(now + 47 * HOUR),
      });
      const closed = await createScheduleAt(app.deps, concertId, {
        startsAt: new Date(now + 48 * HOUR),
        bookingOpensAt: new Date(now - 2 * HOUR),
        bookingClosesAt: new Date(now - HOUR),
      });
      const u = await admittedUser(app, concertId);
      for (const scheduleId of [notYet, closed]) {
        const res = await holdSeats(app, u, scheduleId, [1]);
        expect(res.status).toBe(409);
        expect(res.body.data.reason).toBe("BOOKING_CLOSED");
      }
      expect(await app.deps.db.reservation.count()).toBe(0);
    });
  });

  if (mode !== "batch") return;

  describe("GET /reservations and /reservations/{id}", () => {
    it("lists the caller's own reservations, newest first, with current statuses", async () => {
      const { concertId, scheduleId } = await setup();
      const u = await admittedUser(app, concertId);
      const other = await admittedUser(app, concertId);
      const first = await holdSeats(app, u, scheduleId, [1]);
      app.clock.advance(1_000);
      const second = await holdSeats(app, u, scheduleId, [2]);
      await holdSeats(app, other, scheduleId, [3]);
      await call(app, "DELETE", `/reservations/${second.body.reservationId}`, undefined, { token: u.accessToken });

      const res = await call(app, "GET", "/reservations", undefined, { token: u.accessToken });
      expect(res.status).toBe(200);
      expect(res.body.items.map((r: { reservationId: string; status: string }) => [r.reservationId, r.status])).toEqual(
        [
          [second.body.reservationId, "CANCELLED"],
          [first.body.reservationId, "HELD"],
        ],
      );
      expect(res.body.items[1]).toEqual(first.body);
    });

    it("answers one reservation to its owner only (404 to anyone else)", async () => {
      const { concertId, scheduleId } = await setup();
      const u = await admittedUser(app, concertId);
      const other = await admittedUser(app, concertId);
      const held = await holdSeats(app, u, scheduleId, [1, 2]);

      const mine = await call(app, "GET", `/reservations/${held.body.reservationId}`, undefined, {
        token: u.accessToken,
      });
      expect(mine).toMatchObject({ status: 200, body: held.body });
      const theirs = await call(app, "GET", `/reservations/${held.body.reservationId}`, undefined, {
        token: other.accessToken,
      });
      expect(theirs.status).toBe(404);
      expect(
        (await call(app, "GET", `/reservations/${randomUUID()}`, undefined, { token: u.accessToken })).status,
      ).toBe(404);
      expect((await call(app, "GET", "/reservations/zzz", undefined, { token: u.accessToken })).status).toBe(400);
    });

    it("answers 401 without an access token", async () => {
      expect((await call(app, "GET", "/reservations")).status).toBe(401);
      expect((await call(app, "GET", `/reservations/${randomUUID()}`)).status).toBe(401);
      expect((await call(app, "DELETE", `/reservations/${randomUUID()}`)).status).toBe(401);
    });
  });

  describe("DELETE /reservations/{id}", () => {
    it("cancels a live hold and frees its seats at once; a second cancel gets 409", async () => {
      const { concertId, scheduleId } = await setup();
      const u = await admittedUser(app, concertId);
      const held = await holdSeats(app, u, scheduleId, [3, 4]);
      const url = `/reservations/${held.body.reservationId}`;

      const res = await call(app, "DELETE", url, undefined, { token: u.accessToken });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ...held.body, status: "CANCELLED" });
      const seats = await storedSeats(app.deps, scheduleId);
      expect(seats.every((s) => s.status === "AVAILABLE" && s.reservationId === null && s.heldUntil === null)).toBe(
        true,
      );

      const again = await call(app, "DELETE", url, undefined, { token: u.accessToken });
      expect(again.status).toBe(409);
      expect(again.body.data.reason).toBe("ALREADY_ENDED");
      // The freed seats count for nobody: the user may take four again.
      expect((await holdSeats(app, u, scheduleId, [1, 2, 3, 4])).status).toBe(201);
    });

    it("answers 404 for someone else's reservation and leaves it alone", async () => {
      const { concertId, scheduleId } = await setup();
      const owner = await admittedUser(app, concertId);
      const other = await admittedUser(app, concertId);
      const held = await holdSeats(app, owner, scheduleId, [1]);
      const res = await call(app, "DELETE", `/reservations/${held.body.reservationId}`, undefined, {
        token: other.accessToken,
      });
      expect(res.status).toBe(404);
      expect(await app.deps.db.reservation.findUnique({ where: { id: held.body.reservationId } })).toMatchObject({
        status: "HELD",
      });
      expect(
        (await call(app, "DELETE", `/reservations/${randomUUID()}`, undefined, { token: owner.accessToken })).status,
      ).toBe(404);
    });

    it("answers 409 for a paid reservation and keeps its seats sold", async () => {
      const { concertId, scheduleId } = await setup();
      const u = await admittedUser(app, concertId);
      const held = await holdSeats(app, u, scheduleId, [1]);
      await markPaid(app.deps, held.body.reservationId);
      const res = await call(app, "DELETE", `/reservations/${held.body.reservationId}`, undefined, {
        token: u.accessToken,
      });
      expect(res.status).toBe(409);
      expect(res.body.data.reason).toBe("ALREADY_PAID");
      expect((await storedSeats(app.deps, scheduleId))[0]?.status).toBe("SOLD");
    });

    it("answers 409 for a hold that has lapsed, swept or not", async () => {
      const { concertId, scheduleId } = await setup();
      const u = await admittedUser(app, concertId);
      const held = await holdSeats(app, u, scheduleId, [1]);
      app.clock.advance(HOLD_MS);
      const res = await call(app, "DELETE", `/reservations/${held.body.reservationId}`, undefined, {
        token: u.accessToken,
      });
      expect(res.status).toBe(409);
      expect(res.body.data.reason).toBe("ALREADY_ENDED");
      expect(await app.deps.db.reservation.findUnique({ where: { id: held.body.reservationId } })).toMatchObject({
        status: "HELD",
      });
    });
  });

  describePagedList(app, {
    path: "/reservations",
    procedure: "reservations.list",
    idOf: (item) => item.reservationId,
    // Ended reservations straight into the database: they hold no seats, so any number fit one date.
    seed: async (user, times) => {
      const schedule = (await app.deps.db.schedule.findFirst()) ?? { id: (await setup()).scheduleId };
      const rows = times.map((at, i) => ({
        id: randomUUID(),
        userId: user.userId,
        scheduleId: schedule.id,
        status: i % 2 ? ("CANCELLED" as const) : ("EXPIRED" as const),
        totalPrice: 10_000,
        expiresAt: at,
        createdAt: at,
        updatedAt: at,
      }));
      await app.deps.db.reservation.createMany({ data: rows });
      return rows.map((r) => ({ id: r.id, at: r.createdAt }));
    },
  });
});
