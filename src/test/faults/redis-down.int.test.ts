import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestApp } from "../app";
import { admittedUser, createConcertWithSchedule, createUser } from "../factories";
import { call, type ApiResponse } from "../http";
import { startRedisServer, type RedisServer } from "./services";

/**
 * Redis (the waiting room) fails in the middle of traffic: killed, or frozen. The routes it gates
 * answer 503 with a JSON message within a second (never hang, never 500); the routes that do not
 * need it keep working; bookings already made are intact; service comes back by itself when Redis
 * does. The test's own redis-server, on a spare port; the database is this file's own.
 */
const settings: Record<string, string | number> = { QUEUE_MAX_ACTIVE: 1000, RATE_LIMITS: "on", TRUST_PROXY: 1 };
let redis: RedisServer;

beforeAll(async () => {
  redis = await startRedisServer();
  settings.REDIS_URL = redis.url;
});
afterAll(async () => {
  await redis?.kill();
});

const app = useTestApp(settings);

type Timed = ApiResponse & { ms: number; label: string };

async function timed(label: string, request: () => Promise<ApiResponse>): Promise<Timed> {
  const started = performance.now();
  const res = await request();
  return { ...res, ms: performance.now() - started, label };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fan with a paid reservation, one with an unpaid hold, and admitted fans to make traffic. */
async function scene() {
  const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps);
  const scheduleId = scheduleIds[0]!;
  const payer = await admittedUser(app, concertId);
  await call(app, "POST", "/points/charge", { amount: 50_000 }, { token: payer.accessToken });
  const paidHold = await call(
    app,
    "POST",
    "/reservations",
    { scheduleId, seatNumbers: [1, 2] },
    { token: payer.accessToken, queueToken: payer.queueToken },
  );
  const paid = await call(
    app,
    "POST",
    "/payments",
    { reservationId: paidHold.body.reservationId },
    { token: payer.accessToken, queueToken: payer.queueToken },
  );
  expect(paid.status).toBe(201);
  const holder = await admittedUser(app, concertId);
  const held = await call(
    app,
    "POST",
    "/reservations",
    { scheduleId, seatNumbers: [3] },
    { token: holder.accessToken, queueToken: holder.queueToken },
  );
  expect(held.status).toBe(201);
  const fans = await Promise.all(Array.from({ length: 6 }, () => admittedUser(app, concertId)));
  return {
    concertId,
    scheduleId,
    payer,
    holder,
    fans,
    paidId: paidHold.body.reservationId as string,
    heldId: held.body.reservationId as string,
  };
}

type Scene = Awaited<ReturnType<typeof scene>>;

/** One round of what fans do: gated calls (need Redis) and plain ones (database only). */
function round(s: Scene, seat: number): Promise<Timed>[] {
  const fan = s.fans[seat % s.fans.length]!;
  const pass = { token: fan.accessToken, queueToken: fan.queueToken };
  return [
    timed("seats", () => call(app, "GET", `/schedules/${s.scheduleId}/seats`, undefined, pass)),
    timed("hold", () => call(app, "POST", "/reservations", { scheduleId: s.scheduleId, seatNumbers: [seat] }, pass)),
    timed("status", () => call(app, "GET", "/queue/status", undefined, { queueToken: fan.queueToken })),
    timed("join", () => call(app, "POST", "/queue/tokens", { concertId: s.concertId }, { token: fan.accessToken })),
    timed("reservations", () => call(app, "GET", "/reservations", undefined, { token: fan.accessToken })),
    timed("points", () => call(app, "GET", "/points", undefined, { token: fan.accessToken })),
    timed("concerts", () => call(app, "GET", `/concerts/${s.concertId}`)),
  ];
}

const GATED = new Set(["seats", "hold", "status", "join"]);

async function expectBookingsIntact(s: Scene) {
  const paid = await app.deps.db.reservation.findUniqueOrThrow({ where: { id: s.paidId }, include: { payment: true } });
  expect(paid.status).toBe("CONFIRMED");
  expect(paid.payment).not.toBeNull();
  const held = await app.deps.db.reservation.findUniqueOrThrow({ where: { id: s.heldId } });
  expect(held.status).toBe("HELD");
  const seats = await app.deps.db.seat.findMany({
    where: { scheduleId: s.scheduleId, seatNumber: { in: [1, 2, 3] } },
    orderBy: { seatNumber: "asc" },
  });
  expect(seats.map((x) => x.status)).toEqual(["SOLD", "SOLD", "HELD"]);
  const mine = await call(app, "GET", "/reservations", undefined, { token: s.payer.accessToken });
  expect(mine.body.items.find((r: { reservationId: string }) => r.reservationId === s.paidId)?.status).toBe(
    "CONFIRMED",
  );
}

function expectServiceUnavailable(results: Timed[]) {
  for (const r of results.filter((x) => GATED.has(x.label))) {
    expect(r.status, `${r.label}: ${JSON.stringify(r.body)}`).toBe(503);
    expect(r.body).toMatchObject({ message: expect.any(String) });
    expect(r.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(r.ms, `${r.label} took ${Math.round(r.ms)} ms`).toBeLessThan(1_000);
  }
  // The database-only routes do not depend on Redis (rate limits fall back to per-instance counting).
  for (const r of results.filter((x) => !GATED.has(x.label))) {
    expect(r.status, `${r.label}: ${JSON.stringify(r.body)}`).toBe(200);
  }
}

/** Waits until `probe` answers `status`, for at most `ms`; returns how long it took. */
async function until(status: number, probe: () => Promise<ApiResponse>, ms: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const res = await probe();
    if (res.status === status) return performance.now() - started;
    if (performance.now() - started > ms)
      throw new Error(`still ${res.status} after ${ms} ms: ${JSON.stringify(res.body)}`);
    await sleep(100);
  }
}

describe("Redis fails during traffic", () => {
  it("killed: gated routes 503 within a second, the rest works, bookings intact, back by itself when it returns", async () => {
    const s = await scene();
    // Traffic runs through the failure: no answer may be a 500 or hang, before, during or after.
    let stop = false;
    const all: Timed[] = [];
    const traffic = (async () => {
      for (let seat = 10; !stop; seat++) all.push(...(await Promise.all(round(s, seat))));
    })();
    await sleep(300);
    await redis.kill();
    await sleep(200);
    const during: Timed[] = [];
    for (let seat = 30; seat < 33; seat++) during.push(...(await Promise.all(round(s, seat))));
    expectServiceUnavailable(during);
    const health = await fetch(`${app.url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ db: "ok", queue: "down" });
    await expectBookingsIntact(s);

    await redis.start();
    // The client reconnects by itself; the line starts afresh (Redis keeps nothing on disk).
    const fan = s.fans[0]!;
    const back = await until(
      201,
      () => call(app, "POST", "/queue/tokens", { concertId: s.concertId }, { token: fan.accessToken }),
      5_000,
    );
    expect(back).toBeLessThan(5_000);
    stop = true;
    await traffic;
    const newcomer = await admittedUser(app, s.concertId);
    const hold = await call(
      app,
      "POST",
      "/reservations",
      { scheduleId: s.scheduleId, seatNumbers: [45] },
      { token: newcomer.accessToken, queueToken: newcomer.queueToken },
    );
    expect(hold.status).toBe(201);
    await expectBookingsIntact(s);
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);

    const failures = all.filter((r) => r.status >= 500 && r.status !== 503);
    expect(failures.map((r) => `${r.label} ${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);
    expect(all.filter((r) => r.ms >= 1_000).map((r) => `${r.label} ${Math.round(r.ms)} ms`)).toEqual([]);
    expect(all.filter((r) => r.status === 503).length).toBeGreaterThan(0);
  });

  it("frozen (stops answering, keeps the connection): 503 within a second, then the same line resumes", async () => {
    const s = await scene();
    redis.freeze();
    try {
      const during = await Promise.all(round(s, 20));
      expectServiceUnavailable(during);
    } finally {
      redis.thaw();
    }
    // Nothing was lost: the same passes work again.
    const fan = s.fans[1]!;
    await until(
      200,
      () =>
        call(app, "GET", `/schedules/${s.scheduleId}/seats`, undefined, {
          token: fan.accessToken,
          queueToken: fan.queueToken,
        }),
      3_000,
    );
    const status = await call(app, "GET", "/queue/status", undefined, { queueToken: fan.queueToken });
    expect(status.body.status).toBe("ACTIVE");
    await expectBookingsIntact(s);
  });

  // Running, not starting: start-up waits up to 5 s for Redis and fails without it.
  it("a running app keeps serving the database-only routes after Redis goes down", async () => {
    await redis.kill();
    try {
      // Redis is down as the app sees it, not merely killed: health says so.
      expect(await (await fetch(`${app.url}/api/health`)).json()).toMatchObject({ db: "ok", queue: "down" });
      const user = await createUser(app);
      expect((await call(app, "GET", "/users/me", undefined, { token: user.accessToken })).status).toBe(200);
    } finally {
      await redis.start();
    }
  });
});
