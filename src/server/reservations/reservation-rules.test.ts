import { describe, expect, it } from "vitest";
import { effectiveReservationStatus, exceedsSeatLimit, judgeHold, type HoldFacts } from "./reservation-rules";
import { ZHoldSeats, ZReservationId } from "./reservations.schema";

const now = new Date("2030-01-01T12:00:00.000Z");
const at = (ms: number) => new Date(now.getTime() + ms);

describe("effectiveReservationStatus", () => {
  it("reports a live hold as HELD", () => {
    expect(effectiveReservationStatus({ status: "HELD", expiresAt: at(1) }, now)).toBe("HELD");
  });

  it("reports a lapsed hold as EXPIRED before any sweep", () => {
    expect(effectiveReservationStatus({ status: "HELD", expiresAt: at(0) }, now)).toBe("EXPIRED");
    expect(effectiveReservationStatus({ status: "HELD", expiresAt: at(-1) }, now)).toBe("EXPIRED");
  });

  it.each(["CONFIRMED", "CANCELLED", "EXPIRED"] as const)("keeps a stored %s whatever the time", (status) => {
    expect(effectiveReservationStatus({ status, expiresAt: at(-60_000) }, now)).toBe(status);
    expect(effectiveReservationStatus({ status, expiresAt: at(60_000) }, now)).toBe(status);
  });
});

describe("exceedsSeatLimit", () => {
  it("allows up to the limit and refuses one more", () => {
    expect(exceedsSeatLimit(0, 4, 4)).toBe(false);
    expect(exceedsSeatLimit(3, 1, 4)).toBe(false);
    expect(exceedsSeatLimit(3, 2, 4)).toBe(true);
    expect(exceedsSeatLimit(4, 1, 4)).toBe(true);
  });
});

describe("judgeHold", () => {
  const now = new Date("2030-01-01T12:00:00.000Z");
  const ask = { concertId: "concert-1", seatNumbers: [9, 3], maxSeatsPerUser: 4 };
  const open: NonNullable<HoldFacts["schedule"]> = {
    concertId: "concert-1",
    bookingOpensAt: new Date(now.getTime() - 1),
    bookingClosesAt: new Date(now.getTime() + 1),
    totalSeats: 10,
    cancelled: false,
  };
  const facts = (overrides: Partial<HoldFacts> = {}): HoldFacts => ({
    schedule: open,
    userFound: true,
    found: 2,
    taken: [],
    heldOrOwned: 0,
    ...overrides,
  });
  const judged = (f: HoldFacts, a = ask) => judgeHold(f, a, now);

  it("lets a hold through when every rule passes", () => {
    expect(judged(facts({ heldOrOwned: 2 }))).toBeNull();
  });

  it("applies the rules in their order: the first broken one is the answer", () => {
    // Each case breaks its rule and every rule after it.
    const broken = facts({ userFound: false, found: 1, taken: [3], heldOrOwned: 4 });
    expect(judged({ ...broken, schedule: null })).toEqual({ refused: "SCHEDULE_NOT_FOUND" });
    expect(judged({ ...broken, schedule: { ...open, concertId: "concert-2", totalSeats: 5 } })).toEqual({
      refused: "WRONG_CONCERT",
    });
    expect(judged({ ...broken, schedule: { ...open, bookingClosesAt: now, totalSeats: 5 } })).toEqual({
      refused: "BOOKING_CLOSED",
    });
    expect(judged({ ...broken, schedule: { ...open, totalSeats: 5 } })).toEqual({
      refused: "NO_SUCH_SEAT",
      seatNumbers: [9],
    });
    expect(judged(broken)).toEqual({ refused: "USER_NOT_FOUND" });
    expect(judged({ ...broken, userFound: true })).toEqual({ refused: "NO_SUCH_SEAT", seatNumbers: [] });
    expect(judged({ ...broken, userFound: true, found: 2 })).toEqual({ refused: "SEAT_TAKEN", seatNumbers: [3] });
    expect(judged({ ...broken, userFound: true, found: 2, taken: [] })).toEqual({
      refused: "SEAT_LIMIT",
      heldOrOwned: 4,
    });
  });

  it("names unknown seats in the order they were asked for", () => {
    expect(judged(facts({ schedule: { ...open, totalSeats: 2 } }), { ...ask, seatNumbers: [9, 1, 3] })).toEqual({
      refused: "NO_SUCH_SEAT",
      seatNumbers: [9, 3],
    });
  });
});

describe("ZHoldSeats", () => {
  const scheduleId = "6f1c1f5e-2b6a-4d0e-9a51-3f1a2b3c4d5e";
  const ok = (seatNumbers: unknown) => ZHoldSeats.safeParse({ scheduleId, seatNumbers }).success;

  it("accepts 1 to 4 distinct positive seat numbers", () => {
    expect(ok([1])).toBe(true);
    expect(ok([4, 2, 9, 1])).toBe(true);
  });

  it.each([
    ["no seats", []],
    ["five seats", [1, 2, 3, 4, 5]],
    ["a repeated seat", [2, 2]],
    ["seat 0", [0]],
    ["a negative seat", [-1]],
    ["a fraction", [1.5]],
    ["a string", ["1"]],
    ["not an array", 1],
  ])("rejects %s", (_, seatNumbers) => {
    expect(ok(seatNumbers)).toBe(false);
  });

  it("rejects a bad schedule id and unknown fields", () => {
    expect(ZHoldSeats.safeParse({ scheduleId: "x", seatNumbers: [1] }).success).toBe(false);
    expect(ZHoldSeats.safeParse({ scheduleId, seatNumbers: [1], note: "hi" }).success).toBe(false);
  });

  it("takes a reservation id as a UUID", () => {
    expect(ZReservationId.safeParse({ id: scheduleId }).success).toBe(true);
    expect(ZReservationId.safeParse({ id: "abc" }).success).toBe(false);
  });
});
