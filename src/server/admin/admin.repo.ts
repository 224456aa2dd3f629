import type { DbClient } from "../infra/db";
import { freeSeatSql } from "../catalog/catalog.repo";

export function insertConcert(
  db: DbClient,
  data: { title: string; artist: string; venue: string; description: string },
) {
  return db.concert.create({
    data,
    select: { id: true, title: true, artist: true, venue: true, description: true },
  });
}

export async function insertScheduleWithSeats(
  db: DbClient,
  schedule: {
    concertId: string;
    startsAt: Date;
    bookingOpensAt: Date;
    bookingClosesAt: Date;
    totalSeats: number;
    price: number;
    grade: string;
  },
) {
  const { grade, ...data } = schedule;
  const row = await db.schedule.create({ data, select: { id: true, startsAt: true, totalSeats: true } });
  await db.seat.createMany({
    data: Array.from({ length: schedule.totalSeats }, (_, i) => ({
      scheduleId: row.id,
      seatNumber: i + 1,
      grade,
      price: schedule.price,
    })),
  });
  return row;
}

export function findConcertsForStats(db: DbClient) {
  return db.concert.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, title: true } });
}

export type ScheduleStatsRow = {
  id: string;
  concertId: string;
  startsAt: Date;
  totalSeats: number;
  available: number;
  held: number;
  sold: number;
  revenue: bigint;
};

/** Seat counts of every date as they are at `now` (a lapsed hold is available) and its takings. */
export function findScheduleStats(db: DbClient, now: Date): Promise<ScheduleStatsRow[]> {
  return db.$queryRaw<ScheduleStatsRow[]>`
    SELECT sc.id, sc.concert_id AS "concertId", sc.starts_at AS "startsAt", sc.total_seats AS "totalSeats",
           count(s.id) FILTER (WHERE ${freeSeatSql(now)})::int AS available,
           count(s.id) FILTER (WHERE s.status = 'HELD' AND s.held_until > ${now})::int AS held,
           count(s.id) FILTER (WHERE s.status = 'SOLD')::int AS sold,
           (SELECT COALESCE(sum(p.amount), 0) FROM payments p
              JOIN reservations r ON r.id = p.reservation_id
             WHERE r.schedule_id = sc.id)::bigint AS revenue
      FROM schedules sc
      LEFT JOIN seats s ON s.schedule_id = sc.id
     GROUP BY sc.id
     ORDER BY sc.starts_at, sc.id`;
}
