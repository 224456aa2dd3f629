import type { Deps } from "../deps";
import { AppError } from "../errors";
import { fetchPage, type PageQuery } from "../infra/cursor";
import { TX_OPTIONS } from "../infra/db";
import { logger } from "../infra/logger";
import { metrics } from "../infra/metrics";
import type { QueuePass } from "../catalog/availability";
import { effectiveReservationStatus, type HoldRefusal } from "./reservation-rules";
import {
  endHoldsOfUser,
  findReservation,
  findReservationsOfUser,
  holdSeats as holdSeatsInDb,
  lockReservation,
  releaseHeldSeats,
  setReservationStatus,
  type ReservationRow,
} from "./reservations.repo";
import type { HoldSeats, Reservation, ReservationList } from "./reservations.schema";

/**
 * How long past the hold the queue pass lasts (up to its hard end), so the holder can still pay
 * at the last second.
 */
const PASS_GRACE_MS = 60_000;

function toReservation(row: ReservationRow, now: Date): Reservation {
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
    dateCancelled: row.schedule.cancelledAt !== null,
  };
}

export async function holdSeats(
  deps: Pick<Deps, "db" | "clock" | "config" | "queue">,
  userId: string,
  pass: QueuePass,
  input: HoldSeats,
): Promise<Reservation> {
  const now = deps.clock.now();
  // A hold never outlives the pass it is made under.
  const expiresAt = new Date(Math.min(now.getTime() + deps.config.HOLD_TTL_SECONDS * 1000, pass.hardEnd));
  const maxSeats = deps.config.MAX_SEATS_PER_USER;

  // Invariants: a seat has at most one live holder (its row is locked before it is judged and
  // written, seats in ascending order so overlapping holds queue instead of deadlocking; or, in
  // the optimistic mode, written only over the version judged), and a user holds or owns at most
  // MAX_SEATS_PER_USER seats of a date (the user row lock, or the user's version, keeps the count
  // from going stale before the insert), and no hold is made on a cancelled date (the date's row
  // is share-locked first). Lock order across the codebase: date -> reservation -> user -> seats. It writes only when every rule passes, and says which one did not (judgeHold).
  const outcome = await holdSeatsInDb(
    deps.db,
    {
      userId,
      concertId: pass.concertId,
      scheduleId: input.scheduleId,
      seatNumbers: input.seatNumbers,
      now,
      expiresAt,
      maxSeatsPerUser: maxSeats,
    },
    deps.config.DATABASE_HOT_PATH,
  );
  if (outcome.kind === "contended") {
    throw new AppError("CONFLICT", "These seats changed while they were being held; try again");
  }
  if (outcome.kind === "refused") throw holdRefused(outcome.refusal, maxSeats);
  const { hold } = outcome;
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
    dateCancelled: false,
  };
}

/** The answer to a refused hold. */
function holdRefused(refusal: HoldRefusal, maxSeats: number): AppError {
  switch (refusal.refused) {
    case "SCHEDULE_NOT_FOUND":
      return new AppError("NOT_FOUND", "Schedule not found");
    case "WRONG_CONCERT":
      return new AppError("QUEUE_PASS_WRONG_CONCERT", "Your queue pass is for another concert");
    case "BOOKING_CLOSED":
      return new AppError("BOOKING_CLOSED", "Booking is not open for this date");
    case "SCHEDULE_CANCELLED":
      return new AppError("BOOKING_CLOSED", "This date has been cancelled");
    case "NO_SUCH_SEAT":
      return new AppError(
        "BAD_REQUEST",
        refusal.seatNumbers.length ? `No such seat: ${refusal.seatNumbers.join(", ")}` : "No such seat",
      );
    case "USER_NOT_FOUND":
      return new AppError("NOT_FOUND", "User not found");
    case "SEAT_TAKEN":
      return new AppError("SEAT_TAKEN", `Seat already taken: ${refusal.seatNumbers.join(", ")}`);
    case "SEAT_LIMIT":
      return new AppError(
        "SEAT_LIMIT",
        `At most ${maxSeats} seats per user for a date; you already have ${refusal.heldOrOwned}`,
      );
  }
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
  const ended = await endHoldsOfUser(deps.db, { userId, concertId, now: deps.clock.now() });
  if (ended) metrics.holds.inc({ event: "expired" }, ended);
  return ended;
}
