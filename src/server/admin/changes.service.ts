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
  findSections,
  findTakenSeats,
  firstKeptSeatAbove,
  removeSeatsAbove,
  replaceSections,
  repriceUnsold,
  updateConcertText,
  updateScheduleRow,
  type ScheduleRow,
} from "./changes.repo";
import type { ScheduleDetails, UpdateConcert, UpdateSchedule } from "./changes.schema";
import type { Section } from "./sections.schema";
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

function toDetails(row: ScheduleRow, sections: Section[]): ScheduleDetails {
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
    sections,
  };
}

/** What the audit log keeps of a date. */
function auditedSchedule(details: ScheduleDetails) {
  const { startsAt, bookingOpensAt, bookingClosesAt, totalSeats, price, sections } = details;
  return { startsAt, bookingOpensAt, bookingClosesAt, totalSeats, price, sections };
}

const lastSeatOf = (sections: readonly Section[] | undefined) =>
  sections ? Math.max(...sections.map((s) => s.toSeat)) : undefined;

const KEPT_BECAUSE = { SOLD: "is sold", HELD: "is held", PAID_BEFORE: "was paid for (its booking stays on record)" };

/** A sold or held seat stays in a section of the name it was sold or held in (its takings are that section's). */
function assertTakenSeatsKeepSections(
  taken: readonly { seatNumber: number; section: string; sold: boolean }[],
  sections: readonly Section[],
): void {
  for (const seat of taken) {
    const now = sections.find((s) => seat.seatNumber >= s.fromSeat && seat.seatNumber <= s.toSeat);
    if (now && now.name !== seat.section) {
      throw new AppError(
        "CONFLICT",
        `Seat ${seat.seatNumber} is ${seat.sold ? "sold" : "held"} in section ${seat.section}: it must stay in a section named ${seat.section}`,
      );
    }
  }
}

/**
 * Edits a date: its start and booking window (checked as on creation), its seat count, and the
 * prices of its unsold seats (one price for every section, or new sections). More seats join the
 * last section; fewer only when no seat removed is sold, held or was paid for (409 naming the
 * first that is). New sections may not move a sold or held seat to a section of another name. The
 * concert's row and then the date's are locked first (the order of a cancellation), and holds
 * share-lock the date, so no hold lands on a seat being removed or repriced, and a cancelled date
 * is not edited (409).
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
    const sectionsBefore = await findSections(tx, scheduleId);
    const window = resolveScheduleWindow(
      {
        startsAt: input.startsAt ?? before.startsAt.toISOString(),
        bookingOpensAt: input.bookingOpensAt ?? before.bookingOpensAt.toISOString(),
        bookingClosesAt: input.bookingClosesAt ?? before.bookingClosesAt.toISOString(),
      },
      now,
    );
    const totalSeats = input.seatCount ?? lastSeatOf(input.sections) ?? before.totalSeats;
    if (totalSeats < before.totalSeats) {
      const kept = await firstKeptSeatAbove(tx, scheduleId, totalSeats, now);
      if (kept) {
        throw new AppError(
          "CONFLICT",
          `Seat ${kept.seatNumber} ${KEPT_BECAUSE[kept.why]}: the date cannot have fewer than ${kept.seatNumber} seats`,
        );
      }
      await removeSeatsAbove(tx, scheduleId, totalSeats);
    }
    if (totalSeats > before.totalSeats) await appendSeats(tx, scheduleId, before.totalSeats, totalSeats);
    if (input.sections) {
      assertTakenSeatsKeepSections(await findTakenSeats(tx, scheduleId, now), input.sections);
      await replaceSections(tx, scheduleId, input.sections);
    } else if (input.price !== undefined) {
      await repriceUnsold(tx, scheduleId, input.price);
    }
    // The date's own price is its lowest (see insertScheduleWithSeats).
    const price = input.sections ? Math.min(...input.sections.map((s) => s.price)) : (input.price ?? before.price);
    await updateScheduleRow(tx, scheduleId, { ...window, totalSeats, price });
    const row = toDetails((await findScheduleDetails(tx, scheduleId, now))!, await findSections(tx, scheduleId));
    await insertAudit(
      tx,
      {
        actor: actor.login,
        action: "schedule.update",
        targetType: "schedule",
        targetId: scheduleId,
        before: auditedSchedule(toDetails(before, sectionsBefore)),
        after: auditedSchedule(row),
      },
      now,
    );
    return row;
  }, TX_OPTIONS);
  // The line's opening follows the dates' booking windows.
  deps.lines.forget(concertId);
  return after;
}
