import { afterEach, describe, expect, it, vi } from "vitest";
import { closeDeps, createDeps } from "@/server/deps";
import { useTestApp } from "@/test/app";
import { holdSeats, markPaid, storedSeats } from "@/test/catalog-factory";
import { admittedUser, createConcertWithSchedule } from "@/test/factories";
import { call } from "@/test/http";
import { startHoldSweeper, sweepExpiredHolds } from "./hold-sweeper";

const app = useTestApp({ HOLD_SWEEP_MS: 100 });
const HOLD_MS = 300_000;

/** `users` admitted users holding `perUser` single seats each: users * perUser reservations. */
async function heldReservations(users: number, perUser: number) {
  const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { seatCount: users * perUser });
  const scheduleId = scheduleIds[0]!;
  const ids: string[] = [];
  for (let u = 0; u < users; u++) {
    const user = await admittedUser(app, concertId);
    for (let k = 0; k < perUser; k++) {
      const res = await holdSeats(app, user, scheduleId, [u * perUser + k + 1]);
      expect(res.status).toBe(201);
      ids.push(res.body.reservationId);
    }
  }
  return { concertId, scheduleId, ids };
}

const statuses = async (ids: string[]) =>
  (await app.deps.db.reservation.findMany({ where: { id: { in: ids } }, select: { status: true } })).map(
    (r) => r.status,
  );

describe("sweepExpiredHolds", () => {
  it("marks lapsed holds EXPIRED and frees their seats, leaving everything else alone", async () => {
    const { concertId, scheduleId, ids } = await heldReservations(1, 4);
    const [lapsed, paid, cancelled] = ids as [string, string, string];
    await markPaid(app.deps, paid);
    const owner = await app.deps.db.reservation.findUniqueOrThrow({ where: { id: cancelled } });
    const token = await app.deps.tokens.signAccess({ userId: owner.userId });
    expect((await call(app, "DELETE", `/reservations/${cancelled}`, undefined, { token })).status).toBe(200);
    expect(await sweepExpiredHolds(app.deps)).toBe(0);

    app.clock.advance(HOLD_MS);
    const late = await admittedUser(app, concertId);
    const live = await holdSeats(app, late, scheduleId, [3]);
    expect(await sweepExpiredHolds(app.deps)).toBe(2);

    const byId = new Map(
      (await app.deps.db.reservation.findMany({ select: { id: true, status: true } })).map((r) => [r.id, r.status]),
    );
    expect(byId.get(lapsed)).toBe("EXPIRED");
    expect(byId.get(ids[3]!)).toBe("EXPIRED");
    expect(byId.get(paid)).toBe("CONFIRMED");
    expect(byId.get(cancelled)).toBe("CANCELLED");
    expect(byId.get(live.body.reservationId)).toBe("HELD");
    expect((await storedSeats(app.deps, scheduleId)).map((s) => [s.seatNumber, s.status, s.reservationId])).toEqual([
      [1, "AVAILABLE", null],
      [2, "SOLD", paid],
      [3, "HELD", live.body.reservationId],
      [4, "AVAILABLE", null],
    ]);
    expect(await sweepExpiredHolds(app.deps)).toBe(0);
  });

  it("leaves a lapsed hold's seat alone once a newer hold has taken it", async () => {
    const { concertId, scheduleId, ids } = await heldReservations(1, 1);
    app.clock.advance(HOLD_MS);
    const taker = await admittedUser(app, concertId);
    const newer = await holdSeats(app, taker, scheduleId, [1]);
    expect(newer.status).toBe(201);

    expect(await sweepExpiredHolds(app.deps)).toBe(1);
    expect(await statuses(ids)).toEqual(["EXPIRED"]);
    expect((await storedSeats(app.deps, scheduleId))[0]).toMatchObject({
      status: "HELD",
      reservationId: newer.body.reservationId,
    });
  });

  it("expires at most `limit` per call", async () => {
    await heldReservations(1, 3);
    app.clock.advance(HOLD_MS);
    expect(await sweepExpiredHolds(app.deps, 2)).toBe(2);
    expect(await sweepExpiredHolds(app.deps, 2)).toBe(1);
    expect(await sweepExpiredHolds(app.deps, 2)).toBe(0);
  });

  it("expires each reservation exactly once when sweepers of two instances race", async () => {
    const { scheduleId, ids } = await heldReservations(6, 4);
    app.clock.advance(HOLD_MS);
    const other = createDeps(app.config, app.clock);
    try {
      const counts = await Promise.all(
        Array.from({ length: 8 }, (_, i) => sweepExpiredHolds(i % 2 ? other : app.deps, 5)),
      );
      const more = await sweepExpiredHolds(app.deps, 100);
      expect(counts.reduce((a, b) => a + b, 0) + more).toBe(ids.length);
    } finally {
      await closeDeps(other);
    }
    expect(await statuses(ids)).toEqual(ids.map(() => "EXPIRED"));
    expect((await storedSeats(app.deps, scheduleId)).every((s) => s.status === "AVAILABLE")).toBe(true);
  });
});

describe("startHoldSweeper", () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it("sweeps every HOLD_SWEEP_MS until stopped", async () => {
    const { ids } = await heldReservations(1, 2);
    stop = startHoldSweeper(app.deps);
    app.clock.advance(HOLD_MS);
    await vi.waitFor(async () => expect(await statuses(ids)).toEqual(["EXPIRED", "EXPIRED"]), {
      timeout: 5_000,
      interval: 50,
    });

    stop();
    const later = await heldReservations(1, 1);
    app.clock.advance(HOLD_MS);
    await new Promise((resolve) => setTimeout(resolve, 5 * app.config.HOLD_SWEEP_MS));
    expect(await statuses(later.ids)).toEqual(["HELD"]);
  });
});
