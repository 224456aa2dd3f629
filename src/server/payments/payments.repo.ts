import type { ReservationStatus } from "@/generated/prisma/enums";
import type { DbClient } from "../infra/db";

export type LockedReservation = {
  id: string;
  userId: string;
  status: ReservationStatus;
  totalPrice: number;
  expiresAt: Date;
  concertId: string;
  seatCount: number;
};

/** Reads the reservation and locks its row (only that row) until the transaction ends. */
export async function lockReservation(db: DbClient, reservationId: string): Promise<LockedReservation | undefined> {
  const rows = await db.$queryRaw<LockedReservation[]>`
    SELECT r.id, r.user_id AS "userId", r.status::text AS status, r.total_price AS "totalPrice",
           r.expires_at AS "expiresAt", s.concert_id AS "concertId",
           (SELECT count(*)::int FROM reservation_seats rs WHERE rs.reservation_id = r.id) AS "seatCount"
    FROM reservations r JOIN schedules s ON s.id = r.schedule_id
    WHERE r.id = ${reservationId}::uuid
    FOR UPDATE OF r`;
  return rows[0];
}

/** Marks the seats the reservation still holds SOLD; returns how many it marked. */
export function sellHeldSeats(db: DbClient, reservationId: string): Promise<number> {
  return db.$executeRaw`
    UPDATE seats SET status = 'SOLD', held_until = NULL
    WHERE reservation_id = ${reservationId}::uuid AND status = 'HELD'`;
}

export function confirmReservation(db: DbClient, reservationId: string, at: Date) {
  return db.reservation.update({
    where: { id: reservationId },
    data: { status: "CONFIRMED", updatedAt: at },
    select: { id: true },
  });
}

export function insertPayment(db: DbClient, payment: { reservationId: string; userId: string; amount: number; paidAt: Date }) {
  return db.payment.create({ data: payment, select: { id: true } });
}

/** The user's payments, newest first, each with the balance its ledger entry left. */
export function listPayments(db: DbClient, userId: string) {
  return db.$queryRaw<{ id: string; reservationId: string; amount: number; paidAt: Date; balanceAfter: number }[]>`
    SELECT p.id, p.reservation_id AS "reservationId", p.amount, p.paid_at AS "paidAt", t.balance_after AS "balanceAfter"
    FROM payments p JOIN point_transactions t ON t.payment_id = p.id
    WHERE p.user_id = ${userId}::uuid
    ORDER BY p.paid_at DESC, p.id DESC`;
}
