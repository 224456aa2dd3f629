import { describe, expect, it } from "vitest";
import { judgeReservation, judgeSettlement, type ReservationToPay } from "./payment-rules";
import { ZPayReservation } from "./payments.schema";

const NOW = new Date("2030-01-01T12:00:00.000Z");
const caller = { userId: "user-1", concertId: "concert-1" };

function reservation(overrides: Partial<ReservationToPay> = {}): ReservationToPay {
  return {
    id: "res-1",
    userId: caller.userId,
    status: "HELD",
    totalPrice: 20_000,
    expiresAt: new Date(NOW.getTime() + 60_000),
    concertId: caller.concertId,
    dateCancelled: false,
    seatCount: 2,
    ...overrides,
  };
}

const refusal = (r: ReservationToPay | undefined, now = NOW) => judgeReservation(r, caller, now)?.refused;

describe("judgeReservation", () => {
  it("lets the owner pay a live hold with a pass for its concert", () => {
    expect(refusal(reservation())).toBeUndefined();
  });

  it.each<[string, ReservationToPay | undefined, string]>([
    ["an unknown reservation", undefined, "NOT_FOUND"],
    ["someone else's reservation", reservation({ userId: "user-2" }), "NOT_FOUND"],
    ["another concert's reservation", reservation({ concertId: "concert-2" }), "WRONG_CONCERT"],
    ["a paid reservation", reservation({ status: "CONFIRMED" }), "ALREADY_PAID"],
    ["a cancelled reservation", reservation({ status: "CANCELLED" }), "ALREADY_ENDED"],
    ["a hold marked EXPIRED", reservation({ status: "EXPIRED" }), "HOLD_EXPIRED"],
    ["a hold past its time", reservation({ expiresAt: NOW }), "HOLD_EXPIRED"],
  ])("refuses %s", (_, r, code) => {
    expect(refusal(r)).toBe(code);
  });

  it("ends a hold at its expiry instant, not a millisecond later", () => {
    const r = reservation({ expiresAt: NOW });
    expect(refusal(r, new Date(NOW.getTime() - 1))).toBeUndefined();
    expect(refusal(r, NOW)).toBe("HOLD_EXPIRED");
  });

  it("hides someone else's reservation even when it is for another concert or paid", () => {
    expect(refusal(reservation({ userId: "user-2", concertId: "concert-2", status: "CONFIRMED" }))).toBe("NOT_FOUND");
  });

  it("reports a paid reservation as paid even after its hold time", () => {
    expect(refusal(reservation({ status: "CONFIRMED", expiresAt: NOW }))).toBe("ALREADY_PAID");
  });
});

describe("judgeSettlement", () => {
  const r = reservation();

  it("lets a covering balance pay every seat still held", () => {
    expect(judgeSettlement(r, { balance: 20_000, seatsHeld: 2 })).toBeNull();
  });

  it("refuses a short balance (or a missing user) before looking at the seats", () => {
    expect(judgeSettlement(r, { balance: 19_999, seatsHeld: 1 })).toEqual({
      refused: "INSUFFICIENT_POINTS",
      amount: 20_000,
    });
    expect(judgeSettlement(r, { balance: null, seatsHeld: 2 })?.refused).toBe("INSUFFICIENT_POINTS");
  });

  it("refuses a hold one of whose seats another hold took over", () => {
    expect(judgeSettlement(r, { balance: 50_000, seatsHeld: 1 })).toEqual({ refused: "HOLD_EXPIRED" });
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
