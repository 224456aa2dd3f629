import type { Deps } from "../deps";
import { AppError } from "../errors";
import { TX_OPTIONS } from "../infra/db";
import { concertExists } from "../catalog/concert-exists";
import type { Concert } from "../catalog/catalog.schema";
import { toConcert } from "../catalog/catalog.service";
import {
  findConcertsForStats,
  findSales,
  findScheduleExists,
  findScheduleStats,
  findSectionStats,
  insertConcert,
  insertScheduleWithSeats,
  type SectionStatsRow,
} from "./admin.repo";
import { insertAudit } from "./audit.repo";
import { textCell, toCsv } from "./csv";
import type { Actor } from "./line-controls.service";
import { DEFAULT_SECTION_NAME } from "./sections.schema";
import {
  DEFAULT_SEAT_COUNT,
  type AdminStats,
  type CreateConcert,
  type CreatedSchedule,
  type CreateSchedule,
} from "./admin.schema";
import { resolveScheduleWindow } from "./schedule-window";

/** Adds a concert, with its audit entry in the same transaction. */
export async function createConcert(
  deps: Pick<Deps, "db" | "clock">,
  actor: Actor,
  input: CreateConcert,
): Promise<Concert> {
  const row = await deps.db.$transaction(async (tx) => {
    const created = await insertConcert(tx, { ...input, description: input.description ?? "" });
    const { id, ...fields } = created;
    await insertAudit(
      tx,
      {
        actor: actor.login,
        action: "concert.create",
        targetType: "concert",
        targetId: id,
        before: null,
        after: fields,
      },
      deps.clock.now(),
    );
    return created;
  }, TX_OPTIONS);
  return toConcert({ ...row, firstStartsAt: null });
}

/** Adds a date with all its seats and sections, and its audit entry, in one transaction. */
export async function createSchedule(
  deps: Pick<Deps, "db" | "clock">,
  actor: Actor,
  input: CreateSchedule,
): Promise<CreatedSchedule> {
  const now = deps.clock.now();
  const window = resolveScheduleWindow(input, now);
  if (!(await concertExists(deps.db, input.concertId))) throw new AppError("NOT_FOUND", "Concert not found");
  const totalSeats = input.seatCount ?? DEFAULT_SEAT_COUNT;
  // The input's schema has checked the sections' coverage, or that a price stands in for them.
  const sections = input.sections ?? [
    { name: DEFAULT_SECTION_NAME, fromSeat: 1, toSeat: totalSeats, price: input.price! },
  ];
  const row = await deps.db.$transaction(async (tx) => {
    const created = await insertScheduleWithSeats(tx, { concertId: input.concertId, ...window, totalSeats, sections });
    await insertAudit(
      tx,
      {
        actor: actor.login,
        action: "schedule.create",
        targetType: "schedule",
        targetId: created.id,
        before: null,
        after: {
          concertId: input.concertId,
          startsAt: window.startsAt.toISOString(),
          bookingOpensAt: window.bookingOpensAt.toISOString(),
          bookingClosesAt: window.bookingClosesAt.toISOString(),
          totalSeats,
          sections,
        },
      },
      now,
    );
    return created;
  }, TX_OPTIONS);
  return { scheduleId: row.id, startsAt: row.startsAt.toISOString(), totalSeats: row.totalSeats };
}

export async function getStats(deps: Pick<Deps, "db" | "queue" | "clock">): Promise<AdminStats> {
  const now = deps.clock.now();
  const [concerts, schedules, sectionRows] = await Promise.all([
    findConcertsForStats(deps.db),
    findScheduleStats(deps.db, now),
    findSectionStats(deps.db, now),
  ]);
  const sectionsOf = new Map<string, SectionStatsRow[]>();
  for (const x of sectionRows) sectionsOf.set(x.scheduleId, [...(sectionsOf.get(x.scheduleId) ?? []), x]);
  const lines = await Promise.all(concerts.map((c) => deps.queue.stats(c.id)));
  const byConcert = new Map<string, typeof schedules>();
  for (const s of schedules) byConcert.set(s.concertId, [...(byConcert.get(s.concertId) ?? []), s]);
  return {
    concerts: concerts.map((c, i) => ({
      concertId: c.id,
      title: c.title,
      cancelled: c.cancelledAt !== null,
      ...lines[i]!,
      schedules: (byConcert.get(c.id) ?? []).map((s) => ({
        scheduleId: s.id,
        startsAt: s.startsAt.toISOString(),
        cancelled: s.cancelledAt !== null,
        totalSeats: s.totalSeats,
        available: s.available,
        held: s.held,
        sold: s.sold,
        revenue: Number(s.revenue),
        refunded: Number(s.refunded),
        sections: (sectionsOf.get(s.id) ?? []).map((x) => ({
          name: x.name,
          fromSeat: x.fromSeat,
          toSeat: x.toSeat,
          price: x.price,
          totalSeats: x.totalSeats,
          available: x.available,
          held: x.held,
          sold: x.sold,
          revenue: Number(x.revenue),
          refunded: Number(x.refunded),
        })),
      })),
    })),
  };
}

const SALES_HEADER = ["seat", "section", "price", "reservation id", "paid at", "buyer id"];

/** A date's sold seats as CSV (RFC 4180): a header, then one record per seat in seat order. */
export async function exportSalesCsv(deps: Pick<Deps, "db">, scheduleId: string): Promise<string> {
  if (!(await findScheduleExists(deps.db, scheduleId))) throw new AppError("NOT_FOUND", "Schedule not found");
  const rows = await findSales(deps.db, scheduleId);
  return toCsv([
    SALES_HEADER,
    ...rows.map((r) => [
      String(r.seatNumber),
      textCell(r.section),
      String(r.price),
      r.reservationId,
      r.paidAt.toISOString(),
      r.buyerId,
    ]),
  ]);
}
