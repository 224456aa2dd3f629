import pg from "pg";
import { expect, it } from "vitest";
import { useTestApp } from "./app";
import { createConcertWithSchedule, createUser, joinQueue } from "./factories";
import { call } from "./http";
import { useAppInstances } from "./processes";

/**
 * SIGTERM while a payment is in flight: the instance stops taking new connections, lets the
 * payment finish (it answers 201 and is in the database), and only then exits.
 */
const app = useTestApp();
const instances = useAppInstances(app, 1);

it("finishes an in-flight payment before it exits on SIGTERM", async () => {
  const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { price: 5_000 });
  const user = await createUser(instances.via(0));
  const { queueToken } = await joinQueue(instances.via(0), user, concertId);
  const auth = { token: user.accessToken, queueToken };
  expect((await call(instances.via(0), "POST", "/points/charge", { amount: 5_000 }, auth)).status).toBe(200);
  const hold = await call(
    instances.via(0),
    "POST",
    "/reservations",
    { scheduleId: scheduleIds[0], seatNumbers: [1] },
    auth,
  );
  expect(hold.status).toBe(201);

  // Hold the reservation's row lock so the payment is stuck in flight until we let go.
  const blocker = new pg.Client({ connectionString: app.databaseUrl });
  await blocker.connect();
  await blocker.query("BEGIN");
  await blocker.query("SELECT id FROM reservations WHERE id = $1 FOR UPDATE", [hold.body.reservationId]);

  const exited = new Promise<number | null>((resolve) =>
    instances.via(0).process.once("exit", (code) => resolve(code)),
  );
  const payment = call(instances.via(0), "POST", "/payments", { reservationId: hold.body.reservationId }, auth);
  await new Promise((r) => setTimeout(r, 500));
  instances.via(0).process.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));

  expect(instances.via(0).process.exitCode).toBeNull();
  await expect(fetch(`${instances.via(0).url}/api/health`)).rejects.toThrow();

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
