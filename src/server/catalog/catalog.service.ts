import type { Deps } from "../deps";
import { AppError } from "../errors";
import { assertPassFor, effectiveSeatStatus, type QueuePass } from "./availability";
import {
  findConcert,
  findConcerts,
  findOpenSchedules,
  findSchedule,
  findSeats,
  findSections,
  type ConcertRow,
} from "./catalog.repo";
import type { Concert, ConcertList, ScheduleList, SeatMap } from "./catalog.schema";
import { concertExists } from "./concert-exists";

export function toConcert(row: ConcertRow): Concert {
  return {
    concertId: row.id,
    title: row.title,
    artist: row.artist,
    venue: row.venue,
    description: row.description,
    firstStartsAt: row.firstStartsAt?.toISOString() ?? null,
  };
}

export async function listConcerts(deps: Pick<Deps, "db" | "clock">): Promise<ConcertList> {
  const rows = await findConcerts(deps.db, deps.clock.now());
  return { items: rows.map(toConcert) };
}

export async function getConcert(deps: Pick<Deps, "db" | "clock">, concertId: string): Promise<Concert> {
  const row = await findConcert(deps.db, concertId, deps.clock.now());
  if (!row) throw new AppError("NOT_FOUND", "Concert not found");
  return toConcert(row);
}

export async function listOpenSchedules(
  deps: Pick<Deps, "db" | "clock">,
  pass: QueuePass,
  concertId: string,
): Promise<ScheduleList> {
  if (!(await concertExists(deps.db, concertId))) throw new AppError("NOT_FOUND", "Concert not found");
  assertPassFor(pass, concertId);
  const rows = await findOpenSchedules(deps.db, concertId, deps.clock.now());
  return {
    items: rows.map((r) => ({
      scheduleId: r.id,
      startsAt: r.startsAt.toISOString(),
      availableSeats: r.availableSeats,
      totalSeats: r.totalSeats,
    })),
  };
}

export async function getSeatMap(
  deps: Pick<Deps, "db" | "clock">,
  userId: string,
  pass: QueuePass,
  scheduleId: string,
): Promise<SeatMap> {
  const schedule = await findSchedule(deps.db, scheduleId);
  if (!schedule) throw new AppError("NOT_FOUND", "Schedule not found");
  assertPassFor(pass, schedule.concertId);
  const now = deps.clock.now();
  const [seats, sections] = await Promise.all([findSeats(deps.db, scheduleId), findSections(deps.db, scheduleId)]);
  return {
    scheduleId,
    sections,
    items: seats.map((seat) => {
      const status = effectiveSeatStatus(seat, now);
      return {
        seatNumber: seat.seatNumber,
        grade: seat.grade,
        section: seat.grade,
        price: seat.price,
        status,
        heldByMe: status === "HELD" && seat.holder?.userId === userId,
      };
    }),
  };
}
