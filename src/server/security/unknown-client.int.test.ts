import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { logger } from "../infra/logger";
import { createApiCore } from "../http/api-handler";
import { createNodeApiListener } from "../http/node-adapter";
import { useTestApp } from "@/test/app";
import { createConcertWithSchedule, createUser } from "@/test/factories";
import { call } from "@/test/http";

/**
 * Rate limits where the client's address is unknown: the Fetch handler the Next.js route handlers
 * run (no socket) with TRUST_PROXY=0 (X-Forwarded-For, which any client writes, is ignored). The
 * default per-address budgets for admin sign-in, small ones elsewhere.
 */
const app = useTestApp({
  RATE_LIMITS: "on",
  TRUST_PROXY: 0,
  QUEUE_MAX_ACTIVE: 1000,
  ADMIN_PASSWORD: "correct-horse",
  RATE_LIMIT_SIGNUP_IP: "3/1m",
  RATE_LIMIT_QUEUE_USER: "4/1m",
  RATE_LIMIT_ADMIN_LOGIN_IP: "10/15m",
});

// Spied on before the first request, which logs the warning.
const warn = vi.spyOn(logger, "warn");

/** Every request of a test comes from "someone else": the header is ignored, as it must be. */
let caller = 0;
const anyone = () => ({ "x-forwarded-for": `203.0.113.${++caller % 250}` });

const adminLogin = (password: string, base = app.url) =>
  fetch(`${base}/api/v1/admin/session`, {
    method: "POST",
    headers: { "content-type": "application/json", ...anyone() },
    body: JSON.stringify({ password }),
  });

describe("client address unknown", () => {
  it("ten wrong admin passwords from anyone do not lock out the admin signing in from elsewhere", async () => {
    for (let i = 0; i < 10; i++) expect((await adminLogin(`guess-${i}`)).status).toBe(401);
    expect((await adminLogin("correct-horse")).status).toBe(200);
    const ui = await fetch(`${app.url}/api/trpc/session.adminLogin`, {
      method: "POST",
      headers: { "content-type": "application/json", ...anyone() },
      body: JSON.stringify({ password: "correct-horse" }),
    });
    expect(ui.status).toBe(200);
  });

  it("guessing stays bounded: such callers share one bucket of ten addresses' budgets, exact under a burst", async () => {
    const results = await Promise.all(Array.from({ length: 105 }, (_, i) => adminLogin(`guess-${i}`)));
    expect(results.filter((r) => r.status === 401)).toHaveLength(100);
    expect(results.filter((r) => r.status === 429)).toHaveLength(5);
    expect((await adminLogin("correct-horse")).status).toBe(429);
  });

  it("sign-ups are not one budget for the whole site", async () => {
    for (let i = 0; i < 10; i++)
      expect((await call(app, "POST", "/users", {}, { headers: anyone() })).status).toBe(201);
    for (let i = 0; i < 5; i++) {
      const guest = await fetch(`${app.url}/api/trpc/session.ensure?batch=1`, {
        method: "POST",
        headers: { "content-type": "application/json", ...anyone() },
        body: "{}",
      });
      expect(guest.status).toBe(200);
    }
    expect(await app.deps.db.user.count()).toBe(15);
  });

  it("per-user limits are halved: no per-address limit backs them up", async () => {
    const { concertId } = await createConcertWithSchedule(app.deps);
    const fan = await createUser(app);
    const join = () => call(app, "POST", "/queue/tokens", { concertId }, { token: fan.accessToken, headers: anyone() });
    expect((await join()).status).toBe(201);
    expect((await join()).status).toBe(201);
    const third = await join();
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Another fan has a budget of their own.
    expect(
      (await call(app, "POST", "/queue/tokens", { concertId }, { token: (await createUser(app)).accessToken })).status,
    ).toBe(201);
  });

  it("says once that per-address limits are off under this entry", () => {
    const said = warn.mock.calls.filter(
      ([message]) => typeof message === "string" && message.includes("per-address rate limits are off"),
    );
    expect(said).toHaveLength(1);
  });
});

describe("client address known (the production server's listener has the socket)", () => {
  let lean: Server;
  let leanUrl: string;
  beforeAll(async () => {
    lean = createServer(createNodeApiListener(createApiCore(app.deps)));
    await new Promise<void>((resolve) => lean.listen(0, "127.0.0.1", resolve));
    leanUrl = `http://127.0.0.1:${(lean.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => lean?.close(() => resolve())));

  it("keeps the per-address admin sign-in limit", async () => {
    for (let i = 0; i < 10; i++) expect((await adminLogin(`guess-${i}`, leanUrl)).status).toBe(401);
    expect((await adminLogin("correct-horse", leanUrl)).status).toBe(429);
    // Callers of unknown address are counted apart.
    expect((await adminLogin("correct-horse")).status).toBe(200);
  });
});
