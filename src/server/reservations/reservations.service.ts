import type { Deps } from "../deps";
import { AppError } from "../errors";
import { fetchPage, type PageQuery } from "../infra/cursor";
import { logger } from "../infra/logger";
import { metrics } from "../infra/metrics";
import { sqlBatch } from "../infra/db";
import { assertPassFor, isBookingOpen, type QueuePass } from "../catalog/availability";
import { effectiveReservationStatus, exceedsSeatLimit } from "./reservation-rules";
import {
  findReservation,
  findReservationsOfUser,
  holdBatch,
  endHoldsOfUserBatch,
  lockReservation,
  releaseHeldSeats,
  setReservationStatus,
  type HoldOutcome,
  type ReservationRow,
} from "./reservations.repo";
import type { HoldSeats, Reservation, ReservationList } from "./reservations.schema";

/** A hold waits behind others for the same seats; give it room under a burst. */
const TX_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

/**
 * How long past the hold the queue pass lasts (up to its hard end), so the holder can still pay
 * at the last second.
 */
const PASS_GRACE_MS = 60_000;

export function toReservation(row: ReservationRow, now: Date): Reservation {
  return {
    reservationId: row.id,
    concertId: row.schedule.concertId,
    concertTitle: row.schedule.concert.title,
    scheduleId: row.scheduleId,
    startsAt: row.schedule.startsAt.toISOString(),
    seats: row.seats,
    totalPrice: row.totalPrice,
    status: effectiveReservationStatus(row, now),
    expiresAt: row.expiresAt.toISOString(),
  };
}

export async function holdSeats(
  deps: Pick<Deps, "db" | "clock" | "config" | "queue">,
  userId: string,
  pass: QueuePass,
  input: HoldSeats,
): Promise<Reservation> {
  const now = deps.clock.now();
  const seatNumbers = [...input.seatNumbers].sort((a, b) => a - b);
  // A hold never outlives the pass it is made under.
  const expiresAt = new Date(Math.min(now.getTime() + deps.config.HOLD_TTL_SECONDS * 1000, pass.hardEnd));
  const maxSeats = deps.config.MAX_SEATS_PER_USER;

  // Invariants: a seat has at most one live holder (its row is locked before it is judged and
  // written, seats in ascending order so overlapping holds queue instead of deadlocking), and a
  // user holds or owns at most MAX_SEATS_PER_USER seats of a date (the user row lock serializes
  // that user's holds, so the count cannot go stale before the insert). Lock order across the
  // codebase: user -> reservation -> seats. One batch: it writes only when every rule below
  // passes, and says which one did not (see HOLD in reservations.repo.ts).
  const batch = await sqlBatch(
    deps.db,
    holdBatch({
      userId,
      concertId: pass.concertId,
      scheduleId: input.scheduleId,
      seatNumbers,
      now,
      expiresAt,
      maxSeatsPerUser: maxSeats,
    }),
  );
  const hold = batch[1]?.[0] as HoldOutcome;
  if (!hold.concertId) throw new AppError("NOT_FOUND", "Schedule not found");
  assertPassFor(pass, hold.concertId);
  if (!isBookingOpen(hold, now)) throw new AppError("BOOKING_CLOSED", "Booking is not open for this date");
  const unknown = input.seatNumbers.filter((n) => n > hold.totalSeats);
  if (unknown.length) throw new AppError("BAD_REQUEST", `No such seat: ${unknown.join(", ")}`);
  if (!hold.userFound) throw new AppError("NOT_FOUND", "User not found");
  if (hold.found !== seatNumbers.length) throw new AppError("BAD_REQUEST", "No such seat");
  if (hold.taken.length) throw new AppError("SEAT_TAKEN", `Seat already taken: ${hold.taken.join(", ")}`);
  if (exceedsSeatLimit(hold.heldOrOwned, hold.found, maxSeats)) {
    throw new AppError(
      "SEAT_LIMIT",
      `At most ${maxSeats} seats per user for a date; you already have ${hold.heldOrOwned}`,
    );
  }
  if (!hold.reservationId) throw new Error("The hold batch refused seats every rule allowed");
  metrics.holds.inc({ event: "created" });

  try {
    await deps.queue.extend(pass.concertId, userId, pass.tokenId, expiresAt.getTime() + PASS_GRACE_MS);
  } catch (err) {
    // The hold stands; the pass merely keeps its own end.
    logger.warn({ err, reservationId: hold.reservationId }, "could not extend the queue pass to cover a hold");
  }

  return {
    reservationId: hold.reservationId,
    concertId: hold.concertId,
    concertTitle: hold.concertTitle,
    scheduleId: input.scheduleId,
    startsAt: hold.startsAt.toISOString(),
    seats: hold.seats,
    totalPrice: hold.totalPrice,
    status: "HELD",
    expiresAt: expiresAt.toISOString(),
  };
}

/** The user's reservations, newest first, a page at a time. */
export async function listReservations(
  deps: Pick<Deps, "db" | "clock">,
  userId: string,
  query: PageQuery,
): Promise<ReservationList> {
  const now = deps.clock.now();
  return fetchPage(
    query,
    (window) => findReservationsOfUser(deps.db, userId, window),
    (r) => ({ at: r.createdAt, id: r.id }),
    (r) => toReservation(r, now),
  );
}

export async function getReservation(
  deps: Pick<Deps, "db" | "clock">,
  userId: string,
  reservationId: string,
): Promise<Reservation> {
  const row = await findReservation(deps.db, reservationId, userId);
  if (!row) throw new AppError("NOT_FOUND", "Reservation not found");
  return toReservation(row, deps.clock.now());
}

export async function cancelReservation(
  deps: Pick<Deps, "db" | "clock">,
  userId: string,
  reservationId: string,
): Promise<Reservation> {
  const now = deps.clock.now();
  // Invariant: a reservation ends once. Cancel, payment and the sweeper all lock its row first,
  // so whichever comes second sees the first one's outcome. Then its seats (reservation -> seats).
  const row = await deps.db.$transaction(async (tx) => {
    const locked = await lockReservation(tx, reservationId);
    if (!locked || locked.userId !== userId) throw new AppError("NOT_FOUND", "Reservation not found");
    const status = effectiveReservationStatus(locked, now);
    if (status === "CONFIRMED") throw new AppError("ALREADY_PAID", "This reservation is paid and cannot be cancelled");
    if (status !== "HELD") throw new AppError("ALREADY_ENDED", `This reservation is already ${status.toLowerCase()}`);
    await setReservationStatus(tx, [reservationId], "CANCELLED", now);
    await releaseHeldSeats(tx, [reservationId]);
    return findReservation(tx, reservationId, userId);
  }, TX_OPTIONS);
  if (!row) throw new AppError("NOT_FOUND", "Reservation not found");
  metrics.holds.inc({ event: "cancelled" });
  return toReservation(row, now);
}

/**
 * Ends the user's live holds of a concert (EXPIRED, seats free at once): what happens to the
 * holds made under a queue pass when the pass ends. Returns how many it ended.
 */
export async function endHoldsOfPass(
  deps: Pick<Deps, "db" | "clock">,
  userId: string,
  concertId: string,
): Promise<number> {
  const rows = await sqlBatch(deps.db, endHoldsOfUserBatch({ userId, concertId, now: deps.clock.now() }));
  const ended = (rows[0]?.[0] as { ended: number } | undefined)?.ended ?? 0;
  if (ended) metrics.holds.inc({ event: "expired" }, ended);
  return ended;
}
