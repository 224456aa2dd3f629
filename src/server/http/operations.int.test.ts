import { describe, expect, it } from "vitest";
import { checkHealth } from "../health/health.service";
import { createDb } from "../infra/db";
import { useTestApp } from "@/test/app";
import { adminToken, holdSeats } from "@/test/catalog-factory";
import { admittedUser, createConcertWithSchedule, createUser, joinQueue } from "@/test/factories";
import { call } from "@/test/http";

const METRICS_TOKEN = "metrics-token-for-tests";
const app = useTestApp({ METRICS_TOKEN });
const scrape = () => fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });

describe("operations endpoints", () => {
  it("GET /api/health answers 200 when the database and the queue store answer", async () => {
    const res = await fetch(`${app.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", db: "ok", queue: "ok" });
  });

  it("health names the backing service that is down", async () => {
    const unreachable = createDb("postgresql://postgres@127.0.0.1:1/nowhere", 1);
    try {
      const health = await checkHealth({ db: unreachable, queue: app.deps.queue });
      expect(health).toEqual({ status: "unavailable", db: "down", queue: "ok" });
    } finally {
      await unreachable.$disconnect();
    }
  });

  it("GET /api/metrics serves Prometheus text with request durations and the line per concert", async () => {
    const { concertId } = await createConcertWithSchedule(app.deps);
    await joinQueue(app, await createUser(app), concertId);
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/http_request_duration_seconds_count\{route="queue.join",method="POST",status="201"\} \d+/);
    expect(text).toContain(`queue_active_users{concert="${concertId}"} 1`);
    expect(text).toContain(`queue_waiting_users{concert="${concertId}"} 0`);
  });

  it("counts holds and payments by outcome", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { price: 1_000 });
    const fan = await admittedUser(app, concertId);
    const auth = { token: fan.accessToken, queueToken: fan.queueToken };
    const hold = await holdSeats(app, fan, scheduleIds[0]!, [1]);
    expect(hold.status).toBe(201);
    expect((await call(app, "POST", "/payments", { reservationId: hold.body.reservationId }, auth)).status).toBe(402);
    await call(app, "POST", "/points/charge", { amount: 1_000 }, auth);
    expect((await call(app, "POST", "/payments", { reservationId: hold.body.reservationId }, auth)).status).toBe(201);
    const text = await (await scrape()).text();
    expect(text).toMatch(/seat_holds_total\{event="created"\} [1-9]/);
    expect(text).toMatch(/payments_total\{result="completed"\} [1-9]/);
    expect(text).toMatch(/payments_total\{result="INSUFFICIENT_POINTS"\} [1-9]/);
  });

  it("echoes a well-formed X-Request-Id and makes one up otherwise", async () => {
    const given = await fetch(`${app.url}/api/health`, { headers: { "x-request-id": "abc-123" } });
    expect(given.headers.get("x-request-id")).toBe("abc-123");
    const made = await fetch(`${app.url}/api/health`, { headers: { "x-request-id": "bad id with spaces" } });
    expect(made.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("serves the OpenAPI document of the REST surface", async () => {
    const res = await fetch(`${app.url}/api/v1/openapi.json`);
    const doc = await res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/users", "/queue/tokens", "/queue/status"]));
  });
});

describe("REST input types", () => {
  it("takes JSON bodies as typed: a number sent as a string is invalid input", async () => {
    const admin = await adminToken(app);
    const { concertId } = await createConcertWithSchedule(app.deps);
    const post = (body: unknown) =>
      fetch(`${app.url}/api/v1/admin/concerts/${concertId}/schedules`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${admin}` },
        body: JSON.stringify(body),
      });
    const startsAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    for (const price of ["100", null, "", true]) {
      expect((await post({ startsAt, price })).status, JSON.stringify(price)).toBe(400);
    }
    expect((await post({ startsAt, price: 100 })).status).toBe(201);
    expect(await app.deps.db.schedule.count({ where: { concertId } })).toBe(2);
  });
});
