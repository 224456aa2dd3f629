import { describe, expect, it } from "vitest";
import type { Reservation } from "@/lib/trpc/types";
import { checkoutPhase, pointsShort } from "./checkout-phase";

const NOW = Date.parse("2030-01-01T00:00:00Z");

function order(over: Partial<Reservation> = {}): Reservation {
  return {
    reservationId: "r1",
    concertId: "c1",
    concertTitle: "Concert",
    scheduleId: "s1",
    startsAt: "2030-02-01T19:00:00.000Z",
    seats: [{ seatNumber: 7, price: 1000 }],
    totalPrice: 1000,
    status: "HELD",
    expiresAt: new Date(NOW + 60_000).toISOString(),
    dateCancelled: false,
    ...over,
  };
}

/** What a tRPC client error carries that the phase reads. */
const refused = (reason: string) => ({ data: { reason } });

const phase = (over: Partial<Parameters<typeof checkoutPhase>[0]>) =>
  checkoutPhase({ ready: true, reservation: order(), loadError: null, payProblem: null, now: NOW, ...over });

describe("checkoutPhase", () => {
  it("loads until the session and the order are known; a failed load is a missing order", () => {
    expect(phase({ ready: false })).toBe("loading");
    expect(phase({ reservation: undefined })).toBe("loading");
    expect(phase({ loadError: refused("NOT_FOUND") })).toBe("missing");
  });

  it("is open for a live hold, paid once confirmed", () => {
    expect(phase({})).toBe("open");
    expect(phase({ reservation: order({ status: "CONFIRMED" }) })).toBe("paid");
  });

  it("has ended for a hold that expired, was cancelled, ran out on the clock, or that the payment found expired", () => {
    expect(phase({ reservation: order({ status: "EXPIRED" }) })).toBe("ended");
    expect(phase({ reservation: order({ status: "CANCELLED" }) })).toBe("ended");
    expect(phase({ now: NOW + 60_000 })).toBe("ended");
    expect(phase({ now: NOW + 59_999 })).toBe("open");
    expect(phase({ payProblem: refused("HOLD_EXPIRED") })).toBe("ended");
  });

  it("sends the fan back to the line when the payment found the pass gone, and stays open for other refusals", () => {
    expect(phase({ payProblem: refused("QUEUE_PASS_NOT_ACTIVE") })).toBe("pass-lost");
    expect(phase({ payProblem: refused("QUEUE_PASS_WRONG_CONCERT") })).toBe("pass-lost");
    expect(phase({ payProblem: refused("INSUFFICIENT_POINTS") })).toBe("open");
  });
});

describe("pointsShort", () => {
  it("is what the balance lacks for the total, 0 when it is enough or unknown", () => {
    expect(pointsShort(60_000, 20_000)).toBe(40_000);
    expect(pointsShort(60_000, 60_000)).toBe(0);
    expect(pointsShort(60_000, 90_000)).toBe(0);
    expect(pointsShort(60_000, undefined)).toBe(0);
  });
});
