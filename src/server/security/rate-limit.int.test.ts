import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/env";
import { AppError } from "../errors";
import { useTestApp } from "@/test/app";
import { redisReady } from "../infra/redis";
import { createConcertWithSchedule } from "@/test/factories";
import { call, type ApiResponse } from "@/test/http";
import { TEST_REDIS_URL } from "@/test/services";
import { createRateLimiter } from "./rate-limit";

/**
 * Rate limits against the real API and Redis, with tiny budgets. TRUST_PROXY=1, so each test
 * picks its client address with X-Forwarded-For (as the load balancer would write it).
 */
const app = useTestApp({
  RATE_LIMITS: "on",
  TRUST_PROXY: 1,
  QUEUE_MAX_ACTIVE: 1000,
  ADMIN_PASSWORD: "correct-horse",
  RATE_LIMIT_SIGNUP_IP: "3/1m",
  RATE_LIMIT_QUEUE_USER: "2/1m",
  RATE_LIMIT_QUEUE_IP: "5/1m",
  RATE_LIMIT_HOLD_USER: "2/1m",
  RATE_LIMIT_HOLD_IP: "100/1m",
  RATE_LIMIT_CHARGE_USER: "2/1m",
  RATE_LIMIT_CHARGE_IP: "100/1m",
  RATE_LIMIT_ADMIN_LOGIN_IP: "3/15m",
});

const from = (ip: string) => ({ "x-forwarded-for": ip });

let nextIp = 0;
/** A user made from an address of its own, so that making it spends no test's budget. */
async function createUser(appUnderTest: typeof app) {
  nextIp++;
  const res = await call(
    appUnderTest,
    "POST",
    "/users",
    {},
    { headers: from(`100.64.${nextIp >> 8}.${nextIp & 255}`) },
  );
  if (res.status !== 201) throw new Error(`createUser: ${res.status}`);
  return res.body as { userId: string; accessToken: string };
}

async function admittedUser(appUnderTest: typeof app, concertId: string) {
  const user = await createUser(appUnderTest);
  const res = await call(
    appUnderTest,
    "POST",
    "/queue/tokens",
    { concertId },
    { token: user.accessToken, headers: from("100.127.0.1") },
  );
  if (res.body.status !== "ACTIVE") throw new Error(`admittedUser: ${res.status}`);
  return { ...user, queueToken: res.body.queueToken as string };
}

function expect429(res: ApiResponse, windowSeconds: number) {
  expect(res.status).toBe(429);
  expect(res.body).toMatchObject({ message: expect.stringMatching(/too many requests/i), code: "TOO_MANY_REQUESTS" });
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
}

async function signUp(ip: string) {
  return call(app, "POST", "/users", {}, { headers: from(ip) });
}

describe("sign-up per address", () => {
  it("lets 3 through per address, then 429 with Retry-After; other addresses are unaffected", async () => {
    for (let i = 0; i < 3; i++) expect((await signUp("203.0.113.1")).status).toBe(201);
    expect429(await signUp("203.0.113.1"), 60);
    expect((await signUp("203.0.113.2")).status).toBe(201);
    expect(await app.deps.db.user.count()).toBe(4);
  });

  it("is exact under a burst: 30 at once from one address -> exactly 3 users", async () => {
    const results = await Promise.all(Array.from({ length: 30 }, () => signUp("203.0.113.3")));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 429)).toHaveLength(27);
    expect(await app.deps.db.user.count()).toBe(3);
  });

  it("counts the address the load balancer saw: entries the client wrote to its left do not make a new client", async () => {
    for (let i = 0; i < 3; i++) {
      expect((await signUp(`10.9.9.${i}, 198.51.100.7`)).status).toBe(201);
    }
    expect429(await signUp("10.9.9.200, 198.51.100.7"), 60);
  });

  it("the web UI's guest sign-up shares the budget, and a returning guest (valid cookie) is not counted", async () => {
    const ensure = (headers: Record<string, string>) =>
      fetch(`${app.url}/api/trpc/session.ensure?batch=1`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: "{}",
      });
    const first = await ensure(from("192.0.2.50"));
    expect(first.status).toBe(200);
    const cookie = first.headers.get("set-cookie")!.split(";")[0]!;
    for (let i = 0; i < 5; i++) expect((await ensure({ ...from("192.0.2.50"), cookie })).status).toBe(200);
    expect((await signUp("192.0.2.50")).status).toBe(201);
    expect((await signUp("192.0.2.50")).status).toBe(201);
    const limited = await ensure(from("192.0.2.50"));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await app.deps.db.user.count()).toBe(3);
  });

  it("an account renewing its lapsed access cookie is not a new guest; a made-up refresh cookie is counted", async () => {
    const ensure = (cookie?: string) =>
      fetch(`${app.url}/api/trpc/session.ensure?batch=1`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-csrf": "1",
          ...from("192.0.2.60"),
          ...(cookie ? { cookie } : {}),
        },
        body: "{}",
      });
    const signUp = await fetch(`${app.url}/api/trpc/session.signUp?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf": "1", ...from("192.0.2.61") },
      body: JSON.stringify({ 0: { email: "lapsed@example.com", password: "a-long-fan-password" } }),
    });
    expect(signUp.status).toBe(200);
    const refresh = signUp.headers
      .getSetCookie()
      .find((c) => c.startsWith("cb_refresh="))!
      .split(";")[0]!;
    // The access cookie has lapsed (it lives a minute): each call renews the session instead.
    app.clock.advance(61_000);
    let cookie = refresh;
    for (let i = 0; i < 5; i++) {
      const res = await ensure(cookie);
      expect(res.status).toBe(200);
      const renewed = res.headers.getSetCookie().find((c) => c.startsWith("cb_refresh="));
      if (renewed) cookie = renewed.split(";")[0]!;
    }
    const users = await app.deps.db.user.count();
    for (let i = 0; i < 3; i++) expect((await ensure("cb_refresh=made-up")).status).toBe(200);
    expect((await ensure("cb_refresh=made-up")).status).toBe(429);
    expect(await app.deps.db.user.count()).toBe(users + 3);
  });
});

describe("queue tokens", () => {
  it("per user: 2 a minute, whatever the address", async () => {
    const { concertId } = await createConcertWithSchedule(app.deps);
    const user = await createUser(app);
    const join = (ip: string) =>
      call(app, "POST", "/queue/tokens", { concertId }, { token: user.accessToken, headers: from(ip) });
    expect((await join("198.51.100.1")).status).toBe(201);
    expect((await join("198.51.100.2")).status).toBe(201);
    expect429(await join("198.51.100.3"), 60);
  });

  it("per address: 5 a minute across users; requests without a valid token spend it too", async () => {
    const { concertId } = await createConcertWithSchedule(app.deps);
    const users = await Promise.all(Array.from({ length: 4 }, () => createUser(app)));
    const ip = from("198.51.100.20");
    expect((await call(app, "POST", "/queue/tokens", { concertId }, { token: "forged", headers: ip })).status).toBe(
      401,
    );
    for (const u of users) {
      expect(
        (await call(app, "POST", "/queue/tokens", { concertId }, { token: u.accessToken, headers: ip })).status,
      ).toBe(201);
    }
    const fifth = await createUser(app);
    expect429(await call(app, "POST", "/queue/tokens", { concertId }, { token: fifth.accessToken, headers: ip }), 60);
  });
});

describe("holds and charges", () => {
  it("holds: 2 a minute per user; the refused one holds nothing", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps);
    const fan = await admittedUser(app, concertId);
    const hold = (seat: number) =>
      call(
        app,
        "POST",
        "/reservations",
        { scheduleId: scheduleIds[0], seatNumbers: [seat] },
        {
          token: fan.accessToken,
          queueToken: fan.queueToken,
          headers: from("198.51.100.30"),
        },
      );
    expect((await hold(1)).status).toBe(201);
    expect((await hold(2)).status).toBe(201);
    expect429(await hold(3), 60);
    expect(await app.deps.db.reservation.count()).toBe(2);
    expect(await app.deps.db.seat.count({ where: { scheduleId: scheduleIds[0], status: "HELD" } })).toBe(2);
  });

  it("charges: 2 a minute per user, counted exactly under a burst; the refused ones move no points", async () => {
    const fan = await createUser(app);
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        call(
          app,
          "POST",
          "/points/charge",
          { amount: 100 },
          { token: fan.accessToken, headers: from("198.51.100.31") },
        ),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    expect(results.filter((r) => r.status === 429)).toHaveLength(10);
    expect((await app.deps.db.user.findUniqueOrThrow({ where: { id: fan.userId } })).balance).toBe(200);
    expect(await app.deps.db.pointTransaction.count({ where: { userId: fan.userId } })).toBe(2);
    // Another fan has a budget of their own.
    const other = await createUser(app);
    const otherCharge = { token: other.accessToken, headers: from("198.51.100.31") };
    expect((await call(app, "POST", "/points/charge", { amount: 100 }, otherCharge)).status).toBe(200);
  });
});

describe("admin sign-in", () => {
  it("3 tries per address per 15 minutes, right or wrong, over REST and the web UI's call alike", async () => {
    const ip = from("192.0.2.99");
    expect((await call(app, "POST", "/admin/session", { password: "guess-1" }, { headers: ip })).status).toBe(401);
    expect((await call(app, "POST", "/admin/session", { password: "guess-2" }, { headers: ip })).status).toBe(401);
    const ui = await fetch(`${app.url}/api/trpc/session.adminLogin`, {
      method: "POST",
      headers: { "content-type": "application/json", ...ip },
      body: JSON.stringify({ password: "guess-3" }),
    });
    expect(ui.status).toBe(401);
    // Even the right password now waits: a guesser cannot tell it was right.
    expect429(await call(app, "POST", "/admin/session", { password: "correct-horse" }, { headers: ip }), 900);
    const uiLimited = await fetch(`${app.url}/api/trpc/session.adminLogin`, {
      method: "POST",
      headers: { "content-type": "application/json", ...ip },
      body: JSON.stringify({ password: "correct-horse" }),
    });
    expect(uiLimited.status).toBe(429);
    expect(uiLimited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(
      (await call(app, "POST", "/admin/session", { password: "correct-horse" }, { headers: from("192.0.2.100") }))
        .status,
    ).toBe(200);
  });

  it("routes without a rule are not limited", async () => {
    const fan = await createUser(app);
    const results = await Promise.all(
      Array.from({ length: 40 }, () => call(app, "GET", "/points", undefined, { token: fan.accessToken })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
  });
});

describe("the limiter itself", () => {
  const config = (extra: Record<string, string> = {}) =>
    parseConfig({
      DATABASE_URL: "postgresql://unused/x",
      AUTH_SECRET: "s".repeat(32),
      ADMIN_PASSWORD: "pw",
      RATE_LIMIT_CHARGE_USER: "3/1m",
      ...extra,
    });

  async function spend(limiter: ReturnType<typeof createRateLimiter>, key: string, times: number, scale?: number) {
    const outcomes: string[] = [];
    for (let i = 0; i < times; i++) {
      outcomes.push(
        await limiter.consume("RATE_LIMIT_CHARGE_USER", key, scale).then(
          () => "ok",
          (e: unknown) => (e instanceof AppError ? e.code : "error"),
        ),
      );
    }
    return outcomes;
  }

  it("counts in memory in the embedded single-instance mode (no Redis)", async () => {
    const limiter = createRateLimiter(config(), null);
    expect(await spend(limiter, "u1", 4)).toEqual(["ok", "ok", "ok", "RATE_LIMITED"]);
    expect(await spend(limiter, "u2", 1)).toEqual(["ok"]);
  });

  it("scales a budget (at least 1), one count per key whatever the scale", async () => {
    const redis = new Redis(TEST_REDIS_URL, { keyPrefix: `${app.redisPrefix}scaled:` });
    try {
      await redisReady(redis);
      for (const limiter of [createRateLimiter(config(), null), createRateLimiter(config(), redis)]) {
        expect(await spend(limiter, "half", 2, 0.5)).toEqual(["ok", "RATE_LIMITED"]);
        expect(await spend(limiter, "tiny", 2, 0.1)).toEqual(["ok", "RATE_LIMITED"]);
        expect(await spend(limiter, "ten", 31, 10)).toEqual([...Array(30).fill("ok"), "RATE_LIMITED"]);
        // Calls at full budget count against the halved one of the same key.
        expect(await spend(limiter, "both", 1)).toEqual(["ok"]);
        expect(await spend(limiter, "both", 1, 0.5)).toEqual(["RATE_LIMITED"]);
        expect(await spend(limiter, "both", 2)).toEqual(["ok", "RATE_LIMITED"]);
      }
    } finally {
      redis.disconnect();
    }
  });

  it("shares one count between instances through Redis", async () => {
    const prefix = `${app.redisPrefix}shared:`;
    const a = new Redis(TEST_REDIS_URL, { keyPrefix: prefix });
    const b = new Redis(TEST_REDIS_URL, { keyPrefix: prefix });
    try {
      await Promise.all([redisReady(a), redisReady(b)]);
      const one = createRateLimiter(config(), a);
      const two = createRateLimiter(config(), b);
      expect(await spend(one, "u", 2)).toEqual(["ok", "ok"]);
      expect(await spend(two, "u", 2)).toEqual(["ok", "RATE_LIMITED"]);
    } finally {
      a.disconnect();
      b.disconnect();
    }
  });

  it("keeps limiting, per instance and at once, while Redis is unreachable", async () => {
    const down = new Redis("redis://127.0.0.1:1", {
      enableOfflineQueue: false,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    try {
      const limiter = createRateLimiter(config(), down);
      const started = performance.now();
      expect(await spend(limiter, "u", 4)).toEqual(["ok", "ok", "ok", "RATE_LIMITED"]);
      expect(performance.now() - started).toBeLessThan(1_000);
    } finally {
      down.disconnect();
    }
  });

  it("does nothing when RATE_LIMITS=off", async () => {
    const limiter = createRateLimiter(config({ RATE_LIMITS: "off" }), null);
    expect(await spend(limiter, "u", 10)).toEqual(Array(10).fill("ok"));
  });
});
