import type { SeatStatus } from "@/generated/prisma/enums";
import { AppError } from "../errors";

/** The ACTIVE waiting-room pass a gated request carries (see queuePassProcedure). */
export type QueuePass = {
  concertId: string;
  tokenId: string;
  /** The pass's hard end (epoch ms): nothing made under it outlives it. */
  hardEnd: number;
};

/**
 * What a seat is at `now`: a hold whose time has passed frees the seat at once, whether or not
 * the sweeper has run. The SQL counts (`freeSeatSql`, the admin stats) say the same thing.
 */
export function effectiveSeatStatus(seat: { status: SeatStatus; heldUntil: Date | null }, now: Date): SeatStatus {
  if (seat.status === "HELD" && seat.heldUntil !== null && seat.heldUntil.getTime() <= now.getTime()) {
    return "AVAILABLE";
  }
  return seat.status;
}

/** A date can be booked from `bookingOpensAt` (inclusive) until `bookingClosesAt` (exclusive). */
export function isBookingOpen(schedule: { bookingOpensAt: Date; bookingClosesAt: Date }, now: Date): boolean {
  const t = now.getTime();
  return schedule.bookingOpensAt.getTime() <= t && t < schedule.bookingClosesAt.getTime();
}

/** A pass admits its holder to one concert only. */
export function assertPassFor(pass: QueuePass, concertId: string): void {
  if (pass.concertId !== concertId) {
    throw new AppError("QUEUE_PASS_WRONG_CONCERT", "Your queue pass is for another concert");
  }
}
