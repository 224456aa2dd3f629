import type { DbClient } from "../infra/db";
import { freeSeatSql } from "../catalog/catalog.repo";
import type { Section } from "./sections.schema";

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
    /** Covering 1..totalSeats (admin/sections.ts). */
    sections: readonly Section[];
  },
) {
  const { sections, ...data } = schedule;
  // The date's own price is its lowest: the "from" price of a date with several.
  const price = Math.min(...sections.map((s) => s.price));
  const row = await db.schedule.create({
    data: { ...data, price },
    select: { id: true, startsAt: true, totalSeats: true },
  });
  await db.scheduleSection.createMany({ data: sections.map((s) => ({ scheduleId: row.id, ...s })) });
  await db.seat.createMany({
    data: sections.flatMap((s) =>
      Array.from({ length: s.toSeat - s.fromSeat + 1 }, (_, i) => ({
        scheduleId: row.id,
        seatNumber: s.fromSeat + i,
        grade: s.name,
        price: s.price,
      })),
    ),
  });
  return row;
}

export function findConcertsForStats(db: DbClient) {
  return db.concert.findMany({
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, title: true, cancelledAt: true },
  });
}

export type ScheduleStatsRow = {
  id: string;
  concertId: string;
  startsAt: Date;
  cancelledAt: Date | null;
  totalSeats: number;
  available: number;
  held: number;
  sold: number;
  revenue: bigint;
  refunded: bigint;
};

/**
 * Seat counts of every date as they are at `now` (a lapsed hold is available), its takings (the
 * payments that stand) and what was refunded.
 */
export function findScheduleStats(db: DbClient, now: Date): Promise<ScheduleStatsRow[]> {
  return db.$queryRaw<ScheduleStatsRow[]>`
    SELECT sc.id, sc.concert_id AS "concertId", sc.starts_at AS "startsAt", sc.cancelled_at AS "cancelledAt",
           sc.total_seats AS "totalSeats",
           count(s.id) FILTER (WHERE ${freeSeatSql(now)})::int AS available,
           count(s.id) FILTER (WHERE s.status = 'HELD' AND s.held_until > ${now})::int AS held,
           count(s.id) FILTER (WHERE s.status = 'SOLD')::int AS sold,
           (SELECT COALESCE(sum(p.amount), 0) FROM payments p
              JOIN reservations r ON r.id = p.reservation_id
             WHERE r.schedule_id = sc.id AND r.status <> 'REFUNDED')::bigint AS revenue,
           (SELECT COALESCE(sum(p.amount), 0) FROM payments p
              JOIN reservations r ON r.id = p.reservation_id
             WHERE r.schedule_id = sc.id AND r.status = 'REFUNDED')::bigint AS refunded
      FROM schedules sc
      LEFT JOIN seats s ON s.schedule_id = sc.id
     GROUP BY sc.id
     ORDER BY sc.starts_at, sc.id`;
}

export type SectionStatsRow = {
  scheduleId: string;
  name: string;
  fromSeat: number;
  toSeat: number;
  price: number;
  totalSeats: number;
  available: number;
  held: number;
  sold: number;
  revenue: bigint;
  refunded: bigint;
};

/**
 * Seat counts, takings and refunds of every section as they are at `now`. A section's takings are
 * the prices its seats were sold at in paid reservations that stand, and its refunds those of
 * refunded ones (a refund is always in full), so a date's sections add up to its figures.
 */
export function findSectionStats(db: DbClient, now: Date): Promise<SectionStatsRow[]> {
  return db.$queryRaw<SectionStatsRow[]>`
    SELECT x.schedule_id AS "scheduleId", x.name, x.from_seat AS "fromSeat", x.to_seat AS "toSeat", x.price,
           count(s.id)::int AS "totalSeats",
           count(s.id) FILTER (WHERE ${freeSeatSql(now)})::int AS available,
           count(s.id) FILTER (WHERE s.status = 'HELD' AND s.held_until > ${now})::int AS held,
           count(s.id) FILTER (WHERE s.status = 'SOLD')::int AS sold,
           (SELECT COALESCE(sum(rs.price), 0) FROM reservation_seats rs
              JOIN payments p ON p.reservation_id = rs.reservation_id
              JOIN reservations r ON r.id = rs.reservation_id
             WHERE r.schedule_id = x.schedule_id AND r.status <> 'REFUNDED'
               AND rs.seat_number BETWEEN x.from_seat AND x.to_seat)::bigint AS revenue,
           (SELECT COALESCE(sum(rs.price), 0) FROM reservation_seats rs
              JOIN payments p ON p.reservation_id = rs.reservation_id
              JOIN reservations r ON r.id = rs.reservation_id
             WHERE r.schedule_id = x.schedule_id AND r.status = 'REFUNDED'
               AND rs.seat_number BETWEEN x.from_seat AND x.to_seat)::bigint AS refunded
      FROM schedule_sections x
      LEFT JOIN seats s ON s.schedule_id = x.schedule_id AND s.seat_number BETWEEN x.from_seat AND x.to_seat
     GROUP BY x.id
     ORDER BY x.schedule_id, x.from_seat`;
}

export function findScheduleExists(db: DbClient, scheduleId: string) {
  return db.schedule.findUnique({ where: { id: scheduleId }, select: { id: true } });
}

export type SaleRow = {
  seatNumber: number;
  section: string;
  price: number;
  reservationId: string;
  paidAt: Date;
  buyerId: string;
};

/** Every seat of a date sold in a paid, confirmed reservation, in seat order. */
export function findSales(db: DbClient, scheduleId: string): Promise<SaleRow[]> {
  return db.$queryRaw<SaleRow[]>`
    SELECT rs.seat_number AS "seatNumber", s.grade AS section, rs.price, r.id AS "reservationId",
           p.paid_at AS "paidAt", p.user_id AS "buyerId"
      FROM payments p
      JOIN reservations r ON r.id = p.reservation_id
      JOIN reservation_seats rs ON rs.reservation_id = r.id
      JOIN seats s ON s.id = rs.seat_id
     WHERE r.schedule_id = ${scheduleId}::uuid AND r.status = 'CONFIRMED'
     ORDER BY rs.seat_number, r.id`;
}
