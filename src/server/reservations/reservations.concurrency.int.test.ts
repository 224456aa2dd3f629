import { describe, expect, it } from "vitest";
import { useTestApp, type TestApp } from "@/test/app";
import { holdSeats, storedSeats } from "@/test/catalog-factory";
import { admittedUser, createConcertWithSchedule } from "@/test/factories";
import { HOT_PATHS } from "@/test/hot-paths";

async function admitted(app: TestApp, concertId: string, n: number) {
  const users: Awaited<ReturnType<typeof admittedUser>>[] = [];
  for (let i = 0; i < n; i += 25) {
    users.push(...(await Promise.all(Array.from({ length: Math.min(25, n - i) }, () => admittedUser(app, concertId)))));
  }
  return users;
}

const tally = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

describe.each(HOT_PATHS)("holds under concurrency, DATABASE_HOT_PATH=%s (real parallel HTTP requests)", (mode) => {
  // Everyone is admitted at once, so the seats are the only thing raced for.
  const app = useTestApp({ QUEUE_MAX_ACTIVE: 1000, DATABASE_HOT_PATH: mode });

  it("100 users racing for one seat: exactly one 201, 99 409, one live reservation on it", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { seatCount: 10 });
    const scheduleId = scheduleIds[0]!;
    const users = await admitted(app, concertId, 100);

    const results = await Promise.all(users.map((u) => holdSeats(app, u, scheduleId, [7])));
    expect(tally(results.map((r) => r.status))).toEqual({ 201: 1, 409: 99 });
    // Every loser is told the seat is taken (never that the attempt was contended).
    expect(results.filter((r) => r.status === 409).every((r) => r.body.data.reason === "SEAT_TAKEN")).toBe(true);

    const winner = results.find((r) => r.status === 201)!.body.reservationId;
    const reservations = await app.deps.db.reservation.findMany({ select: { id: true, status: true } });
    expect(reservations).toEqual([{ id: winner, status: "HELD" }]);
    const seats = await storedSeats(app.deps, scheduleId);
    expect(seats.filter((s) => s.status !== "AVAILABLE")).toEqual([
      expect.objectContaining({ seatNumber: 7, status: "HELD", reservationId: winner }),
    ]);
  });

  it("one user firing 10 parallel single-seat holds gets exactly MAX_SEATS_PER_USER of them", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { seatCount: 20 });
    const scheduleId = scheduleIds[0]!;
    const [u] = await admitted(app, concertId, 1);

    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => holdSeats(app, u!, scheduleId, [i + 1])));
    expect(tally(results.map((r) => r.status))).toEqual({ 201: 4, 422: 6 });
    expect((await storedSeats(app.deps, scheduleId)).filter((s) => s.status === "HELD")).toHaveLength(4);
    expect(await app.deps.db.reservation.count()).toBe(4);
  });

  it("one user firing 10 parallel holds of mixed sizes never holds more than MAX_SEATS_PER_USER", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { seatCount: 30 });
    const scheduleId = scheduleIds[0]!;
    const [u] = await admitted(app, concertId, 1);
    const requests = Array.from({ length: 10 }, (_, i) => [3 * i + 1, 3 * i + 2, 3 * i + 3].slice(0, (i % 3) + 1));

    const results = await Promise.all(requests.map((seats) => holdSeats(app, u!, scheduleId, seats)));
    expect(results.every((r) => r.status === 201 || r.status === 422)).toBe(true);
    const granted = results.filter((r) => r.status === 201).reduce((n, r) => n + r.body.seats.length, 0);
    const held = (await storedSeats(app.deps, scheduleId)).filter((s) => s.status === "HELD");
    expect(granted).toBeGreaterThan(0);
    expect(granted).toBeLessThanOrEqual(app.config.MAX_SEATS_PER_USER);
    expect(held).toHaveLength(granted);
  });

  it("overlapping multi-seat holds never share a seat and never deadlock", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { seatCount: 12 });
    const scheduleId = scheduleIds[0]!;
    const users = await admitted(app, concertId, 40);
    // Each asks for three seats in a window sliding over the row, listed in either order.
    const asks = users.map((_, i) => {
      const start = (i % 10) + 1;
      const seats = [start, start + 1, start + 2];
      return i % 2 ? seats.reverse() : seats;
    });

    const results = await Promise.all(users.map((u, i) => holdSeats(app, u, scheduleId, asks[i]!)));
    expect(results.every((r) => r.status === 201 || r.body.data.reason === "SEAT_TAKEN")).toBe(true);
    const won = results.filter((r) => r.status === 201);
    expect(won.length).toBeGreaterThan(0);
    const wonSeats = won.flatMap((r) => r.body.seats.map((s: { seatNumber: number }) => s.seatNumber));
    expect(new Set(wonSeats).size).toBe(wonSeats.length);

    const held = (await storedSeats(app.deps, scheduleId)).filter((s) => s.status === "HELD");
    expect(held.map((s) => s.seatNumber).sort((a, b) => a - b)).toEqual([...wonSeats].sort((a, b) => a - b));
    for (const r of won) {
      for (const s of r.body.seats) {
        expect(held.find((h) => h.seatNumber === s.seatNumber)?.reservationId).toBe(r.body.reservationId);
      }
    }
    expect(await app.deps.db.reservation.count()).toBe(won.length);
  });
});
