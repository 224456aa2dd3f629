import { describe, expect, it } from "vitest";
import { judgeReservation, type ReservationToPay } from "../payments/payment-rules";
import { judgeHoldTarget } from "../reservations/reservation-rules";
import { refundOpen } from "./refunds.service";

const SHOW = new Date("2030-01-02T19:00:00.000Z");
const HOUR = 3_600_000;

describe("refundOpen", () => {
  it("is open until exactly the cutoff before the show, and closed from then on", () => {
    expect(refundOpen(SHOW, new Date(SHOW.getTime() - 24 * HOUR - 1), 24)).toBe(true);
    expect(refundOpen(SHOW, new Date(SHOW.getTime() - 24 * HOUR), 24)).toBe(false);
    expect(refundOpen(SHOW, new Date(SHOW.getTime() + HOUR), 24)).toBe(false);
  });

  it("with a cutoff of 0, until the show starts", () => {
    expect(refundOpen(SHOW, new Date(SHOW.getTime() - 1), 0)).toBe(true);
    expect(refundOpen(SHOW, SHOW, 0)).toBe(false);
  });
});

describe("a cancelled date", () => {
  const now = new Date("2030-01-01T12:00:00.000Z");

  it("refuses holds as SCHEDULE_CANCELLED even while its booking window is open", () => {
    const schedule = {
      concertId: "c1",
      bookingOpensAt: new Date(now.getTime() - HOUR),
      bookingClosesAt: new Date(now.getTime() + HOUR),
      totalSeats: 10,
      cancelled: true,
    };
    const ask = { concertId: "c1", seatNumbers: [1], maxSeatsPerUser: 4 };
    expect(judgeHoldTarget(schedule, true, ask, now)).toEqual({ refused: "SCHEDULE_CANCELLED" });
    expect(judgeHoldTarget({ ...schedule, cancelled: false }, true, ask, now)).toBeNull();
  });

  it("refuses payments of a live hold as DATE_CANCELLED", () => {
    const r: ReservationToPay = {
      id: "r1",
      userId: "u1",
      status: "HELD",
      totalPrice: 1000,
      expiresAt: new Date(now.getTime() + HOUR),
      concertId: "c1",
      dateCancelled: true,
      seatCount: 1,
    };
    expect(judgeReservation(r, { userId: "u1", concertId: "c1" }, now)).toEqual({ refused: "DATE_CANCELLED" });
    expect(judgeReservation({ ...r, dateCancelled: false }, { userId: "u1", concertId: "c1" }, now)).toBeNull();
  });
});
