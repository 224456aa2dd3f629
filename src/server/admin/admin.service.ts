import type { Deps } from "../deps";
import { AppError } from "../errors";
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
import { textCell, toCsv } from "./csv";
import { DEFAULT_SECTION_NAME } from "./sections.schema";
import {
  DEFAULT_SEAT_COUNT,
  type AdminStats,
  type CreateConcert,
  type CreatedSchedule,
  type CreateSchedule,
} from "./admin.schema";
import { resolveScheduleWindow } from "./schedule-window";

export async function createConcert(deps: Pick<Deps, "db">, input: CreateConcert): Promise<Concert> {
  const row = await insertConcert(deps.db, { ...input, description: input.description ?? "" });
  return toConcert({ ...row, firstStartsAt: null });
}

export async function createSchedule(
  deps: Pick<Deps, "db" | "clock">,
  input: CreateSchedule,
): Promise<CreatedSchedule> {
  const window = resolveScheduleWindow(input, deps.clock.now());
  if (!(await concertExists(deps.db, input.concertId))) throw new AppError("NOT_FOUND", "Concert not found");
  const totalSeats = input.seatCount ?? DEFAULT_SEAT_COUNT;
  // The input's schema has checked the sections' coverage, or that a price stands in for them.
  const sections = input.sections ?? [
    { name: DEFAULT_SECTION_NAME, fromSeat: 1, toSeat: totalSeats, price: input.price! },
  ];
  // A date never exists without all its seats and sections.
  const row = await deps.db.$transaction((tx) =>
    insertScheduleWithSeats(tx, { concertId: input.concertId, ...window, totalSeats, sections }),
  );
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
      ...lines[i]!,
      schedules: (byConcert.get(c.id) ?? []).map((s) => ({
        scheduleId: s.id,
        startsAt: s.startsAt.toISOString(),
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
