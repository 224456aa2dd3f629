import { Prisma } from "@/generated/prisma/client";
import type { ReservationStatus } from "@/generated/prisma/enums";
import { defineBatch, type BoundBatch } from "../infra/batch";
import type { Keyset } from "../infra/cursor";
import type { DbClient } from "../infra/db";

/**
 * A payment is three statements run as one transaction: one prepared batch on a plain connection
 * (one round trip, plans kept: see infra/batch.ts), or one by one inside a Prisma transaction
 * when an Idempotency-Key must be claimed in that same transaction. The benchmark's baseline runs
 * exactly these (bench/baseline-server.ts). Lock order: the reservation row, the user row, the seat rows.
 *
 * 1. Locks and reads the reservation, for the service to tell why it may not be paid.
 * 2. Locks the user row (the balance).
 * 3. Settles, only when the reservation is the caller's, of the pass's concert, HELD and not
 *    lapsed (the rules of assertPayable), every one of its seats is still held by it (locked and
 *    counted as the lock finds them: a lapsed seat another hold took over no longer counts) and
 *    the balance covers the total: takes the amount (a conditional update, never below 0), marks
 *    the seats SOLD, confirms the reservation, writes the payment and its ledger entry. It answers
 *    what the service needs to tell 402 from 410, and whether the user holds other seats.
 */
const PAY = defineBatch(
  "pay",
  { reservation: "uuid", user: "uuid", concert: "uuid", now: "timestamptz" },
  ({ reservation, user, concert, now }) => [
    `SELECT r.id, r.user_id AS "userId", r.status::text AS status, r.total_price AS "totalPrice",
            r.expires_at AS "expiresAt", s.concert_id AS "concertId",
            (SELECT count(*)::int FROM reservation_seats rs WHERE rs.reservation_id = r.id) AS "seatCount"
       FROM reservations r JOIN schedules s ON s.id = r.schedule_id
      WHERE r.id = ${reservation}
        FOR UPDATE OF r`,
    `SELECT 1 FROM users WHERE id = ${user} FOR NO KEY UPDATE`,
    // The reservation is found by its id alone (a materialized CTE is not merged into the query
    // around it): with the rules in the same scan, a plan made while the table was small could
    // reach it through (status, expires_at) instead, and a kept plan would then walk every live
    // hold on each payment (batch.int.test.ts checks the plan).
    `WITH target AS MATERIALIZED (
       SELECT id, user_id, schedule_id, status, expires_at, total_price FROM reservations WHERE id = ${reservation}
     ), payable AS (
       SELECT r.total_price, (SELECT count(*)::int FROM reservation_seats rs WHERE rs.reservation_id = r.id) AS seat_count
         FROM target r JOIN schedules sc ON sc.id = r.schedule_id
        WHERE r.user_id = ${user} AND sc.concert_id = ${concert} AND r.status = 'HELD' AND r.expires_at > ${now}
     ), held AS (
       SELECT id FROM seats
        WHERE reservation_id = ${reservation} AND status = 'HELD' AND EXISTS (SELECT 1 FROM payable)
        ORDER BY schedule_id, seat_number
          FOR UPDATE
     ), debit AS (
       UPDATE users SET balance = balance - payable.total_price
         FROM payable
        WHERE users.id = ${user} AND users.balance >= payable.total_price
          AND (SELECT count(*) FROM held) = payable.seat_count
       RETURNING users.balance
     ), sold AS (
       UPDATE seats SET status = 'SOLD', held_until = NULL
         FROM held
        WHERE seats.id = held.id AND EXISTS (SELECT 1 FROM debit)
     ), confirmed AS (
       UPDATE reservations SET status = 'CONFIRMED', updated_at = ${now}
        WHERE id = ${reservation} AND EXISTS (SELECT 1 FROM debit)
     ), payment AS (
       INSERT INTO payments (reservation_id, user_id, amount, paid_at)
       SELECT ${reservation}, ${user}, total_price, ${now} FROM payable WHERE EXISTS (SELECT 1 FROM debit)
       RETURNING id, amount
     ), ledger AS (
       INSERT INTO point_transactions (user_id, type, amount, balance_after, payment_id, created_at)
       SELECT ${user}, 'PAYMENT', -payment.amount, debit.balance, payment.id, ${now} FROM payment, debit
     )
     SELECT EXISTS (SELECT 1 FROM payable) AS payable,
            (SELECT count(*)::int FROM held) AS "seatsHeld",
            (SELECT balance FROM users WHERE id = ${user}) AS "balanceBefore",
            (SELECT balance FROM debit) AS balance,
            (SELECT id FROM payment) AS "paymentId",
            -- Whether the user holds other seats, which end with the pass this payment ends (the
            -- status compared as text, so the kept plan finds them by the user, never by status).
            EXISTS (SELECT 1 FROM reservations o
                     WHERE o.user_id = ${user} AND o.id <> ${reservation}
                       AND o.status::text = 'HELD' AND o.expires_at > ${now}) AS "otherHolds"`,
  ],
);

/** The payment batch for this reservation, ready to run. */
export function payBatch(p: { reservationId: string; userId: string; concertId: string; now: Date }): BoundBatch {
  return PAY.bind({ reservation: p.reservationId, user: p.userId, concert: p.concertId, now: p.now });
}

export type LockedReservation = {
  id: string;
  userId: string;
  status: ReservationStatus;
  totalPrice: number;
  expiresAt: Date;
  concertId: string;
  seatCount: number;
};

/** What the settling statement answers; `paymentId` is set when the payment was written. */
export type Settlement = {
  payable: boolean;
  seatsHeld: number;
  balanceBefore: number | null;
  balance: number | null;
  paymentId: string | null;
  otherHolds: boolean;
};

/**
 * The user's payments, newest first, `limit` of them below `after` (the last row of the previous
 * page), each with the balance its ledger entry left. The row comparison is a range of the
 * (user_id, paid_at, id) index, so the scan starts at the cursor; each entry is found by its
 * payment_id index.
 */
export function listPayments(db: DbClient, userId: string, opts: { limit: number; after?: Keyset }) {
  const { after } = opts;
  const below = after
    ? Prisma.sql`AND (p.paid_at, p.id) < (${after.at}::timestamptz, ${after.id}::uuid)`
    : Prisma.empty;
  return db.$queryRaw<{ id: string; reservationId: string; amount: number; paidAt: Date; balanceAfter: number }[]>`
    SELECT p.id, p.reservation_id AS "reservationId", p.amount, p.paid_at AS "paidAt", t.balance_after AS "balanceAfter"
    FROM payments p JOIN point_transactions t ON t.payment_id = p.id AND t.type = 'PAYMENT'
    WHERE p.user_id = ${userId}::uuid ${below}
    ORDER BY p.paid_at DESC, p.id DESC
    LIMIT ${opts.limit}`;
}
