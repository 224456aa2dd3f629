import type { ReservationStatus } from "@/generated/prisma/enums";

/** A HELD reservation whose time has passed is EXPIRED, whether or not the sweeper has marked it. */
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
