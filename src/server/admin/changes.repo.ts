import { freeSeatSql } from "../catalog/catalog.repo";
import type { DbClient } from "../infra/db";
import type { Section } from "./sections.schema";

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

/** The date's sections in seat order. */
export function findSections(db: DbClient, scheduleId: string): Promise<Section[]> {
  return db.scheduleSection.findMany({
    where: { scheduleId },
    orderBy: { fromSeat: "asc" },
    select: { name: true, fromSeat: true, toSeat: true, price: true },
  });
}

/**
 * The lowest seat above `keep` that a shrink may not remove: sold, held (live), or once paid for
 * (a refunded booking keeps its seats on record).
 */
export async function firstKeptSeatAbove(db: DbClient, scheduleId: string, keep: number, now: Date) {
  const rows = await db.$queryRaw<{ seatNumber: number; why: "SOLD" | "HELD" | "PAID_BEFORE" }[]>`
    SELECT s.seat_number AS "seatNumber",
           CASE WHEN s.status = 'SOLD' THEN 'SOLD'
                WHEN s.status = 'HELD' AND s.held_until > ${now} THEN 'HELD'
                ELSE 'PAID_BEFORE' END AS why
      FROM seats s
     WHERE s.schedule_id = ${scheduleId}::uuid AND s.seat_number > ${keep}
       AND (s.status = 'SOLD' OR (s.status = 'HELD' AND s.held_until > ${now})
            OR EXISTS (SELECT 1 FROM reservation_seats rs JOIN payments p ON p.reservation_id = rs.reservation_id
                        WHERE rs.seat_id = s.id))
     ORDER BY s.seat_number LIMIT 1`;
  return rows[0];
}

/** The seats sold or held (live), which keep the section they were sold or held in. */
export function findTakenSeats(db: DbClient, scheduleId: string, now: Date) {
  return db.$queryRaw<{ seatNumber: number; section: string; sold: boolean }[]>`
    SELECT seat_number AS "seatNumber", grade AS section, status = 'SOLD' AS sold FROM seats
     WHERE schedule_id = ${scheduleId}::uuid AND (status = 'SOLD' OR (status = 'HELD' AND held_until > ${now}))
     ORDER BY seat_number`;
}

/** Appends seats from+1..to to the section that ends at `from` (the last), at its name and price. */
export async function appendSeats(db: DbClient, scheduleId: string, from: number, to: number) {
  await db.$executeRaw`
    INSERT INTO seats (schedule_id, seat_number, grade, price)
    SELECT ${scheduleId}::uuid, n, x.name, x.price
      FROM schedule_sections x, generate_series(${from + 1}::int, ${to}::int) AS n
     WHERE x.schedule_id = ${scheduleId}::uuid AND x.to_seat = ${from}`;
  await db.$executeRaw`
    UPDATE schedule_sections SET to_seat = ${to} WHERE schedule_id = ${scheduleId}::uuid AND to_seat = ${from}`;
}

/**
 * Removes the seats above `keep` (the caller has checked none is sold, held or was paid for; the
 * lines of lapsed unpaid holds go with them), and the sections' ends with them.
 */
export async function removeSeatsAbove(db: DbClient, scheduleId: string, keep: number) {
  await db.$executeRaw`DELETE FROM seats WHERE schedule_id = ${scheduleId}::uuid AND seat_number > ${keep}`;
  await db.$executeRaw`DELETE FROM schedule_sections WHERE schedule_id = ${scheduleId}::uuid AND from_seat > ${keep}`;
  await db.$executeRaw`
    UPDATE schedule_sections SET to_seat = ${keep} WHERE schedule_id = ${scheduleId}::uuid AND to_seat > ${keep}`;
}

/** One new price for every section of the date, and so for every seat not sold. */
export async function repriceUnsold(db: DbClient, scheduleId: string, price: number) {
  await db.$executeRaw`UPDATE schedule_sections SET price = ${price} WHERE schedule_id = ${scheduleId}::uuid`;
  await applySections(db, scheduleId);
}

/** New sections for the date (covering its seats); its unsold seats take their section's name and price. */
export async function replaceSections(db: DbClient, scheduleId: string, sections: readonly Section[]) {
  await db.scheduleSection.deleteMany({ where: { scheduleId } });
  await db.scheduleSection.createMany({ data: sections.map((s) => ({ scheduleId, ...s })) });
  await applySections(db, scheduleId);
}

async function applySections(db: DbClient, scheduleId: string) {
  await db.$executeRaw`
    UPDATE seats s SET grade = x.name, price = x.price, version = s.version + 1
      FROM schedule_sections x
     WHERE s.schedule_id = ${scheduleId}::uuid AND x.schedule_id = s.schedule_id
       AND s.seat_number BETWEEN x.from_seat AND x.to_seat AND s.status <> 'SOLD'
       AND (s.grade <> x.name OR s.price <> x.price)`;
}

export async function updateScheduleRow(
  db: DbClient,
  scheduleId: string,
  data: { startsAt: Date; bookingOpensAt: Date; bookingClosesAt: Date; totalSeats: number; price: number },
) {
  await db.schedule.update({ where: { id: scheduleId }, data, select: { id: true } });
}
