import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { adminToken, holdSeats, markPaid, storedSeats } from "@/test/catalog-factory";
import { admittedUser, createConcertWithSchedule, createUser, joinQueue } from "@/test/factories";
import { call } from "@/test/http";

const app = useTestApp({ QUEUE_MAX_ACTIVE: 2, ADMIN_PASSWORD: "correct horse battery staple" });
const HOUR = 3_600_000;
const inHours = (h: number) => new Date(app.clock.now().getTime() + h * HOUR).toISOString();

async function newConcert(token: string) {
  const res = await call(app, "POST", "/admin/concerts", { title: "Night", artist: "Band", venue: "Hall" }, { token });
  expect(res.status).toBe(201);
  return res.body.concertId as string;
}

describe("POST /admin/session", () => {
  it("gives an admin token for the right password", async () => {
    const res = await call(app, "POST", "/admin/session", { password: "correct horse battery staple" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ adminToken: expect.any(String) });
    expect((await call(app, "GET", "/admin/stats", undefined, { token: res.body.adminToken })).status).toBe(200);
  });

  it.each(["wrong", "correct horse battery stapl", "correct horse battery staple "])(
    "answers 401 to the password %j",
    async (password) => {
      const res = await call(app, "POST", "/admin/session", { password });
      expect(res.status).toBe(401);
      expect(res.body.message).toEqual(expect.any(String));
    },
  );

  it.each([
    ["no password", {}],
    ["an empty password", { password: "" }],
    ["an unknown field", { password: "correct horse battery staple", user: "root" }],
  ])("answers 400 to %s", async (_, body) => {
    expect((await call(app, "POST", "/admin/session", body)).status).toBe(400);
  });
});

describe("admin routes refuse non-admins", () => {
  it("answers 401 without or with a forged token and 403 to a fan's token", async () => {
    const fan = await createUser(app);
    const concertId = (await createConcertWithSchedule(app.deps)).concertId;
    const routes: [string, string, unknown][] = [
      ["POST", "/admin/concerts", { title: "T", artist: "A", venue: "V" }],
      ["POST", `/admin/concerts/${concertId}/schedules`, { startsAt: inHours(24), price: 1 }],
      ["GET", "/admin/stats", undefined],
    ];
    for (const [method, path, body] of routes) {
      expect((await call(app, method, path, body)).status).toBe(401);
      expect((await call(app, method, path, body, { token: "forged.token.value" })).status).toBe(401);
      expect((await call(app, method, path, body, { token: fan.accessToken })).status).toBe(403);
    }
    expect(await app.deps.db.concert.count()).toBe(1);
    expect(await app.deps.db.schedule.count()).toBe(1);
  });
});

describe("POST /admin/concerts", () => {
  it("creates a concert that the public catalog lists", async () => {
    const token = await adminToken(app);
    const res = await call(
      app,
      "POST",
      "/admin/concerts",
      { title: "  Winter Live ", artist: "IU", venue: "Olympic Hall", description: "Two nights" },
      { token },
    );
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      concertId: expect.any(String),
      title: "Winter Live",
      artist: "IU",
      venue: "Olympic Hall",
      description: "Two nights",
      firstStartsAt: null,
    });
    const listed = await call(app, "GET", `/concerts/${res.body.concertId}`);
    expect(listed.body).toEqual(res.body);

    const bare = await call(app, "POST", "/admin/concerts", { title: "T", artist: "A", venue: "V" }, { token });
    expect(bare.body.description).toBe("");
  });

  it.each([
    ["no title", { artist: "A", venue: "V" }],
    ["a blank artist", { title: "T", artist: "  ", venue: "V" }],
    ["a title over 200", { title: "x".repeat(201), artist: "A", venue: "V" }],
    ["an unknown field", { title: "T", artist: "A", venue: "V", price: 5 }],
  ])("answers 400 to %s and creates nothing", async (_, body) => {
    const token = await adminToken(app);
    expect((await call(app, "POST", "/admin/concerts", body, { token })).status).toBe(400);
    expect(await app.deps.db.concert.count()).toBe(0);
  });
});

describe("POST /admin/concerts/{concertId}/schedules", () => {
  it("creates a date with 50 seats, open for booking from now until it starts, by default", async () => {
    const token = await adminToken(app);
    const concertId = await newConcert(token);
    const startsAt = inHours(48);
    const res = await call(
      app,
      "POST",
      `/admin/concerts/${concertId}/schedules`,
      { startsAt, price: 88_000 },
      { token },
    );
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ scheduleId: expect.any(String), startsAt, totalSeats: 50 });

    const seats = await app.deps.db.seat.findMany({
      where: { scheduleId: res.body.scheduleId },
      orderBy: { seatNumber: "asc" },
    });
    expect(seats.map((s) => s.seatNumber)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(seats.every((s) => s.grade === "STANDARD" && s.price === 88_000 && s.status === "AVAILABLE")).toBe(true);
    const stored = await app.deps.db.schedule.findUniqueOrThrow({ where: { id: res.body.scheduleId } });
    expect(stored.bookingClosesAt.toISOString()).toBe(startsAt);
    expect(Math.abs(stored.bookingOpensAt.getTime() - app.clock.now().getTime())).toBeLessThan(5_000);

    // Bookable right away by an admitted fan.
    const fan = await admittedUser(app, concertId);
    const open = await call(app, "GET", `/concerts/${concertId}/schedules`, undefined, {
      token: fan.accessToken,
      queueToken: fan.queueToken,
    });
    expect(open.body.items).toEqual([
      { scheduleId: res.body.scheduleId, startsAt, availableSeats: 50, totalSeats: 50 },
    ]);
    expect((await holdSeats(app, fan, res.body.scheduleId, [50])).status).toBe(201);
  });

  it("takes a seat count and a booking window, times with offsets included", async () => {
    const token = await adminToken(app);
    const concertId = await newConcert(token);
    const body = {
      startsAt: "2099-05-01T19:00:00+09:00",
      bookingOpensAt: "2099-04-01T10:00:00Z",
      bookingClosesAt: "2099-05-01T09:00:00Z",
      seatCount: 500,
      price: 0,
    };
    const res = await call(app, "POST", `/admin/concerts/${concertId}/schedules`, body, { token });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ startsAt: "2099-05-01T10:00:00.000Z", totalSeats: 500 });
    expect(await storedSeats(app.deps, res.body.scheduleId)).toHaveLength(500);
  });

  it.each([
    ["a start in the past", { startsAt: "2000-01-01T00:00:00Z" }],
    ["opening after closing", { bookingOpensAt: "2099-01-02T00:00:00Z", bookingClosesAt: "2099-01-01T00:00:00Z" }],
    ["closing after the start", { bookingClosesAt: "2099-02-01T00:00:00Z" }],
    ["a date without a time", { startsAt: "2099-01-10" }],
    ["seatCount 0", { seatCount: 0 }],
    ["seatCount 501", { seatCount: 501 }],
    ["a negative price", { price: -1 }],
    ["a price over 10,000,000", { price: 10_000_001 }],
    ["no price", { price: undefined }],
    ["an unknown field", { grade: "VIP" }],
  ])("answers 400 to %s and creates nothing", async (_, patch) => {
    const token = await adminToken(app);
    const concertId = await newConcert(token);
    const body = { startsAt: "2099-01-10T19:00:00Z", price: 50_000, ...patch };
    const res = await call(app, "POST", `/admin/concerts/${concertId}/schedules`, body, { token });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(expect.any(String));
    expect(await app.deps.db.schedule.count()).toBe(0);
    expect(await app.deps.db.seat.count()).toBe(0);
  });

  it("answers 404 for an unknown concert and 400 for a malformed id", async () => {
    const token = await adminToken(app);
    const body = { startsAt: inHours(24), price: 1 };
    expect((await call(app, "POST", `/admin/concerts/${randomUUID()}/schedules`, body, { token })).status).toBe(404);
    expect((await call(app, "POST", "/admin/concerts/abc/schedules", body, { token })).status).toBe(400);
    expect(await app.deps.db.schedule.count()).toBe(0);
    expect(await app.deps.db.adminAudit.count({ where: { action: "schedule.create" } })).toBe(0);
  });

  it("writes the concert and the date to the audit log, with who added them", async () => {
    const token = await adminToken(app);
    const concertId = await newConcert(token);
    const startsAt = inHours(48);
    const sections = [
      { name: "VIP", fromSeat: 1, toSeat: 2, price: 150_000 },
      { name: "R", fromSeat: 3, toSeat: 5, price: 90_000 },
    ];
    const res = await call(
      app,
      "POST",
      `/admin/concerts/${concertId}/schedules`,
      { startsAt, seatCount: 5, sections },
      {
        token,
      },
    );
    expect(res.status).toBe(201);
    const audit = await call(app, "GET", "/admin/audit", undefined, { token });
    expect(audit.body.items.slice(0, 2)).toMatchObject([
      {
        actor: app.config.ADMIN_LOGIN,
        action: "schedule.create",
        targetType: "schedule",
        targetId: res.body.scheduleId,
        before: null,
        after: { concertId, startsAt, totalSeats: 5, sections },
      },
      {
        actor: app.config.ADMIN_LOGIN,
        action: "concert.create",
        targetType: "concert",
        targetId: concertId,
        before: null,
        after: { title: "Night", artist: "Band", venue: "Hall", description: "" },
      },
    ]);
  });
});

describe("GET /admin/stats", () => {
  it("reports each line and each date's available, held, sold and revenue", async () => {
    const token = await adminToken(app);
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, {
      seatCount: 10,
      price: 20_000,
      schedules: 2,
    });
    const [first, second] = scheduleIds as [string, string];
    const quiet = await newConcert(token);

    const a = await admittedUser(app, concertId);
    const b = await admittedUser(app, concertId);
    const waiter = await joinQueue(app, await createUser(app), concertId);
    expect(waiter.status).toBe("WAITING");

    const paid = await holdSeats(app, a, first, [1, 2]);
    await markPaid(app.deps, paid.body.reservationId);
    expect((await holdSeats(app, b, first, [3])).status).toBe(201);
    expect((await holdSeats(app, b, second, [1, 2, 3])).status).toBe(201);
    // b's holds lapse while a's next one is live: lapsed holds count as available.
    app.clock.advance(200_000);
    expect((await holdSeats(app, a, first, [4])).status).toBe(201);
    // A poll keeps the waiter's place past the idle timeout.
    expect((await call(app, "GET", "/queue/status", undefined, { queueToken: waiter.queueToken })).body.status).toBe(
      "WAITING",
    );
    app.clock.advance(100_000);

    const res = await call(app, "GET", "/admin/stats", undefined, { token });
    expect(res.status).toBe(200);
    expect(res.body.concerts).toEqual([
      {
        concertId,
        title: "Test Concert",
        cancelled: false,
        waiting: 1,
        active: 2,
        admittedLastMinute: 0,
        schedules: [
          {
            scheduleId: first,
            startsAt: expect.any(String),
            cancelled: false,
            totalSeats: 10,
            available: 7,
            held: 1,
            sold: 2,
            revenue: 40_000,
            refunded: 0,
            sections: [
              {
                name: "STANDARD",
                fromSeat: 1,
                toSeat: 10,
                price: 20_000,
                totalSeats: 10,
                available: 7,
                held: 1,
                sold: 2,
                revenue: 40_000,
                refunded: 0,
              },
            ],
          },
          {
            scheduleId: second,
            startsAt: expect.any(String),
            cancelled: false,
            totalSeats: 10,
            available: 10,
            held: 0,
            sold: 0,
            revenue: 0,
            refunded: 0,
            sections: [
              {
                name: "STANDARD",
                fromSeat: 1,
                toSeat: 10,
                price: 20_000,
                totalSeats: 10,
                available: 10,
                held: 0,
                sold: 0,
                revenue: 0,
                refunded: 0,
              },
            ],
          },
        ],
      },
      {
        concertId: quiet,
        title: "Night",
        cancelled: false,
        waiting: 0,
        active: 0,
        admittedLastMinute: 0,
        schedules: [],
      },
    ]);
  });

  it("counts admissions of the last minute", async () => {
    const token = await adminToken(app);
    const { concertId } = await createConcertWithSchedule(app.deps);
    await admittedUser(app, concertId);
    await admittedUser(app, concertId);
    const res = await call(app, "GET", "/admin/stats", undefined, { token });
    expect(res.body.concerts[0]).toMatchObject({ concertId, waiting: 0, active: 2, admittedLastMinute: 2 });
  });
});
