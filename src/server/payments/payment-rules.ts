import type { ReservationStatus } from "@/generated/prisma/enums";
import { effectiveReservationStatus } from "../reservations/reservation-rules";

/** The reservation as a payment reads it, its row locked (or its version read) first. */
export type ReservationToPay = {
  id: string;
  userId: string;
  status: ReservationStatus;
  totalPrice: number;
  expiresAt: Date;
  concertId: string;
  /** Whether its date has been cancelled. */
  dateCancelled: boolean;
  /** How many seats it was made with. */
  seatCount: number;
};

/** Why a payment is refused; each becomes one AppError (payments.service.ts). */
export type PaymentRefusal =
  | { refused: "NOT_FOUND" }
  | { refused: "WRONG_CONCERT" }
  | { refused: "ALREADY_PAID" }
  | { refused: "ALREADY_ENDED" }
  | { refused: "DATE_CANCELLED" }
  | { refused: "HOLD_EXPIRED" }
  | { refused: "INSUFFICIENT_POINTS"; amount: number };

/**
 * The first rule the reservation itself breaks for this caller, or null when it may be paid. A
 * hold marked EXPIRED and one whose time has passed are alike (effectiveReservationStatus).
 */
export function judgeReservation(
  r: ReservationToPay | undefined,
  caller: { userId: string; concertId: string },
  now: Date,
): PaymentRefusal | null {
  // Someone else's reservation is answered like an unknown one, so ids reveal nothing.
  if (!r || r.userId !== caller.userId) return { refused: "NOT_FOUND" };
  if (r.concertId !== caller.concertId) return { refused: "WRONG_CONCERT" };
  const status = effectiveReservationStatus(r, now);
  if (status === "CONFIRMED") return { refused: "ALREADY_PAID" };
  if (r.dateCancelled) return { refused: "DATE_CANCELLED" };
  if (status === "CANCELLED" || status === "REFUNDED") return { refused: "ALREADY_ENDED" };
  if (status === "EXPIRED") return { refused: "HOLD_EXPIRED" };
  return null;
}

/**
 * Then, for a payable reservation, the balance (null: no such user) and its seats still held by
 * it: fewer than it was made with means another hold took over seats of this one after it lapsed.
 */
export function judgeSettlement(
  r: ReservationToPay,
  found: { balance: number | null; seatsHeld: number },
): PaymentRefusal | null {
  if ((found.balance ?? 0) < r.totalPrice) return { refused: "INSUFFICIENT_POINTS", amount: r.totalPrice };
  if (found.seatsHeld !== r.seatCount) return { refused: "HOLD_EXPIRED" };
  return null;
}
