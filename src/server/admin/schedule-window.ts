import { AppError } from "../errors";

export type ScheduleWindow = { startsAt: Date; bookingOpensAt: Date; bookingClosesAt: Date };

/**
 * The dates of a new schedule from the admin's input: booking opens now and closes at the start
 * unless told otherwise. It must start in the future and open before it closes, no later than
 * the start (the database's CHECK says the same; this gives a 400 with a reason).
 */
export function resolveScheduleWindow(
  input: { startsAt: string; bookingOpensAt?: string; bookingClosesAt?: string },
  now: Date,
): ScheduleWindow {
  const startsAt = new Date(input.startsAt);
  const bookingOpensAt = input.bookingOpensAt ? new Date(input.bookingOpensAt) : now;
  const bookingClosesAt = input.bookingClosesAt ? new Date(input.bookingClosesAt) : startsAt;
  if (startsAt.getTime() <= now.getTime()) throw new AppError("BAD_REQUEST", "startsAt must be in the future");
  if (bookingOpensAt.getTime() >= bookingClosesAt.getTime()) {
    throw new AppError("BAD_REQUEST", "bookingOpensAt must be before bookingClosesAt");
  }
  if (bookingClosesAt.getTime() > startsAt.getTime()) {
    throw new AppError("BAD_REQUEST", "bookingClosesAt must not be after startsAt");
  }
  return { startsAt, bookingOpensAt, bookingClosesAt };
}
