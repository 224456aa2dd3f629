import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import type { LockedReservation } from "./payments.repo";
import { ZPayReservation } from "./payments.schema";
import { assertPayable, isHoldLapsed } from "./payments.service";

const NOW = new Date("2030-01-01T12:00:00.000Z");
const caller = { userId: "user-1", concertId: "concert-1" };

function reservation(overrides: Partial<LockedReservation> = {}): LockedReservation {
  return {
    id: "res-1",
    userId: caller.userId,
    status: "HELD",
    totalPrice: 20_000,
    expiresAt: new Date(NOW.getTime() + 60_000),
    concertId: caller.concertId,
    seatCount: 2,
    ...overrides,
  };
}

function refusal(r: LockedReservation | undefined, now = NOW): string | undefined {
  try {
    assertPayable(r, caller, now);
  } catch (e) {
    return e instanceof AppError ? e.code : "not an AppError";
  }
  return undefined;
}

describe("isHoldLapsed", () => {
  it("ends a hold at its expiry instant, not a millisecond later", () => {
    const r = reservation({ expiresAt: NOW });
    expect(isHoldLapsed(r, new Date(NOW.getTime() - 1))).toBe(false);
    expect(isHoldLapsed(r, NOW)).toBe(true);
  });

  it("counts a hold the sweeper already marked EXPIRED, whatever its time says", () => {
    expect(isHoldLapsed(reservation({ status: "EXPIRED" }), NOW)).toBe(true);
  });

  it("never applies to a reservation that is no longer a hold", () => {
    const past = new Date(NOW.getTime() - 1);
    expect(isHoldLapsed(reservation({ status: "CONFIRMED", expiresAt: past }), NOW)).toBe(false);
    expect(isHoldLapsed(reservation({ status: "CANCELLED", expiresAt: past }), NOW)).toBe(false);
  });
});

describe("assertPayable", () => {
  it("lets the owner pay a live hold with a pass for its concert", () => {
    expect(refusal(reservation())).toBeUndefined();
  });

  it.each<[string, LockedReservation | undefined, string]>([
    ["an unknown reservation", undefined, "NOT_FOUND"],
    ["someone else's reservation", reservation({ userId: "user-2" }), "NOT_FOUND"],
    ["another concert's reservation", reservation({ concertId: "concert-2" }), "QUEUE_PASS_WRONG_CONCERT"],
    ["a paid reservation", reservation({ status: "CONFIRMED" }), "ALREADY_PAID"],
    ["a cancelled reservation", reservation({ status: "CANCELLED" }), "ALREADY_ENDED"],
    ["a hold marked EXPIRED", reservation({ status: "EXPIRED" }), "HOLD_EXPIRED"],
    ["a hold past its time", reservation({ expiresAt: NOW }), "HOLD_EXPIRED"],
  ])("refuses %s", (_, r, code) => {
    expect(refusal(r)).toBe(code);
  });

  it("hides someone else's reservation even when it is for another concert or paid", () => {
    expect(refusal(reservation({ userId: "user-2", concertId: "concert-2", status: "CONFIRMED" }))).toBe("NOT_FOUND");
  });

  it("reports a paid reservation as paid even after its hold time", () => {
    expect(refusal(reservation({ status: "CONFIRMED", expiresAt: NOW }))).toBe("ALREADY_PAID");
  });
});

describe("ZPayReservation", () => {
  it("takes exactly one reservation id", () => {
    const reservationId = "0b9f2c1e-4a5d-4e8f-9c3b-2d1e0f9a8b7c";
    expect(ZPayReservation.safeParse({ reservationId }).success).toBe(true);
    expect(ZPayReservation.safeParse({ reservationId: "res-1" }).success).toBe(false);
    expect(ZPayReservation.safeParse({ reservationId, amount: 1 }).success).toBe(false);
    expect(ZPayReservation.safeParse({}).success).toBe(false);
  });
});
