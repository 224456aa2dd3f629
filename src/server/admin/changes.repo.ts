import { freeSeatSql } from "../catalog/catalog.repo";
import type { DbClient } from "../infra/db";

export function findConcertText(db: DbClient, concertId: string) {
  return db.concert.findUnique({
    where: { id: concertId },
    select: { title: true, artist: true, venue: true, description: true },
  });
}

export async function updateConcertText(
  db: DbClient,
  concertId: string,
  data: { title?: string; artist?: string; venue?: string; description?: string },
): Promise<void> {
  await db.concert.update({ where: { id: concertId }, data, select: { id: true } });
}

export type ScheduleRow = {
  id: string;
  concertId: string;
  startsAt: Date;
  bookingOpensAt: Date;
  bookingClosesAt: Date;
  totalSeats: number;
  price: number;
  cancelledAt: Date | null;
  availableSeats: number;
};

/** The date with its free seats at `now` (a lapsed hold is free). */
export async function findScheduleDetails(db: DbClient, scheduleId: string, now: Date) {
  const rows = await db.$queryRaw<ScheduleRow[]>`
    SELECT sc.id, sc.concert_id AS "concertId", sc.starts_at AS "startsAt", sc.booking_opens_at AS "bookingOpensAt",
           sc.booking_closes_at AS "bookingClosesAt", sc.total_seats AS "totalSeats", sc.price,
           sc.cancelled_at AS "cancelledAt",
           (SELECT count(*)::int FROM seats s WHERE s.schedule_id = sc.id AND ${freeSeatSql(now)}) AS "availableSeats"
      FROM schedules sc WHERE sc.id = ${scheduleId}::uuid`;
  return rows[0];
}

/** The lowest seat above `keep` that is sold or held (live), which a shrink may not remove. */
export async function firstTakenSeatAbove(db: DbClient, scheduleId: string, keep: number, now: Date) {
  const rows = await db.$queryRaw<{ seatNumber: number; status: string }[]>`
    SELECT seat_number AS "seatNumber", status::text AS status FROM seats
     WHERE schedule_id = ${scheduleId}::uuid AND seat_number > ${keep}
       AND (status = 'SOLD' OR (status = 'HELD' AND held_until > ${now}))
     ORDER BY seat_number LIMIT 1`;
  return rows[0];
}

/** Appends seats from+1..to, of the last seat's section and the given price. */
export async function appendSeats(db: DbClient, scheduleId: string, from: number, to: number, price: number) {
  await db.$executeRaw`
    INSERT INTO seats (schedule_id, seat_number, grade, price)
    SELECT ${scheduleId}::uuid, n,
           coalesce((SELECT grade FROM seats WHERE schedule_id = ${scheduleId}::uuid AND seat_number = ${from}), 'STANDARD'),
           ${price}
      FROM generate_series(${from + 1}::int, ${to}::int) AS n`;
  await db.$executeRaw`
    UPDATE schedule_sections SET to_seat = ${to} WHERE schedule_id = ${scheduleId}::uuid AND to_seat = ${from}`;
}

/** Removes the free seats above `keep` (the caller has checked none is sold or held), and the sections' ends with them. */
export async function removeSeatsAbove(db: DbClient, scheduleId: string, keep: number) {
  await db.$executeRaw`DELETE FROM seats WHERE schedule_id = ${scheduleId}::uuid AND seat_number > ${keep}`;
  await db.$executeRaw`DELETE FROM schedule_sections WHERE schedule_id = ${scheduleId}::uuid AND from_seat > ${keep}`;
  await db.$executeRaw`
    UPDATE schedule_sections SET to_seat = ${keep} WHERE schedule_id = ${scheduleId}::uuid AND to_seat > ${keep}`;
}

/** The new price of every seat not sold, and of the date's sections. */
export async function repriceUnsold(db: DbClient, scheduleId: string, price: number) {
  await db.$executeRaw`
    UPDATE seats SET price = ${price}, version = version + 1 WHERE schedule_id = ${scheduleId}::uuid AND status <> 'SOLD'`;
  await db.$executeRaw`UPDATE schedule_sections SET price = ${price} WHERE schedule_id = ${scheduleId}::uuid`;
}

export async function updateScheduleRow(
  db: DbClient,
  scheduleId: string,
  data: { startsAt: Date; bookingOpensAt: Date; bookingClosesAt: Date; totalSeats: number; price: number },
) {
  await db.schedule.update({ where: { id: scheduleId }, data, select: { id: true } });
}
