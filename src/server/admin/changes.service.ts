import type { Deps } from "../deps";
import { AppError } from "../errors";
import { TX_OPTIONS } from "../infra/db";
import type { Concert } from "../catalog/catalog.schema";
import { getConcert } from "../catalog/catalog.service";
import { findConcertOfSchedule, lockConcertForCancel, lockSchedules } from "../refunds/refunds.repo";
import { insertAudit } from "./audit.repo";
import {
  appendSeats,
  findConcertText,
  findScheduleDetails,
  firstTakenSeatAbove,
  removeSeatsAbove,
  repriceUnsold,
  updateConcertText,
  updateScheduleRow,
  type ScheduleRow,
} from "./changes.repo";
import type { ScheduleDetails, UpdateConcert, UpdateSchedule } from "./changes.schema";
import type { Actor } from "./line-controls.service";
import { resolveScheduleWindow } from "./schedule-window";

/** Edits a concert's text, with the audit entry (the fields before and after) in the same transaction. */
export async function updateConcert(
  deps: Pick<Deps, "db" | "clock">,
  actor: Actor,
  input: UpdateConcert,
): Promise<Concert> {
  const { concertId, ...change } = input;
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    if (!(await lockConcertForCancel(tx, concertId))) throw new AppError("NOT_FOUND", "Concert not found");
    const before = await findConcertText(tx, concertId);
    await updateConcertText(tx, concertId, change);
    const fields = Object.keys(change) as (keyof typeof change)[];
    await insertAudit(
      tx,
      {
        actor: actor.login,
        action: "concert.update",
        targetType: "concert",
        targetId: concertId,
        before: Object.fromEntries(fields.map((f) => [f, before![f]])),
        after: change,
      },
      now,
    );
  }, TX_OPTIONS);
  return getConcert(deps, concertId);
}

function toDetails(row: ScheduleRow): ScheduleDetails {
  return {
    scheduleId: row.id,
    concertId: row.concertId,
    startsAt: row.startsAt.toISOString(),
    bookingOpensAt: row.bookingOpensAt.toISOString(),
    bookingClosesAt: row.bookingClosesAt.toISOString(),
    totalSeats: row.totalSeats,
    availableSeats: row.availableSeats,
    price: row.price,
    cancelled: row.cancelledAt !== null,
  };
}

/** What the audit log keeps of a date. */
function auditedSchedule(row: ScheduleRow) {
  const { startsAt, bookingOpensAt, bookingClosesAt, totalSeats, price } = toDetails(row);
  return { startsAt, bookingOpensAt, bookingClosesAt, totalSeats, price };
}

/**
 * Edits a date: its start and booking window (checked as on creation), the price of its unsold
 * seats, and its seat count: more seats are appended; fewer only when no seat removed is sold or
 * held (409 naming the first that is). The concert's row and then the date's are locked first (the
 * order of a cancellation), and holds share-lock the date, so no hold lands on a seat being
 * removed, and a cancelled date is not edited (409).
 */
export async function updateSchedule(
  deps: Pick<Deps, "db" | "clock" | "lines">,
  actor: Actor,
  input: UpdateSchedule,
): Promise<ScheduleDetails> {
  const { scheduleId } = input;
  const now = deps.clock.now();
  const concertId = await findConcertOfSchedule(deps.db, scheduleId);
  if (!concertId) throw new AppError("NOT_FOUND", "Schedule not found");
  const after = await deps.db.$transaction(async (tx) => {
    await lockConcertForCancel(tx, concertId);
    const [locked] = await lockSchedules(tx, { scheduleId });
    if (!locked) throw new AppError("NOT_FOUND", "Schedule not found");
    if (locked.cancelledAt) throw new AppError("ALREADY_CANCELLED", "This date is cancelled and can no longer change");
    const before = (await findScheduleDetails(tx, scheduleId, now))!;
    const window = resolveScheduleWindow(
      {
        startsAt: input.startsAt ?? before.startsAt.toISOString(),
        bookingOpensAt: input.bookingOpensAt ?? before.bookingOpensAt.toISOString(),
        bookingClosesAt: input.bookingClosesAt ?? before.bookingClosesAt.toISOString(),
      },
      now,
    );
    const price = input.price ?? before.price;
    const totalSeats = input.seatCount ?? before.totalSeats;
    if (input.price !== undefined && input.price !== before.price) await repriceUnsold(tx, scheduleId, price);
    if (totalSeats > before.totalSeats) await appendSeats(tx, scheduleId, before.totalSeats, totalSeats, price);
    if (totalSeats < before.totalSeats) {
      const taken = await firstTakenSeatAbove(tx, scheduleId, totalSeats, now);
      if (taken) {
        throw new AppError(
          "CONFLICT",
          `Seat ${taken.seatNumber} is ${taken.status === "SOLD" ? "sold" : "held"}: the date cannot have fewer than ${taken.seatNumber} seats`,
        );
      }
      await removeSeatsAbove(tx, scheduleId, totalSeats);
    }
    await updateScheduleRow(tx, scheduleId, { ...window, totalSeats, price });
    const row = (await findScheduleDetails(tx, scheduleId, now))!;
    await insertAudit(
      tx,
      {
        actor: actor.login,
        action: "schedule.update",
        targetType: "schedule",
        targetId: scheduleId,
        before: auditedSchedule(before),
        after: auditedSchedule(row),
      },
      now,
    );
    return row;
  }, TX_OPTIONS);
  // The line's opening follows the dates' booking windows.
  deps.lines.forget(concertId);
  return toDetails(after);
}
