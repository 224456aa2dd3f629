import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestApp } from "./app";
import { createConcertWithSchedule, createUser, joinQueue } from "./factories";
import { call, type ApiResponse } from "./http";
import { startApiProcess, stopAppProcess, type AppProcess } from "./processes";

/**
 * Two instances of the production entry at their default settings, one line with room for one.
 * Fan A is in, fan B waits; A pays (or leaves) through instance 1 and nobody polls. Within a tick
 * or two B is let in: the admin's view of the line shows it before B asks anything, and B's status
 * on instance 2 says ACTIVE within a tick more (instance 2 answers from its copy of the line,
 * refreshed every tick).
 */
const TICK_MS = 250; // QUEUE_TICK_MS's default
const app = useTestApp();
const instances: AppProcess[] = [];

beforeAll(async () => {
  const shared = {
    DATABASE_URL: app.databaseUrl,
    REDIS_URL: app.config.REDIS_URL!,
    REDIS_KEY_PREFIX: app.redisPrefix,
    AUTH_SECRET: app.config.AUTH_SECRET,
  };
  instances.push(...(await Promise.all([startApiProcess(shared), startApiProcess(shared)])));
}, 60_000);

afterAll(async () => {
  await Promise.all(instances.map(stopAppProcess));
});

async function lineOfOne() {
  const [one, two] = instances as [AppProcess, AppProcess];
  const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { price: 1_000 });
  const login = await call(one, "POST", "/admin/session", { password: "test-admin-password" });
  const admin = { token: login.body.adminToken as string };
  expect((await call(one, "PATCH", `/admin/concerts/${concertId}/queue`, { maxActive: 1 }, admin)).status).toBe(200);
  const a = await createUser(one);
  const b = await createUser(two);
  const ticketA = await joinQueue(one, a, concertId);
  const ticketB = await joinQueue(two, b, concertId);
  expect(ticketA.status).toBe("ACTIVE");
  expect(ticketB).toMatchObject({ status: "WAITING", position: 1 });
  const line = () => call(one, "GET", `/admin/concerts/${concertId}/queue`, undefined, admin);
  return {
    one,
    two,
    line,
    scheduleId: scheduleIds[0]!,
    a: { token: a.accessToken, queueToken: ticketA.queueToken },
    b: { queueToken: ticketB.queueToken },
  };
}

/** B's status on instance 2 once it says ACTIVE, or its last answer after `ms`. */
async function statusWithin(two: AppProcess, b: { queueToken: string }, ms: number): Promise<ApiResponse> {
  const started = performance.now();
  for (;;) {
    const status = await call(two, "GET", "/queue/status", undefined, b);
    if (status.body.status === "ACTIVE" || performance.now() - started > ms) return status;
    expect(status.body).toMatchObject({ status: "WAITING", position: 1 });
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits until the line shows one ACTIVE and nobody waiting, as the admin sees it (not a fan's poll). */
async function admittedWithin(line: () => Promise<ApiResponse>, ms: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const view = await line();
    if (view.body.active === 1 && view.body.waiting === 0) return performance.now() - started;
    if (performance.now() - started > ms) throw new Error(`not admitted within ${ms} ms: ${JSON.stringify(view.body)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("the next fan in, nobody polling, two instances at default settings", () => {
  it("B waits behind A; A pays on instance 1; within two ticks B is in, and B's status on instance 2 says ACTIVE a tick later at most", async () => {
    const { one, two, line, scheduleId, a, b } = await lineOfOne();
    expect((await call(one, "POST", "/points/charge", { amount: 1_000 }, a)).status).toBe(200);
    const hold = await call(one, "POST", "/reservations", { scheduleId, seatNumbers: [1] }, a);
    expect(hold.status).toBe(201);
    expect((await line()).body).toMatchObject({ active: 1, waiting: 1 });

    expect((await call(one, "POST", "/payments", { reservationId: hold.body.reservationId }, a)).status).toBe(201);
    await admittedWithin(line, 2 * TICK_MS);
    const status = await statusWithin(two, b, 2 * TICK_MS);
    expect(status.body).toMatchObject({ status: "ACTIVE", position: 0 });
  });

  it("B waits behind A; A leaves on instance 1; within two ticks B is in, and B's status on instance 2 says ACTIVE a tick later at most", async () => {
    const { one, two, line, a, b } = await lineOfOne();
    expect((await call(one, "DELETE", "/queue/tokens/current", undefined, a)).status).toBe(204);
    await admittedWithin(line, 2 * TICK_MS);
    const status = await statusWithin(two, b, 2 * TICK_MS);
    expect(status.body).toMatchObject({ status: "ACTIVE", position: 0 });
  });
});
