import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { createConcertWithSchedule } from "@/test/factories";
import { startRedisServer, type RedisServer } from "@/test/faults/services";
import { startApiProcess, stopAppProcess, type AppProcess } from "@/test/processes";
import { adminQuery } from "@/test/services";

/**
 * "Logs: one JSON line per request ...; never tokens, passwords or request bodies." A real
 * instance of the production entry at LOG_LEVEL=info, everything it writes captured, gets
 * requests that carry every kind of secret — access, queue and admin tokens in headers and
 * cookies, the admin password, a wrong password, bodies with a marker — answered 2xx, 4xx and
 * 5xx (its Redis killed, its database refusing connections). None of those strings may appear in
 * what it wrote; each request's own log line must, so the test fails if logging stops too.
 */
const ADMIN_PASSWORD = `admin-pw-${randomBytes(6).toString("hex")}`;
const marker = (what: string) => `${what}-marker-${randomBytes(6).toString("hex")}`;

const app = useTestApp();
let redis: RedisServer;
let instance: AppProcess;

beforeAll(async () => {
  redis = await startRedisServer();
  instance = await startApiProcess({
    DATABASE_URL: app.databaseUrl,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: app.redisPrefix,
    AUTH_SECRET: app.config.AUTH_SECRET,
    ADMIN_PASSWORD,
    LOG_LEVEL: "info",
  });
}, 60_000);

afterAll(async () => {
  if (instance) await stopAppProcess(instance);
  await redis?.kill();
});

/** One request with its own request id, so that its log line can be found. */
async function send(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ id: string; status: number; json: any; setCookie: string | null }> {
  const id = `log-test-${randomBytes(6).toString("hex")}`;
  const headers: Record<string, string> = { "x-request-id": id, ...init.headers };
  if (init.body !== undefined) headers["content-type"] ??= "application/json";
  const res = await fetch(`${instance.url}${path}`, { method: init.method ?? "GET", headers, body: init.body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { id, status: res.status, json, setCookie: res.headers.get("set-cookie") };
}

type LogLine = Record<string, unknown>;

function logLines(output: string): LogLine[] {
  return output
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as LogLine);
}

/** Waits for the request's own log line: the logger writes asynchronously. */
async function logLineOf(id: string): Promise<LogLine> {
  for (let i = 0; i < 100; i++) {
    const line = logLines(instance.output()).find((l) => l.requestId === id);
    if (line) return line;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no log line for request ${id}:\n${instance.output()}`);
}

/** A JWT's parts on their own too: a log holding only its payload or signature leaks it as well. */
function secretParts(secret: string): string[] {
  const parts = secret.split(".").filter((p) => p.length >= 16);
  return [secret, ...parts];
}

describe("logs of a real instance", () => {
  it("hold a line per request (2xx, 4xx, 5xx) and never a token, password or body sent in", async () => {
    const secrets: string[] = [ADMIN_PASSWORD];
    const expected: { id: string; status: number }[] = [];
    const check = (res: { id: string; status: number }, status: number) => {
      expect(res.status).toBe(status);
      expected.push({ id: res.id, status });
    };
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps);

    // A fan: access token (REST and cookie), queue token, a booking.
    const nameMarker = marker("name");
    const user = await send("/api/v1/users", {
      method: "POST",
      body: JSON.stringify({ name: nameMarker.slice(0, 40) }),
    });
    check(user, 201);
    secrets.push(nameMarker.slice(0, 40), user.json.accessToken);
    const bearer = { authorization: `Bearer ${user.json.accessToken}` };
    const ticket = await send("/api/v1/queue/tokens", {
      method: "POST",
      headers: bearer,
      body: JSON.stringify({ concertId }),
    });
    check(ticket, 201);
    secrets.push(ticket.json.queueToken);
    const pass = { ...bearer, "x-queue-token": ticket.json.queueToken };
    check(await send("/api/v1/queue/status", { headers: { "x-queue-token": ticket.json.queueToken } }), 200);
    check(await send("/api/v1/points/charge", { method: "POST", headers: pass, body: '{"amount":20000}' }), 200);
    const hold = await send("/api/v1/reservations", {
      method: "POST",
      headers: pass,
      body: JSON.stringify({ scheduleId: scheduleIds[0], seatNumbers: [3] }),
    });
    check(hold, 201);
    check(await send("/api/v1/users/me", { headers: { cookie: `cb_access=${user.json.accessToken}` } }), 200);

    // The admin: the password in, a token out (REST), a cookie out (the web UI's tRPC login).
    const admin = await send("/api/v1/admin/session", {
      method: "POST",
      body: JSON.stringify({ password: ADMIN_PASSWORD }),
    });
    check(admin, 200);
    secrets.push(admin.json.adminToken);
    check(await send("/api/v1/admin/stats", { headers: { authorization: `Bearer ${admin.json.adminToken}` } }), 200);
    const webLogin = await send("/api/trpc/session.adminLogin?batch=1", {
      method: "POST",
      headers: { "x-csrf": "1" },
      body: JSON.stringify({ 0: { password: ADMIN_PASSWORD } }),
    });
    check(webLogin, 200);
    const adminCookie = /cb_admin=([^;]+)/.exec(webLogin.setCookie ?? "")?.[1];
    expect(adminCookie).toBeTruthy();
    secrets.push(adminCookie!);

    // Refused: wrong passwords, forged tokens, bad bodies, a body too large.
    const wrongPassword = marker("wrong-password");
    secrets.push(wrongPassword);
    check(
      await send("/api/v1/admin/session", { method: "POST", body: JSON.stringify({ password: wrongPassword }) }),
      401,
    );
    const forged = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(marker("forged")).toString("base64url")}.${marker("sig")}`;
    secrets.push(forged);
    check(await send("/api/v1/users/me", { headers: { authorization: `Bearer ${forged}` } }), 401);
    const badQueueToken = marker("queue-token");
    secrets.push(badQueueToken);
    check(await send("/api/v1/queue/status", { headers: { "x-queue-token": badQueueToken } }), 401);
    const badBody = marker("body");
    secrets.push(badBody);
    check(
      await send("/api/v1/points/charge", { method: "POST", headers: pass, body: JSON.stringify({ amount: badBody }) }),
      400,
    );
    const brokenJson = marker("broken-json");
    secrets.push(brokenJson);
    check(await send("/api/v1/users", { method: "POST", body: `{"name": "${brokenJson}"` }), 400);
    const trpcBody = marker("trpc-body");
    secrets.push(trpcBody);
    check(
      await send("/api/trpc/session.adminLogin?batch=1", {
        method: "POST",
        headers: { "x-csrf": "1" },
        body: JSON.stringify({ 0: { password: trpcBody } }),
      }),
      401,
    );
    const hugeBody = marker("huge-body");
    secrets.push(hugeBody);
    check(await send("/api/v1/users", { method: "POST", body: JSON.stringify({ name: hugeBody.repeat(3_000) }) }), 413);
    const query = marker("query");
    secrets.push(query);
    check(await send(`/api/v1/concerts?${query}=${query}`), 200);

    // 503s: the queue's Redis gone while requests carry the fan's tokens.
    await redis.kill();
    // A poll is answered from the instance's copy of the line for a few ticks more, then only
    // from Redis, which is gone (RedisQueueStore.poll).
    const poll = () => send("/api/v1/queue/status", { headers: { "x-queue-token": ticket.json.queueToken } });
    let polled = await poll();
    for (let i = 0; polled.status === 200 && i < 100; i++) {
      check(polled, 200);
      await new Promise((r) => setTimeout(r, 100));
      polled = await poll();
    }
    check(polled, 503);
    check(
      await send("/api/v1/queue/tokens", { method: "POST", headers: bearer, body: JSON.stringify({ concertId }) }),
      503,
    );
    check(await send("/api/health"), 503);

    // And the database refusing connections while a charge carries an idempotency key.
    const database = new URL(app.databaseUrl).pathname.slice(1);
    await adminQuery(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
    try {
      await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}'`);
      const key = marker("idempotency-key");
      secrets.push(key);
      const charge = await send("/api/v1/points/charge", {
        method: "POST",
        headers: { ...bearer, "idempotency-key": key },
        body: '{"amount":1000}',
      });
      // The pool sees its connection cut or the refusal of a new one: either is 503 (unavailable.ts).
      expect(charge.status).toBe(503);
      expected.push({ id: charge.id, status: charge.status });
    } finally {
      await adminQuery(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
    }

    // Every request has its line, with what the README says a line holds.
    for (const { id, status } of expected) {
      const line = await logLineOf(id);
      expect(line).toMatchObject({ msg: "request", requestId: id, status, method: expect.any(String) });
      expect(line.path).toEqual(expect.stringMatching(/^\/api\//));
      expect(line.durationMs).toEqual(expect.any(Number));
    }
    expect((await logLineOf(hold.id)).userId).toBe(user.json.userId);

    // Written out whole, through shutdown, then searched for every secret.
    expect(await stopAppProcess(instance)).toBe(0);
    const output = instance.output();
    expect(logLines(output).filter((l) => l.msg === "request").length).toBeGreaterThanOrEqual(expected.length);
    for (const secret of secrets.flatMap(secretParts)) expect(output).not.toContain(secret);
  });
});
