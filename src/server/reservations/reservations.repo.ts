import type { Prisma, ReservationStatus, SeatStatus } from "@/generated/prisma/client";
import type { DbClient } from "../infra/db";

const RESERVATION_SELECT = {
  id: true,
  scheduleId: true,
  status: true,
  totalPrice: true,
  expiresAt: true,
  schedule: { select: { concertId: true, startsAt: true, concert: { select: { title: true } } } },
  seats: { select: { seatNumber: true, price: true }, orderBy: { seatNumber: "asc" } },
} satisfies Prisma.ReservationSelect;

export type ReservationRow = Prisma.ReservationGetPayload<{ select: typeof RESERVATION_SELECT }>;

export function findReservation(db: DbClient, reservationId: string, userId: string): Promise<ReservationRow | null> {
  return db.reservation.findFirst({ where: { id: reservationId, userId }, select: RESERVATION_SELECT });
}

export function findReservationsOfUser(db: DbClient, userId: string): Promise<ReservationRow[]> {
  return db.reservation.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: RESERVATION_SELECT,
  });
}

/** Whether the user exists; takes the row lock that serializes one user's holds. */
export async function lockUser(db: DbClient, userId: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT id FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
  return rows.length === 1;
}

export type LockedSeat = { id: string; seatNumber: number; price: number; status: SeatStatus; heldUntil: Date | null };

/** Locks the seats in ascending seat order, the one order every seat-locking statement uses. */
export function lockSeats(db: DbClient, scheduleId: string, seatNumbers: number[]): Promise<LockedSeat[]> {
  return db.$queryRaw<LockedSeat[]>`
    SELECT id, seat_number AS "seatNumber", price, status, held_until AS "heldUntil"
      FROM seats
     WHERE schedule_id = ${scheduleId}::uuid AND seat_number = ANY(${seatNumbers}::int[])
     ORDER BY seat_number
       FOR UPDATE`;
}

/** Seats of a date the user holds (unexpired) or has bought. */
export async function countSeatsOfUser(db: DbClient, scheduleId: string, userId: string, now: Date): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n
      FROM seats s
      JOIN reservations r ON r.id = s.reservation_id
     WHERE s.schedule_id = ${scheduleId}::uuid AND r.user_id = ${userId}::uuid
       AND (s.status = 'SOLD' OR (s.status = 'HELD' AND s.held_until > ${now}))`;
  return row?.n ?? 0;
}

/** Writes a HELD reservation and points its (locked) seats at it. */
export async function insertHold(
  db: DbClient,
  hold: { userId: string; scheduleId: string; seats: LockedSeat[]; totalPrice: number; expiresAt: Date; now: Date },
): Promise<string> {
  const { id } = await db.reservation.create({
    data: {
      userId: hold.userId,
      scheduleId: hold.scheduleId,
      status: "HELD",
      totalPrice: hold.totalPrice,
      expiresAt: hold.expiresAt,
      createdAt: hold.now,
      updatedAt: hold.now,
    },
    select: { id: true },
  });
  await db.reservationSeat.createMany({
    data: hold.seats.map((s) => ({ reservationId: id, seatId: s.id, seatNumber: s.seatNumber, price: s.price })),
  });
  await db.seat.updateMany({
    where: { id: { in: hold.seats.map((s) => s.id) } },
    data: { status: "HELD", reservationId: id, heldUntil: hold.expiresAt },
  });
  return id;
}

export type LockedReservation = { id: string; userId: string; status: ReservationStatus; expiresAt: Date };

export async function lockReservation(db: DbClient, reservationId: string): Promise<LockedReservation | undefined> {
  const rows = await db.$queryRaw<LockedReservation[]>`
    SELECT id, user_id AS "userId", status, expires_at AS "expiresAt"
      FROM reservations WHERE id = ${reservationId}::uuid FOR UPDATE`;
  return rows[0];
}

/** Locks up to `limit` lapsed HELD reservations, skipping any another transaction has locked. */
export async function lockLapsedHolds(db: DbClient, now: Date, limit: number): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM reservations
     WHERE status = 'HELD' AND expires_at <= ${now}
     ORDER BY expires_at
     LIMIT ${limit}
       FOR UPDATE SKIP LOCKED`;
  return rows.map((r) => r.id);
}

export async function setReservationStatus(
  db: DbClient,
  reservationIds: string[],
  status: ReservationStatus,
  now: Date,
): Promise<void> {
  await db.reservation.updateMany({ where: { id: { in: reservationIds } }, data: { status, updatedAt: now } });
}

/**
 * Frees the seats still held for these reservations (a lapsed seat another hold has taken since
 * points elsewhere and is left alone), locking them in (schedule, seat number) order first.
 */
export function releaseHeldSeats(db: DbClient, reservationIds: string[]): Promise<number> {
  return db.$executeRaw`
    WITH locked AS (
      SELECT id FROM seats
       WHERE reservation_id = ANY(${reservationIds}::uuid[]) AND status = 'HELD'
       ORDER BY schedule_id, seat_number
         FOR UPDATE
    )
    UPDATE seats SET status = 'AVAILABLE', reservation_id = NULL, held_until = NULL
      FROM locked
     WHERE seats.id = locked.id`;
}
