import type { Deps } from "../deps";
import { AppError } from "../errors";
import { TX_OPTIONS } from "../infra/db";
import { logger } from "../infra/logger";
import { toRules } from "../queue/line-settings";
import { insertAudit } from "../admin/audit.repo";
import type { Actor } from "../admin/line-controls.service";
import { getReservation } from "../reservations/reservations.service";
import { hasCheckIns } from "../tickets/tickets.repo";
import type { Reservation } from "../reservations/reservations.schema";
import {
  closeLine,
  endHolds,
  findConcertOfSchedule,
  hasLiveDates,
  lockConcertForCancel,
  lockOpenReservations,
  lockReservationToRefund,
  lockSchedules,
  markCancelled,
  refundPaid,
  shareLockDateOfReservation,
} from "./refunds.repo";
import type { Cancellation } from "./refunds.schema";

type CancelDeps = Pick<Deps, "db" | "clock" | "lines" | "queue" | "config">;

/**
 * Cancels one date, or every date of a concert, in one transaction: the dates (and the concert)
 * marked cancelled, their live holds ended, every paid reservation refunded in full to its buyer
 * (REFUNDED, a REFUND ledger row per payment, its seats free), the line closed when no date is
 * left, and the audit entry. Invariant: exactly once. The concert row and then the dates are
 * locked before anything is judged, so a second cancellation (two staff, a retry) waits for the
 * first, finds the date cancelled and answers 409 having refunded nothing; holds, payments and
 * fans' refunds share-lock the date first, so each one either commits before (and is then ended or
 * refunded here) or waits and is refused.
 */
async function cancel(
  deps: CancelDeps,
  actor: Actor,
  target: { concertId: string } | { scheduleId: string },
): Promise<Cancellation> {
  const now = deps.clock.now();
  const wholeConcert = "concertId" in target;
  const concertId = wholeConcert ? target.concertId : await findConcertOfSchedule(deps.db, target.scheduleId);
  if (!concertId) throw new AppError("NOT_FOUND", "Schedule not found");
  const result = await deps.db.$transaction(async (tx) => {
    const concert = await lockConcertForCancel(tx, concertId);
    if (!concert) throw new AppError("NOT_FOUND", wholeConcert ? "Concert not found" : "Schedule not found");
    if (concert.cancelledAt) throw new AppError("ALREADY_CANCELLED", "This concert is already cancelled");
    const dates = await lockSchedules(tx, target);
    if (!wholeConcert && !dates.length) throw new AppError("NOT_FOUND", "Schedule not found");
    const live = dates.filter((d) => d.cancelledAt === null);
    if (!wholeConcert && !live.length) throw new AppError("ALREADY_CANCELLED", "This date is already cancelled");
    const scheduleIds = live.map((d) => d.id);
    const reservations = await lockOpenReservations(tx, scheduleIds);
    await markCancelled(tx, { concertId: wholeConcert ? concertId : null, scheduleIds, now });
    await endHolds(
      tx,
      reservations.filter((r) => r.status === "HELD").map((r) => r.id),
      now,
    );
    const refunded = await refundPaid(
      tx,
      reservations.filter((r) => r.status === "CONFIRMED").map((r) => r.id),
      now,
    );
    const lineClosed = wholeConcert || !(await hasLiveDates(tx, concertId));
    if (lineClosed) await closeLine(tx, concertId);
    await insertAudit(
      tx,
      {
        actor: actor.login,
        action: wholeConcert ? "concert.cancel" : "schedule.cancel",
        targetType: wholeConcert ? "concert" : "schedule",
        targetId: wholeConcert ? concertId : scheduleIds[0]!,
        before: { cancelledAt: null },
        after: { cancelledAt: now.toISOString(), scheduleIds, lineClosed, ...refunded },
      },
      now,
    );
    return { ...refunded, lineClosed };
  }, TX_OPTIONS);
  if (result.lineClosed) await mirrorLine(deps, concertId);
  return { refundedReservations: result.refundedReservations, refundedAmount: result.refundedAmount };
}

/** The closed line into Redis at once; the admission ticker repairs a write that fails here. */
async function mirrorLine(deps: Pick<Deps, "lines" | "queue">, concertId: string): Promise<void> {
  deps.lines.forget(concertId);
  try {
    const settings = await deps.lines.get(concertId);
    if (settings) await deps.queue.applyRules(concertId, toRules(settings));
  } catch (err) {
    logger.warn({ err, concertId }, "could not mirror the closed line; the admission ticker will");
  }
}

export function cancelSchedule(deps: CancelDeps, actor: Actor, scheduleId: string): Promise<Cancellation> {
  return cancel(deps, actor, { scheduleId });
}

export function cancelConcert(deps: CancelDeps, actor: Actor, concertId: string): Promise<Cancellation> {
  return cancel(deps, actor, { concertId });
}

/** Whether a paid ticket may still be given back at `now`: until REFUND_CUTOFF_HOURS before the show. */
export function refundOpen(startsAt: Date, now: Date, cutoffHours: number): boolean {
  return now.getTime() < startsAt.getTime() - cutoffHours * 3_600_000;
}

/**
 * A fan gives back a paid ticket: the points back (a REFUND ledger row linked to the payment),
 * the seats on sale again at once, the reservation REFUNDED; not once a seat of it has been
 * checked in (a check-in share-locks the reservation, so the two take turns). Invariant: refunded
 * once. The date is share-locked first (as payments do; a cancellation of the date waits, or is
 * waited for), then the reservation row, so a retry or the date's cancellation finds it REFUNDED.
 */
export async function refundReservation(
  deps: Pick<Deps, "db" | "clock" | "config">,
  userId: string,
  reservationId: string,
): Promise<Reservation> {
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    await shareLockDateOfReservation(tx, reservationId);
    const r = await lockReservationToRefund(tx, reservationId);
    if (!r || r.userId !== userId) throw new AppError("NOT_FOUND", "Reservation not found");
    if (r.status === "REFUNDED") throw new AppError("ALREADY_ENDED", "This ticket has already been refunded");
    if (r.status !== "CONFIRMED") throw new AppError("NOT_PAID", "Only a paid ticket can be given back");
    // Read after the reservation's lock: a check-in under way (which share-locks it) has committed.
    if (await hasCheckIns(tx, reservationId)) {
      throw new AppError(
        "ALREADY_USED",
        "A ticket of this booking has been checked in at the door: it can no longer be given back",
      );
    }
    if (!refundOpen(r.startsAt, now, deps.config.REFUND_CUTOFF_HOURS)) {
      throw new AppError(
        "REFUND_CLOSED",
        `Tickets can be given back until ${deps.config.REFUND_CUTOFF_HOURS} hours before the show`,
      );
    }
    await refundPaid(tx, [reservationId], now);
  }, TX_OPTIONS);
  return getReservation(deps, userId, reservationId);
}
