import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestApp } from "./app";
import { createConcertWithSchedule, createUser, joinQueue } from "./factories";
import { call } from "./http";
import { startApiProcess, stopAppProcess, type AppProcess } from "./processes";

/**
 * BACKGROUND_JOBS=off stops an instance's admission ticker and hold sweeper. A line with room for
 * one: A is in and holds a seat, B waits, and A's pass and hold lapse (nobody ends them, so only
 * the ticker hands the slot on and only the sweeper marks the hold EXPIRED). With only an instance
 * that has the jobs off, neither happens however long it runs; once an instance with them on joins
 * it, both do, within a few ticks.
 */
const settings = {
  QUEUE_MAX_ACTIVE: 1,
  // A pass ends a second after its admission, hold or not; the hold with it.
  QUEUE_ACTIVE_TTL_SECONDS: 1,
  QUEUE_PASS_MAX_SECONDS: 1,
  QUEUE_TICK_MS: 100,
  HOLD_SWEEP_MS: 100,
};
const app = useTestApp(settings);
let off: AppProcess;
let on: AppProcess | undefined;

function startInstance(jobs: "on" | "off"): Promise<AppProcess> {
  return startApiProcess({
    DATABASE_URL: app.databaseUrl,
    REDIS_URL: app.config.REDIS_URL!,
    REDIS_KEY_PREFIX: app.redisPrefix,
    AUTH_SECRET: app.config.AUTH_SECRET,
    BACKGROUND_JOBS: jobs,
    ...settings,
  });
}

beforeAll(async () => {
  off = await startInstance("off");
}, 60_000);

afterAll(async () => {
  await Promise.all([off, on].filter((i) => i !== undefined).map(stopAppProcess));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("BACKGROUND_JOBS", () => {
  it("off: a lapsed pass's slot is not handed on and a lapsed hold stays HELD; an instance with it on beside it does both", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps);
    const a = await createUser(off);
    const b = await createUser(off);
    const ticketA = await joinQueue(off, a, concertId);
    const ticketB = await joinQueue(off, b, concertId);
    expect(ticketA.status).toBe("ACTIVE");
    expect(ticketB).toMatchObject({ status: "WAITING", position: 1 });
    const hold = await call(
      off,
      "POST",
      "/reservations",
      { scheduleId: scheduleIds[0], seatNumbers: [1] },
      { token: a.accessToken, queueToken: ticketA.queueToken },
    );
    expect(hold.status).toBe(201);
    const reservation = () =>
      app.deps.db.reservation.findUniqueOrThrow({ where: { id: hold.body.reservationId as string } });
    const statusOfB = () => call(off, "GET", "/queue/status", undefined, { queueToken: ticketB.queueToken });

    // Both lapse after a second; with the jobs off, twenty more ticks and sweeps' worth of time pass.
    await sleep(3_000);
    expect((await reservation()).status).toBe("HELD");
    expect((await statusOfB()).body).toMatchObject({ status: "WAITING", position: 1 });

    on = await startInstance("on");
    let swept = false;
    let admitted = false;
    for (let i = 0; i < 40 && !(swept && admitted); i++) {
      await sleep(100);
      swept = (await reservation()).status === "EXPIRED";
      admitted = (await statusOfB()).body.status === "ACTIVE";
    }
    expect(swept).toBe(true);
    expect(admitted).toBe(true);
  });
});
