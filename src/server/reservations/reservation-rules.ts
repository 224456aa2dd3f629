import type { ReservationStatus } from "@/generated/prisma/enums";
import { isBookingOpen } from "../catalog/availability";

/**
 * What a reservation is at `now`: a HELD one whose time has passed is EXPIRED, whether or not the
 * sweeper has marked it (reads, cancels and payments all judge by this).
 */
export function effectiveReservationStatus(
  reservation: { status: ReservationStatus; expiresAt: Date },
  now: Date,
): ReservationStatus {
  if (reservation.status === "HELD" && reservation.expiresAt.getTime() <= now.getTime()) return "EXPIRED";
  return reservation.status;
}

/** Whether taking `requested` more seats would leave a user holding or owning more than `max` on a date. */
export function exceedsSeatLimit(heldOrOwned: number, requested: number, max: number): boolean {
  return heldOrOwned + requested > max;
}

/** What a hold finds once it has locked (or read) the user and the seats asked for. */
export type HoldFacts = {
  /** The date asked for; null when there is none. */
  schedule: {
    concertId: string;
    bookingOpensAt: Date;
    bookingClosesAt: Date;
    totalSeats: number;
    cancelled: boolean;
  } | null;
  userFound: boolean;
  /** How many of the seats asked for exist. */
  found: number;
  /** The seats asked for that are not free (AVAILABLE, or HELD past their time), ascending. */
  taken: number[];
  /** The date's seats the user holds (live) or owns. */
  heldOrOwned: number;
};

export type HoldAsk = { concertId: string; seatNumbers: number[]; maxSeatsPerUser: number };

/** Why a hold is refused; each becomes one AppError (reservations.service.ts). */
export type HoldRefusal =
  | { refused: "SCHEDULE_NOT_FOUND" }
  | { refused: "WRONG_CONCERT" }
  | { refused: "BOOKING_CLOSED" }
  | { refused: "SCHEDULE_CANCELLED" }
  | { refused: "NO_SUCH_SEAT"; seatNumbers: number[] }
  | { refused: "USER_NOT_FOUND" }
  | { refused: "SEAT_TAKEN"; seatNumbers: number[] }
  | { refused: "SEAT_LIMIT"; heldOrOwned: number };

/** The rules on the date and the user, which decide whether the seats are looked at at all. */
export function judgeHoldTarget(
  schedule: HoldFacts["schedule"],
  userFound: boolean,
  ask: HoldAsk,
  now: Date,
): HoldRefusal | null {
  if (!schedule) return { refused: "SCHEDULE_NOT_FOUND" };
  if (schedule.concertId !== ask.concertId) return { refused: "WRONG_CONCERT" };
  if (schedule.cancelled) return { refused: "SCHEDULE_CANCELLED" };
  if (!isBookingOpen(schedule, now)) return { refused: "BOOKING_CLOSED" };
  const unknown = ask.seatNumbers.filter((n) => n > schedule.totalSeats);
  if (unknown.length) return { refused: "NO_SUCH_SEAT", seatNumbers: unknown };
  if (!userFound) return { refused: "USER_NOT_FOUND" };
  return null;
}

/**
 * The first rule a hold breaks, in the order they apply, or null when it may be written. Every
 * hot path judges by this one function, so all of them refuse alike.
 */
export function judgeHold(facts: HoldFacts, ask: HoldAsk, now: Date): HoldRefusal | null {
  const target = judgeHoldTarget(facts.schedule, facts.userFound, ask, now);
  if (target) return target;
  if (facts.found !== ask.seatNumbers.length) return { refused: "NO_SUCH_SEAT", seatNumbers: [] };
  if (facts.taken.length) return { refused: "SEAT_TAKEN", seatNumbers: facts.taken };
  if (exceedsSeatLimit(facts.heldOrOwned, facts.found, ask.maxSeatsPerUser))
    return { refused: "SEAT_LIMIT", heldOrOwned: facts.heldOrOwned };
  return null;
}
