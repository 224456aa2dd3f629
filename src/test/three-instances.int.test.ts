import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { API_SECURITY_HEADERS, commonSecurityHeaders } from "@/server/security/headers";
import { useTestApp } from "./app";
import { createConcertWithSchedule, createUser } from "./factories";
import { call } from "./http";
import { HOT_PATHS } from "./hot-paths";
import { useInstancesPerHotPath } from "./instances-per-hot-path";
import { admittedFans, type AdmittedFan } from "./processes";
import { createHeldReservation } from "./reservation-factory";

/**
 * Scale-out: three instances of the production entry (the lean API server in front of Next.js,
 * as `npm start` and the Docker image run it) on one database and one Redis, every scenario sent
 * through all three in turn, every guarantee checked with exact counts. Each instance runs holds
 * and payments its own way (DATABASE_HOT_PATH batch, prisma, optimistic), so each race is also one
 * between the three.
 */
const CAP = 30;
const MAX_SEATS = 4;
const app = useTestApp();
const instances = useInstancesPerHotPath(app, HOT_PATHS, { QUEUE_MAX_ACTIVE: CAP, MAX_SEATS_PER_USER: MAX_SEATS });
const via = instances.via;

describe("three app instances on one database and Redis", () => {
  it("each serves the API itself, with the security headers Next.js would add, and hands pages to Next.js", async () => {
    // next.config.ts gives /api/* the common headers, then the API's over them.
    const expected = Object.fromEntries(
      [...commonSecurityHeaders(false), ...API_SECURITY_HEADERS].map((h) => [h.key.toLowerCase(), h.value]),
    );
    for (const instance of instances.list) {
      const health = await fetch(`${instance.url}/api/health`);
      expect(health.status).toBe(200);
      expect(health.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      for (const [name, value] of Object.entries(expected)) expect(health.headers.get(name), name).toBe(value);
      const page = await fetch(`${instance.url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toMatch(/text\/html/);
    }
  });

  it("queue cap: 10x the cap joining at once through all three -> exactly the cap ACTIVE, places 1..N, the same from every instance", async () => {
    const { concertId } = await createConcertWithSchedule(app.deps);
    const users = await Promise.all(Array.from({ length: CAP * 10 }, (_, i) => createUser(via(i))));
    const joined = await Promise.all(
      users.map((u, i) => call(via(i), "POST", "/queue/tokens", { concertId }, { token: u.accessToken })),
    );
    expect(joined.map((r) => r.status)).toEqual(Array(CAP * 10).fill(201));
    expect(joined.filter((r) => r.body.status === "ACTIVE")).toHaveLength(CAP);
    const places = joined.filter((r) => r.body.status === "WAITING").map((r) => r.body.position as number);
    expect(places.sort((a, b) => a - b)).toEqual(Array.from({ length: CAP * 9 }, (_, i) => i + 1));

    // Every instance reads the same line: each pass polled through a different instance than it joined.
    const polled = await Promise.all(
      joined.map((r, i) => call(via(i + 1), "GET", "/queue/status", undefined, { queueToken: r.body.queueToken })),
    );
    expect(polled.map((p) => [p.body.status, p.body.position])).toEqual(
      joined.map((r) => [r.body.status, r.body.position]),
    );
  });

  it("seat race: every admitted user after one seat through all three -> exactly one hold; then the whole date -> each seat held exactly once", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps);
    const scheduleId = scheduleIds[0]!;
    const fans = await admittedFans(instances, concertId, CAP);
    const hold = (fan: AdmittedFan, i: number, seatNumbers: number[]) =>
      call(
        via(i),
        "POST",
        "/reservations",
        { scheduleId, seatNumbers },
        { token: fan.accessToken, queueToken: fan.queueToken },
      );

    const race = await Promise.all(fans.map((fan, i) => hold(fan, i, [7])));
    expect(race.filter((r) => r.status === 201)).toHaveLength(1);
    expect(race.filter((r) => r.status === 409)).toHaveLength(CAP - 1);

    // Every fan walks the seat map from its own starting seat, one seat per request, until it
    // holds MAX_SEATS or has tried every seat: 50 seats, 30 fans, up to 4 each.
    const attempts = await Promise.all(
      fans.map(async (fan, f) => {
        const statuses: number[] = [];
        let held = race[f]!.status === 201 ? 1 : 0;
        for (let k = 0; k < 50 && held < MAX_SEATS; k++) {
          const seat = ((f * 7 + k) % 50) + 1;
          const res = await hold(fan, f + k, [seat]);
          statuses.push(res.status);
          if (res.status === 201) held++;
        }
        return statuses;
      }),
    );
    const all = attempts.flat();
    expect(all.every((s) => s === 201 || s === 409)).toBe(true);
    expect(all.filter((s) => s === 201)).toHaveLength(49);

    const seats = await app.deps.db.seat.findMany({
      where: { scheduleId },
      select: { status: true, reservationId: true },
    });
    expect(seats.filter((s) => s.status === "HELD")).toHaveLength(50);
    expect(new Set(seats.map((s) => s.reservationId)).size).toBe(50);
    expect(await app.deps.db.reservationSeat.count({ where: { seat: { scheduleId } } })).toBe(50);
    const perUser = await app.deps.db.reservation.groupBy({ by: ["userId"], where: { scheduleId }, _count: true });
    expect(perUser.every((u) => u._count <= MAX_SEATS)).toBe(true);
    expect(perUser.reduce((n, u) => n + u._count, 0)).toBe(50);
  });

  it("double payment: one reservation paid 12 times at once through all three -> one payment; with one Idempotency-Key -> 12 times the same payment", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { price: 10_000 });
    const [plain, keyed] = await admittedFans(instances, concertId, 2);
    const results: Record<string, number[]> = {};
    for (const [name, fan, key] of [
      ["plain", plain!, undefined],
      ["keyed", keyed!, randomUUID()],
    ] as const) {
      expect(
        (await call(via(0), "POST", "/points/charge", { amount: 50_000 }, { token: fan.accessToken })).status,
      ).toBe(200);
      const seatNumbers = name === "plain" ? [1, 2] : [3, 4];
      const { reservationId } = await createHeldReservation(app.deps, {
        userId: fan.userId,
        scheduleId: scheduleIds[0]!,
        seatNumbers,
      });
      const paid = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          call(
            via(i),
            "POST",
            "/payments",
            { reservationId },
            { token: fan.accessToken, queueToken: fan.queueToken, idempotencyKey: key },
          ),
        ),
      );
      results[name] = paid.map((r) => r.status);
      if (key) expect(new Set(paid.map((r) => r.body.paymentId)).size).toBe(1);
      expect(await app.deps.db.payment.count({ where: { reservationId } })).toBe(1);
      const user = await app.deps.db.user.findUniqueOrThrow({ where: { id: fan.userId } });
      expect(user.balance).toBe(30_000);
      const ledger = await app.deps.db.pointTransaction.aggregate({
        where: { userId: fan.userId },
        _sum: { amount: true },
      });
      expect(ledger._sum.amount).toBe(30_000);
    }
    expect(results.plain!.filter((s) => s === 201)).toHaveLength(1);
    // The others lost: each finds the reservation paid, however late it comes. Payments do not ask
    // Redis for the pass, so the pass the winner ended cannot turn a loser's 409 into a 403.
    expect(results.plain!.filter((s) => s === 409)).toHaveLength(11);
    expect(results.keyed).toEqual(Array(12).fill(201));
  });
});
