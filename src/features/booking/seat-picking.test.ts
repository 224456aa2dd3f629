import { describe, expect, it } from "vitest";
import type { Reservation, Seat } from "@/lib/trpc/types";
import {
  initialPicking,
  pickingFor,
  pickingReducer,
  seatAllowance,
  type Picking,
  type PickLimits,
} from "./seat-picking";

const A = "schedule-a";
const B = "schedule-b";
const roomy: PickLimits = { allowance: 4, perDate: 4, perHold: 4 };

function reservation(over: Partial<Reservation> = {}): Reservation {
  return {
    reservationId: "r1",
    concertId: "c1",
    concertTitle: "Concert",
    scheduleId: A,
    startsAt: "2030-01-01T19:00:00.000Z",
    seats: [{ seatNumber: 7, price: 1000 }],
    totalPrice: 1000,
    status: "HELD",
    expiresAt: "2030-01-01T00:05:00.000Z",
    dateCancelled: false,
    ...over,
  };
}

function toggled(state: Picking, seatNumber: number, limits = roomy, scheduleId = A): Picking {
  return pickingReducer(state, { type: "toggle", scheduleId, seatNumber, limits });
}

describe("pickingReducer", () => {
  it("toggles a seat in and out, clearing the last problem and hold notice", () => {
    let s: Picking = { ...initialPicking(A), problem: { kind: "message", text: "old" }, justHeld: reservation() };
    s = toggled(s, 3);
    expect([...s.picked]).toEqual([3]);
    expect(s.problem).toBeNull();
    expect(s.justHeld).toBeNull();
    s = toggled(s, 5);
    s = toggled(s, 3);
    expect([...s.picked]).toEqual([5]);
  });

  it("refuses a pick past the per-date allowance, saying how many are left", () => {
    let s = toggled(initialPicking(A), 1, { allowance: 1, perDate: 4, perHold: 4 });
    s = toggled(s, 2, { allowance: 1, perDate: 4, perHold: 4 });
    expect([...s.picked]).toEqual([1]);
    expect(s.problem).toEqual({ kind: "fewLeft", allowance: 1 });

    const full = toggled(initialPicking(A), 1, { allowance: 0, perDate: 4, perHold: 4 });
    expect(full.picked.size).toBe(0);
    expect(full.problem).toEqual({ kind: "dateFull", perDate: 4 });
  });

  it("refuses a pick past the seats one hold may take, when the date allows more", () => {
    const limits = { allowance: 10, perDate: 10, perHold: 2 };
    let s = toggled(toggled(initialPicking(A), 1, limits), 2, limits);
    s = toggled(s, 3, limits);
    expect([...s.picked]).toEqual([1, 2]);
    expect(s.problem).toEqual({ kind: "holdLimit", perHold: 2 });
  });

  it("starts afresh on another date, keeping the notice of the hold just made", () => {
    const held = reservation();
    const onA: Picking = {
      ...toggled(initialPicking(A), 4),
      problem: { kind: "message", text: "a problem" },
      justHeld: held,
    };
    const onB = pickingFor(onA, B);
    expect(onB).toEqual({ scheduleId: B, picked: new Set(), problem: null, justHeld: held });
    expect(pickingFor(onA, A)).toBe(onA);
    // An action for date B never carries the picks of date A.
    expect([...toggled(onA, 9, roomy, B).picked]).toEqual([9]);
  });

  it("a hold clears the picks and remembers the reservation", () => {
    const held = reservation();
    const s = pickingReducer(toggled(initialPicking(A), 7), { type: "held", scheduleId: A, reservation: held });
    expect(s.picked.size).toBe(0);
    expect(s.justHeld).toBe(held);
  });

  it("a refused hold drops the seats taken meanwhile and names them", () => {
    const picked = toggled(toggled(toggled(initialPicking(A), 10), 11), 12);
    const one = pickingReducer(picked, { type: "refused", scheduleId: A, taken: [10], problem: "generic" });
    expect([...one.picked]).toEqual([11, 12]);
    expect(one.problem).toEqual({ kind: "taken", seats: [10] });
    const two = pickingReducer(picked, { type: "refused", scheduleId: A, taken: [12, 10], problem: "generic" });
    expect(two.problem).toEqual({ kind: "taken", seats: [10, 12] });
    const none = pickingReducer(picked, { type: "refused", scheduleId: A, taken: [], problem: "generic" });
    expect([...none.picked]).toEqual([10, 11, 12]);
    expect(none.problem).toEqual({ kind: "message", text: "generic" });
  });
});

describe("seatAllowance", () => {
  const seat = (seatNumber: number, heldByMe: boolean): Seat => ({
    seatNumber,
    grade: "R",
    section: "R",
    price: 1000,
    status: heldByMe ? "HELD" : "AVAILABLE",
    heldByMe,
  });

  it("is the per-date limit less the seats held and bought on that date, never below zero", () => {
    const bought = reservation({ status: "CONFIRMED", seats: [{ seatNumber: 1, price: 1 }] });
    const elsewhere = reservation({ status: "CONFIRMED", scheduleId: B });
    const seats = [seat(1, false), seat(2, true), seat(3, false)];
    expect(seatAllowance(4, seats, [bought, elsewhere], A)).toBe(2);
    expect(seatAllowance(4, [], [], A)).toBe(4);
    expect(seatAllowance(1, seats, [bought], A)).toBe(0);
  });
});
