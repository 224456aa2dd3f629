import { describe, expect, it } from "vitest";
import { effectiveReservationStatus, exceedsSeatLimit } from "./reservation-rules";
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
