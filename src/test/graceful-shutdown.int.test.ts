import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { useTestApp } from "./app";
import { createConcertWithSchedule, createUser, joinQueue } from "./factories";
import { call } from "./http";
import { startAppProcess, stopAppProcess, type AppProcess } from "./processes";

/**
 * SIGTERM while a payment is in flight: the instance stops taking new connections, lets the
 * payment finish (it answers 201 and is in the database), and only then exits.
 */
const app = useTestApp();
let instance: AppProcess;

beforeAll(async () => {
  instance = await startAppProcess({
    DATABASE_URL: app.databaseUrl,
    REDIS_URL: app.config.REDIS_URL!,
    REDIS_KEY_PREFIX: app.redisPrefix,
    AUTH_SECRET: app.config.AUTH_SECRET,
  });
}, 60_000);

afterAll(async () => {
  await stopAppProcess(instance);
});

it("finishes an in-flight payment before it exits on SIGTERM", async () => {
  const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { price: 5_000 });
  const user = await createUser(instance);
  const { queueToken } = await joinQueue(instance, user, concertId);
  const auth = { token: user.accessToken, queueToken };
  expect((await call(instance, "POST", "/points/charge", { amount: 5_000 }, auth)).status).toBe(200);
  const hold = await call(instance, "POST", "/reservations", { scheduleId: scheduleIds[0], seatNumbers: [1] }, auth);
  expect(hold.status).toBe(201);

  // Hold the reservation's row lock so the payment is stuck in flight until we let go.
  const blocker = new pg.Client({ connectionString: app.databaseUrl });
  await blocker.connect();
  await blocker.query("BEGIN");
  await blocker.query("SELECT id FROM reservations WHERE id = $1 FOR UPDATE", [hold.body.reservationId]);

  const exited = new Promise<number | null>((resolve) => instance.process.once("exit", (code) => resolve(code)));
  const payment = call(instance, "POST", "/payments", { reservationId: hold.body.reservationId }, auth);
  await new Promise((r) => setTimeout(r, 500));
  instance.process.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));

  expect(instance.process.exitCode).toBeNull();
  await expect(fetch(`${instance.url}/api/health`)).rejects.toThrow();

  await blocker.query("COMMIT");
  await blocker.end();
  const paid = await payment;
  expect(paid.status).toBe(201);
  expect(paid.body.status).toBe("COMPLETED");
  expect(await exited).toBe(0);
  const stored = await app.deps.db.reservation.findUniqueOrThrow({ where: { id: hold.body.reservationId } });
  expect(stored.status).toBe("CONFIRMED");
  expect(await app.deps.db.payment.count()).toBe(1);
});
