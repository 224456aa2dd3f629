import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeps, closeDeps, type Deps } from "@/server/deps";
import { parseConfig } from "@/env";
import { createConcertWithSchedule } from "../factories";
import { call, type ApiResponse } from "../http";
import { createHeldReservation } from "../reservation-factory";
import { startAppProcess, stopAppProcess, type AppProcess } from "../processes";
import {
  createAppDatabase,
  startPostgresCluster,
  startRedisServer,
  type PostgresCluster,
  type RedisServer,
} from "./services";

/**
 * An app instance dies (SIGKILL: no shutdown, no cleanup) in the middle of a stream of payments.
 * No payment is half-applied, and each client's retry with the same Idempotency-Key on the other
 * instance yields exactly one payment: the first one's, when it had committed. Two real app
 * processes share the test's own PostgreSQL and Redis.
 */
let cluster: PostgresCluster;
let redis: RedisServer;
let deps: Deps;
let doomed: AppProcess;
let survivor: AppProcess;

const PAYERS = 60;
const PRICE = 10_000;

beforeAll(async () => {
  [cluster, redis] = await Promise.all([startPostgresCluster(), startRedisServer()]);
  const databaseUrl = await createAppDatabase(cluster);
  const settings = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: "cbkill:",
    QUEUE_MAX_ACTIVE: "1000",
    AUTH_SECRET: "fault-test-secret-that-is-long-enough-0123456789",
  };
  deps = createDeps(parseConfig({ NODE_ENV: "test", ...settings }));
  [doomed, survivor] = await Promise.all([startAppProcess(settings), startAppProcess(settings)]);
}, 120_000);

afterAll(async () => {
  if (survivor) await stopAppProcess(survivor);
  if (doomed && doomed.process.exitCode === null && doomed.process.signalCode === null) await stopAppProcess(doomed);
  if (deps) await closeDeps(deps);
  await Promise.all([cluster?.destroy(), redis?.kill()]);
});

/** SIGKILL, and wait until the process is gone. */
async function kill(app: AppProcess): Promise<void> {
  const gone = new Promise((resolve) => app.process.once("exit", resolve));
  app.process.kill("SIGKILL");
  await gone;
}

type Payer = { userId: string; accessToken: string; queueToken: string; reservationId: string; key: string };

function pay(on: AppProcess, p: Payer): Promise<ApiResponse> {
  return call(
    on,
    "POST",
    "/payments",
    { reservationId: p.reservationId },
    {
      token: p.accessToken,
      queueToken: p.queueToken,
      idempotencyKey: p.key,
    },
  );
}

describe("an app instance killed during payments", () => {
  it("leaves no payment half-applied; the retry on another instance yields exactly one payment per key", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(deps, { seatCount: PAYERS * 2, price: PRICE });
    const payers: Payer[] = await Promise.all(
      Array.from({ length: PAYERS }, async (_, i) => {
        const user = await call(survivor, "POST", "/users", {});
        const ticket = await call(survivor, "POST", "/queue/tokens", { concertId }, { token: user.body.accessToken });
        expect(ticket.body.status).toBe("ACTIVE");
        const charged = await call(
          survivor,
          "POST",
          "/points/charge",
          { amount: 3 * PRICE },
          { token: user.body.accessToken },
        );
        expect(charged.status).toBe(200);
        const held = await createHeldReservation(deps, {
          userId: user.body.userId,
          scheduleId: scheduleIds[0]!,
          seatNumbers: [2 * i + 1, 2 * i + 2],
        });
        return {
          ...user.body,
          queueToken: ticket.body.queueToken,
          reservationId: held.reservationId,
          key: randomUUID(),
        };
      }),
    );

    // A stream of payments to the doomed instance, 6 at a time; it dies once 15 have been answered.
    const first = new Map<string, ApiResponse | Error>();
    let answered = 0;
    let killing: Promise<void> | undefined;
    let next = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (next < PAYERS && !killing) {
          const p = payers[next++]!;
          const res = await pay(doomed, p).catch((e: Error) => e);
          first.set(p.key, res);
          if (!(res instanceof Error) && ++answered === 15) killing = kill(doomed);
        }
      }),
    );
    await killing;
    const answeredFirst = [...first.values()].filter((r) => !(r instanceof Error));
    const cutOff = [...first.values()].filter((r) => r instanceof Error);
    expect(answeredFirst.length).toBeGreaterThanOrEqual(15);
    expect(answeredFirst.every((r) => (r as ApiResponse).status === 201)).toBe(true);
    expect(cutOff.length, "no request was in flight when the instance died").toBeGreaterThan(0);

    // Every client retries on the survivor with the same key; the ones never sent go there too.
    const retried = await Promise.all(payers.map(async (p) => ({ p, res: await pay(survivor, p) })));
    for (const { p, res } of retried) {
      expect(res.status, `${p.key}: ${JSON.stringify(res.body)}`).toBe(201);
      const earlier = first.get(p.key);
      // A payment the dead instance confirmed is replayed, not made again.
      if (earlier && !(earlier instanceof Error)) expect(res.body).toEqual(earlier.body);
    }
    // Retrying once more changes nothing.
    const again = await Promise.all(payers.map((p) => pay(survivor, p)));
    again.forEach((res, i) => expect(res.body).toEqual(retried[i]!.res.body));

    // Exactly one payment per reservation, each whole: debit, ledger row, CONFIRMED, seats SOLD.
    const payments = await deps.db.payment.findMany({ include: { reservation: { include: { seats: true } } } });
    expect(payments).toHaveLength(PAYERS);
    expect(new Set(payments.map((p) => p.id))).toEqual(new Set(retried.map((r) => r.res.body.paymentId)));
    for (const p of payments) {
      expect(p.reservation.status).toBe("CONFIRMED");
      expect(p.amount).toBe(2 * PRICE);
    }
    const ledger = await deps.db.pointTransaction.findMany({ where: { type: "PAYMENT" } });
    expect(ledger.map((l) => l.paymentId).sort()).toEqual(payments.map((p) => p.id).sort());
    const users = await deps.db.user.findMany({ select: { id: true, balance: true } });
    for (const u of users) {
      const sum = await deps.db.pointTransaction.aggregate({ where: { userId: u.id }, _sum: { amount: true } });
      expect(u.balance).toBe(sum._sum.amount);
      expect(u.balance).toBe(PRICE);
    }
    expect(await deps.db.seat.count({ where: { status: "SOLD" } })).toBe(2 * PAYERS);
    expect(await deps.db.seat.count({ where: { status: "HELD" } })).toBe(0);
  });
});
