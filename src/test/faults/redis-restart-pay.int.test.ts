import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tickAllLines } from "@/server/queue/admission-ticker";
import { useTestApp } from "../app";
import { admittedUser, createConcertWithSchedule, createUser, joinQueue } from "../factories";
import { call } from "../http";
import { startRedisServer, type RedisServer } from "./services";

/**
 * Redis forgets every pass (flushed, or restarted with nothing on disk) while a fan is in the
 * middle of checkout. Their seats are still held for them in PostgreSQL, and a hold never outlives
 * its pass: they pay with 201. The line starts afresh, the cap holds from then on, and no seat or
 * point is lost. The test's own redis-server, on a spare port.
 */
const CAP = 3;
const PRICE = 10_000;
const settings: Record<string, string | number> = { QUEUE_MAX_ACTIVE: CAP };
let redis: RedisServer;

beforeAll(async () => {
  redis = await startRedisServer();
  settings.REDIS_URL = redis.url;
});
afterAll(async () => {
  await redis?.kill();
});

const app = useTestApp(settings);

/** A full line: CAP admitted (the first of them holding seats 1 and 2, with points to pay), two waiting. */
async function checkoutScene() {
  const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { price: PRICE, seatCount: 10 });
  const scheduleId = scheduleIds[0]!;
  const payer = await admittedUser(app, concertId);
  await call(app, "POST", "/points/charge", { amount: 50_000 }, { token: payer.accessToken });
  const hold = await call(
    app,
    "POST",
    "/reservations",
    { scheduleId, seatNumbers: [1, 2] },
    { token: payer.accessToken, queueToken: payer.queueToken },
  );
  expect(hold.status).toBe(201);
  for (let i = 1; i < CAP; i++) await admittedUser(app, concertId);
  for (let i = 0; i < 2; i++) expect((await joinQueue(app, await createUser(app), concertId)).status).toBe("WAITING");
  return { concertId, scheduleId, payer, reservationId: hold.body.reservationId as string };
}

async function expectPaidAndNothingLost(s: Awaited<ReturnType<typeof checkoutScene>>) {
  const pay = await call(
    app,
    "POST",
    "/payments",
    { reservationId: s.reservationId },
    { token: s.payer.accessToken, queueToken: s.payer.queueToken },
  );
  expect(pay.status, JSON.stringify(pay.body)).toBe(201);
  expect(pay.body).toMatchObject({ amount: 2 * PRICE, balance: 50_000 - 2 * PRICE, status: "COMPLETED" });
  const seats = await app.deps.db.seat.findMany({
    where: { scheduleId: s.scheduleId },
    orderBy: { seatNumber: "asc" },
  });
  expect(seats.map((x) => x.status)).toEqual(["SOLD", "SOLD", ...Array(8).fill("AVAILABLE")]);
  const ledger = await app.deps.db.pointTransaction.aggregate({
    where: { userId: s.payer.userId },
    _sum: { amount: true },
  });
  const user = await app.deps.db.user.findUniqueOrThrow({ where: { id: s.payer.userId } });
  expect(user.balance).toBe(50_000 - 2 * PRICE);
  expect(ledger._sum.amount).toBe(user.balance);
  // A retry is the same payment, not a second one.
  const again = await call(
    app,
    "POST",
    "/payments",
    { reservationId: s.reservationId },
    { token: s.payer.accessToken, queueToken: s.payer.queueToken },
  );
  expect(again.status).toBe(409);
  expect(await app.deps.db.payment.count({ where: { reservationId: s.reservationId } })).toBe(1);
}

/** Ten fans line up at once on the fresh line: exactly the cap get in, whatever the lost line held. */
async function expectCapHolds(concertId: string) {
  const users = await Promise.all(Array.from({ length: 10 }, () => createUser(app)));
  const joined = await Promise.all(
    users.map((u) => call(app, "POST", "/queue/tokens", { concertId }, { token: u.accessToken })),
  );
  expect(joined.map((r) => r.status)).toEqual(Array(10).fill(201));
  await tickAllLines(app.deps);
  const polled = await Promise.all(
    joined.map((r) => call(app, "GET", "/queue/status", undefined, { queueToken: r.body.queueToken })),
  );
  expect(polled.filter((p) => p.body.status === "ACTIVE")).toHaveLength(CAP);
  expect((await app.deps.queue.stats(concertId)).active).toBe(CAP);
}

describe("a fan in checkout when Redis loses every pass", () => {
  it("flushed: pays the seats held for them with 201; the cap holds afterwards; no seat or point lost", async () => {
    const s = await checkoutScene();
    const raw = new Redis(redis.url);
    await raw.flushall();
    raw.disconnect();
    expect((await call(app, "GET", "/queue/status", undefined, { queueToken: s.payer.queueToken })).body.status).toBe(
      "EXPIRED",
    );
    await expectPaidAndNothingLost(s);
    await expectCapHolds(s.concertId);
  });

  it("restarted with nothing on disk: the same", async () => {
    const s = await checkoutScene();
    await redis.kill();
    await redis.start();
    // The client reconnects by itself; the first calls after the restart may still see it down.
    for (let i = 0; i < 50; i++) {
      if ((await call(app, "GET", "/queue/status", undefined, { queueToken: s.payer.queueToken })).status === 200)
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await expectPaidAndNothingLost(s);
    await expectCapHolds(s.concertId);
  });
});
