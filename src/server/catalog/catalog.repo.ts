import { Prisma } from "@/generated/prisma/client";
import type { DbClient } from "../infra/db";

/** SQL twin of `effectiveSeatStatus(seat) === "AVAILABLE"` for a seat aliased `s`. */
export function freeSeatSql(now: Date): Prisma.Sql {
  return Prisma.sql`(s.status = 'AVAILABLE' OR (s.status = 'HELD' AND s.held_until <= ${now}))`;
}

export type ConcertRow = {
  id: string;
  title: string;
  artist: string;
  venue: string;
  description: string;
  firstStartsAt: Date | null;
};

function selectConcerts(db: DbClient, now: Date, where: Prisma.Sql): Promise<ConcertRow[]> {
  return db.$queryRaw<ConcertRow[]>`
    SELECT c.id, c.title, c.artist, c.venue, c.description,
           (SELECT min(sc.starts_at) FROM schedules sc
             WHERE sc.concert_id = c.id AND sc.starts_at > ${now}) AS "firstStartsAt"
      FROM concerts c
     WHERE ${where}
     ORDER BY "firstStartsAt" ASC NULLS LAST, c.created_at DESC, c.id`;
}

/** Concerts with a date to come first (soonest first), then the rest (newest first). */
export function findConcerts(db: DbClient, now: Date): Promise<ConcertRow[]> {
  return selectConcerts(db, now, Prisma.sql`TRUE`);
}

export async function findConcert(db: DbClient, concertId: string, now: Date): Promise<ConcertRow | undefined> {
  const rows = await selectConcerts(db, now, Prisma.sql`c.id = ${concertId}::uuid`);
  return rows[0];
}

export function findSchedule(db: DbClient, scheduleId: string) {
  return db.schedule.findUnique({
    where: { id: scheduleId },
    select: {
      id: true,
      concertId: true,
      startsAt: true,
      bookingOpensAt: true,
      bookingClosesAt: true,
      totalSeats: true,
      concert: { select: { title: true } },
    },
  });
}

export type OpenScheduleRow = { id: string; startsAt: Date; totalSeats: number; availableSeats: number };

/** The dates of a concert open for booking at `now` that still have a free seat, soonest first. */
export function findOpenSchedules(db: DbClient, concertId: string, now: Date): Promise<OpenScheduleRow[]> {
  return db.$queryRaw<OpenScheduleRow[]>`
    SELECT * FROM (
      SELECT sc.id, sc.starts_at AS "startsAt", sc.total_seats AS "totalSeats",
             count(*) FILTER (WHERE ${freeSeatSql(now)})::int AS "availableSeats"
        FROM schedules sc
        JOIN seats s ON s.schedule_id = sc.id
       WHERE sc.concert_id = ${concertId}::uuid AND sc.cancelled_at IS NULL
         AND sc.booking_opens_at <= ${now} AND sc.booking_closes_at > ${now}
       GROUP BY sc.id
    ) open
     WHERE "availableSeats" > 0
     ORDER BY "startsAt", id`;
}

export function findSeats(db: DbClient, scheduleId: string) {
  return db.seat.findMany({
    where: { scheduleId },
    orderBy: { seatNumber: "asc" },
    select: {
      seatNumber: true,
      grade: true,
      price: true,
      status: true,
      heldUntil: true,
      holder: { select: { userId: true } },
    },
  });
}

export function findSections(db: DbClient, scheduleId: string) {
  return db.scheduleSection.findMany({
    where: { scheduleId },
    orderBy: { fromSeat: "asc" },
    select: { name: true, fromSeat: true, toSeat: true, price: true },
  });
}
