import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConcertWithSchedule } from "../factories";
import { call, type ApiResponse } from "../http";
import { createHeldReservation } from "../reservation-factory";
import {
  createAppDatabase,
  serveApp,
  startPostgresCluster,
  startRedisServer,
  type PostgresCluster,
  type RedisServer,
  type ServedApp,
} from "./services";

/**
 * PostgreSQL crashes and restarts in the middle of traffic (charges, payments, holds, reads), on
 * the test's own cluster. Requests in flight fail cleanly (503 with a message, never 500, none
 * half-applied), the app recovers without a restart, and retrying with the same Idempotency-Key
 * applies each charge and payment exactly once.
 */
let cluster: PostgresCluster;
let redis: RedisServer;
let app: ServedApp;

beforeAll(async () => {
  [cluster, redis] = await Promise.all([startPostgresCluster(), startRedisServer()]);
  const databaseUrl = await createAppDatabase(cluster);
  app = await serveApp({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: "cbfault:",
    QUEUE_MAX_ACTIVE: 1000,
    DATABASE_POOL_SIZE: 10,
  });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await Promise.all([cluster?.destroy(), redis?.kill()]);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Fan = { userId: string; accessToken: string; queueToken: string; reservationId: string };
type Keyed = { kind: "charge" | "pay"; fan: Fan; key: string; body: Record<string, unknown> };
type Outcome = { label: string; res: ApiResponse | Error; ms: number };

const FANS = 16;

async function send(label: string, request: () => Promise<ApiResponse>): Promise<Outcome> {
  const started = performance.now();
  const res = await request().catch((e: Error) => e);
  return { label, res, ms: performance.now() - started };
}

function keyedCall(k: Keyed) {
  const path = k.kind === "charge" ? "/points/charge" : "/payments";
  return call(app, "POST", path, k.body, {
    token: k.fan.accessToken,
    queueToken: k.fan.queueToken,
    idempotencyKey: k.key,
  });
}

describe("PostgreSQL restarts during traffic", () => {
  it("in-flight requests fail cleanly with 503, nothing is half-applied, the app recovers, retries apply exactly once", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { seatCount: 200, price: 10_000 });
    const scheduleId = scheduleIds[0]!;
    // Acknowledged effects, by their ids: what clients were told happened.
    const charged = new Map<string, number>();
    const paid = new Map<string, string>();
    const fans: Fan[] = [];
    for (let i = 0; i < FANS; i++) {
      const user = await call(app, "POST", "/users", {});
      const ticket = await call(app, "POST", "/queue/tokens", { concertId }, { token: user.body.accessToken });
      expect(ticket.body.status).toBe("ACTIVE");
      const topUp = await call(app, "POST", "/points/charge", { amount: 10_000 }, { token: user.body.accessToken });
      charged.set(topUp.body.transactionId, topUp.body.userId);
      const held = await createHeldReservation(app.deps, {
        userId: user.body.userId,
        scheduleId,
        seatNumbers: [i + 1],
      });
      fans.push({ ...user.body, queueToken: ticket.body.queueToken, reservationId: held.reservationId });
    }
    const keyed: Keyed[] = [];
    const outcomes: Outcome[] = [];
    const record = (k: Keyed, res: ApiResponse | Error) => {
      if (res instanceof Error) return;
      if (k.kind === "charge" && res.status === 200) charged.set(res.body.transactionId, res.body.userId);
      if (k.kind === "pay" && res.status === 201) paid.set(res.body.paymentId, res.body.reservationId);
    };

    let stop = false;
    let seat = 100;
    const traffic = (async () => {
      // At least the six rounds in which the fans pay, however few fit in the outage.
      for (let round = 0; !stop || round < 6; round++) {
        await Promise.all(
          fans.map(async (fan, i) => {
            const charge: Keyed = { kind: "charge", fan, key: randomUUID(), body: { amount: 1_000 + round } };
            keyed.push(charge);
            const requests: Promise<Outcome>[] = [
              send("charge", () => keyedCall(charge)).then((o) => (record(charge, o.res), o)),
              send("hold", () =>
                call(
                  app,
                  "POST",
                  "/reservations",
                  { scheduleId, seatNumbers: [seat++] },
                  { token: fan.accessToken, queueToken: fan.queueToken },
                ),
              ),
              send("reservations", () => call(app, "GET", "/reservations", undefined, { token: fan.accessToken })),
            ];
            // Each fan pays once, at some round, with a key of their own.
            if (round === i % 6) {
              const pay: Keyed = { kind: "pay", fan, key: randomUUID(), body: { reservationId: fan.reservationId } };
              keyed.push(pay);
              requests.push(send("pay", () => keyedCall(pay)).then((o) => (record(pay, o.res), o)));
            }
            outcomes.push(...(await Promise.all(requests)));
          }),
        );
      }
    })();

    await sleep(400);
    await cluster.stop("immediate");
    await sleep(1_000);
    const whileDown = await send("points", () =>
      call(app, "GET", "/points", undefined, { token: fans[0]!.accessToken }),
    );
    await cluster.start();
    // Recovery without restarting the app: the pool reconnects by itself.
    const started = performance.now();
    for (;;) {
      const health = await fetch(`${app.url}/api/health`);
      if (health.status === 200) break;
      expect(performance.now() - started, "recovery").toBeLessThan(15_000);
      await sleep(100);
    }
    await sleep(500);
    stop = true;
    await traffic;

    expect((whileDown.res as ApiResponse).status).toBe(503);
    const answers = outcomes.map((o) => ({ ...o, status: o.res instanceof Error ? 0 : o.res.status }));
    const bad = answers.filter((a) => a.status === 0 || (a.status >= 500 && a.status !== 503));
    expect(
      bad.map((a) => `${a.label} ${a.status} ${a.res instanceof Error ? a.res.message : JSON.stringify(a.res.body)}`),
    ).toEqual([]);
    const unavailable = answers.filter((a) => a.status === 503);
    expect(unavailable.length, "the restart was not hit by any request").toBeGreaterThan(0);
    for (const a of unavailable) expect((a.res as ApiResponse).body).toMatchObject({ message: expect.any(String) });
    expect(answers.filter((a) => a.ms > 15_000).map((a) => `${a.label} ${Math.round(a.ms)} ms`)).toEqual([]);

    // The client's retry of everything it was not told succeeded (same key, same body): exactly once.
    for (const k of keyed) {
      const res = await keyedCall(k);
      expect([200, 201, 402, 409, 410], `${k.kind} retry: ${res.status} ${JSON.stringify(res.body)}`).toContain(
        res.status,
      );
      record(k, res);
      const again = await keyedCall(k);
      expect(again.status).toBe(res.status);
      if (res.status < 300) expect(again.body).toEqual(res.body);
    }

    const db = app.deps.db;
    const chargeRows = await db.pointTransaction.findMany({ where: { type: "CHARGE" }, select: { id: true } });
    expect(new Set(chargeRows.map((r) => r.id)), "charges in the ledger vs acknowledged").toEqual(
      new Set(charged.keys()),
    );
    expect(await db.idempotencyRecord.count({ where: { operation: "points.charge" } })).toBe(charged.size - FANS);
    const payments = await db.payment.findMany({ include: { reservation: { include: { seats: true } } } });
    expect(new Set(payments.map((p) => p.id)), "payments vs acknowledged").toEqual(new Set(paid.keys()));
    expect(payments.length, "every fan paid exactly once").toBe(FANS);

    // Nothing half-applied: balances equal their ledgers; a payment, its ledger row, its CONFIRMED
    // reservation and its SOLD seats exist together or not at all.
    const users = await db.user.findMany({ select: { id: true, balance: true } });
    for (const u of users) {
      const sum = await db.pointTransaction.aggregate({ where: { userId: u.id }, _sum: { amount: true } });
      expect(u.balance).toBe(sum._sum.amount ?? 0);
    }
    expect(await db.reservation.count({ where: { status: "CONFIRMED" } })).toBe(payments.length);
    expect(await db.pointTransaction.count({ where: { type: "PAYMENT" } })).toBe(payments.length);
    const sold = await db.seat.findMany({ where: { status: "SOLD" }, select: { id: true } });
    expect(new Set(sold.map((s) => s.id))).toEqual(
      new Set(payments.flatMap((p) => p.reservation.seats.map((s) => s.seatId))),
    );
    const doubled = await db.$queryRaw<unknown[]>`
      SELECT rs.seat_id FROM reservation_seats rs JOIN reservations r ON r.id = rs.reservation_id
      WHERE r.status = 'CONFIRMED' OR (r.status = 'HELD' AND r.expires_at > now())
      GROUP BY rs.seat_id HAVING count(*) > 1`;
    expect(doubled).toEqual([]);
  });
});
