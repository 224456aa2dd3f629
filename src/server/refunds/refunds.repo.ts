import type { DbClient } from "../infra/db";
import { releaseHeldSeats, setReservationStatus } from "../reservations/reservations.repo";

/** The date of a change, its row locked (or share-locked) first. */
export type LockedSchedule = { id: string; concertId: string; startsAt: Date; cancelledAt: Date | null };

/**
 * Locks the concert's row, then its dates not yet cancelled (all of them, or the one asked for) in
 * id order, for update: the first locks of a cancellation. Holds and payments share-lock their
 * date first, so they finish before it or wait for its commit and then see the date cancelled.
 * The concert comes first so that a date's and the whole concert's cancellation queue.
 */
export async function lockConcertForCancel(db: DbClient, concertId: string) {
  const rows = await db.$queryRaw<{ id: string; cancelledAt: Date | null }[]>`
    SELECT id, cancelled_at AS "cancelledAt" FROM concerts WHERE id = ${concertId}::uuid FOR NO KEY UPDATE`;
  return rows[0];
}

export function lockSchedules(db: DbClient, where: { concertId: string } | { scheduleId: string }) {
  const [concertId, scheduleId] = "concertId" in where ? [where.concertId, null] : [null, where.scheduleId];
  return db.$queryRaw<LockedSchedule[]>`
    SELECT id, concert_id AS "concertId", starts_at AS "startsAt", cancelled_at AS "cancelledAt"
      FROM schedules
     WHERE (${concertId}::uuid IS NULL OR concert_id = ${concertId}::uuid)
       AND (${scheduleId}::uuid IS NULL OR id = ${scheduleId}::uuid)
     ORDER BY id
       FOR NO KEY UPDATE`;
}

/** The concert of a date, or undefined when there is no such date. */
export async function findConcertOfSchedule(db: DbClient, scheduleId: string): Promise<string | undefined> {
  const rows = await db.$queryRaw<{ concertId: string }[]>`
    SELECT concert_id AS "concertId" FROM schedules WHERE id = ${scheduleId}::uuid`;
  return rows[0]?.concertId;
}

export async function markCancelled(
  db: DbClient,
  p: { concertId: string | null; scheduleIds: string[]; now: Date },
): Promise<void> {
  await db.$executeRaw`
    UPDATE schedules SET cancelled_at = ${p.now} WHERE id = ANY(${p.scheduleIds}::uuid[]) AND cancelled_at IS NULL`;
  if (p.concertId) {
    await db.$executeRaw`UPDATE concerts SET cancelled_at = ${p.now} WHERE id = ${p.concertId}::uuid`;
  }
}

/** Closes the concert's waiting line (a new line version, so every instance takes it within a tick). */
export async function closeLine(db: DbClient, concertId: string): Promise<void> {
  await db.$executeRaw`
    UPDATE concerts SET queue_closed = true, line_version = line_version + 1 WHERE id = ${concertId}::uuid`;
}

/** Whether the concert still has a date not cancelled. */
export async function hasLiveDates(db: DbClient, concertId: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ live: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM schedules WHERE concert_id = ${concertId}::uuid AND cancelled_at IS NULL) AS live`;
  return rows[0]!.live;
}

/** The dates' reservations that are still live (HELD, lapsed or not) or paid, locked in id order. */
export function lockOpenReservations(db: DbClient, scheduleIds: string[]) {
  return db.$queryRaw<{ id: string; status: "HELD" | "CONFIRMED" }[]>`
    SELECT id, status::text AS status FROM reservations
     WHERE schedule_id = ANY(${scheduleIds}::uuid[]) AND status IN ('HELD', 'CONFIRMED')
     ORDER BY id
       FOR UPDATE`;
}

/** One reservation, locked, as a fan's refund judges it. */
export async function lockReservationToRefund(db: DbClient, reservationId: string) {
  const rows = await db.$queryRaw<
    { id: string; userId: string; status: string; startsAt: Date; dateCancelled: boolean }[]
  >`
    SELECT r.id, r.user_id AS "userId", r.status::text AS status, s.starts_at AS "startsAt",
           s.cancelled_at IS NOT NULL AS "dateCancelled"
      FROM reservations r JOIN schedules s ON s.id = r.schedule_id
     WHERE r.id = ${reservationId}::uuid
       FOR UPDATE OF r`;
  return rows[0];
}

/** Share-locks the reservation's date: a fan's refund and the date's cancellation take turns. */
export async function shareLockDateOfReservation(db: DbClient, reservationId: string): Promise<void> {
  await db.$queryRaw`
    SELECT 1 FROM schedules WHERE id = (SELECT schedule_id FROM reservations WHERE id = ${reservationId}::uuid) FOR SHARE`;
}

/**
 * Ends locked HELD reservations: CANCELLED, their held seats free. The caller has locked them.
 */
export async function endHolds(db: DbClient, reservationIds: string[], now: Date): Promise<void> {
  if (!reservationIds.length) return;
  await releaseHeldSeats(db, reservationIds);
  await setReservationStatus(db, reservationIds, "CANCELLED", now);
}

/**
 * Refunds locked CONFIRMED reservations in full: each buyer's balance gets back what they paid
 * (users locked in id order first), one REFUND ledger row per payment linked to it (with the
 * balance it left), the seats free again, the reservations REFUNDED. Answers the count and sum.
 * MAX_BALANCE does not apply: what was paid comes back even above it.
 */
export async function refundPaid(
  db: DbClient,
  reservationIds: string[],
  now: Date,
): Promise<{ refundedReservations: number; refundedAmount: number }> {
  if (!reservationIds.length) return { refundedReservations: 0, refundedAmount: 0 };
  await db.$queryRaw`
    SELECT 1 FROM users
     WHERE id IN (SELECT user_id FROM payments WHERE reservation_id = ANY(${reservationIds}::uuid[]))
     ORDER BY id
       FOR NO KEY UPDATE`;
  const [done] = await db.$queryRaw<{ n: number; total: bigint }[]>`
    WITH paid AS (
      SELECT p.id AS payment_id, p.user_id, p.amount FROM payments p
       WHERE p.reservation_id = ANY(${reservationIds}::uuid[])
    ), per_user AS (
      SELECT user_id, sum(amount)::int AS total FROM paid GROUP BY user_id
    ), credited AS (
      UPDATE users u SET balance = u.balance + per_user.total
        FROM per_user WHERE u.id = per_user.user_id
      RETURNING u.id, u.balance
    ), ledger AS (
      INSERT INTO point_transactions (user_id, type, amount, balance_after, payment_id, created_at)
      SELECT paid.user_id, 'REFUND', paid.amount,
             credited.balance - per_user.total
               + sum(paid.amount) OVER (PARTITION BY paid.user_id ORDER BY paid.payment_id)::int,
             paid.payment_id, ${now}
        FROM paid JOIN credited ON credited.id = paid.user_id JOIN per_user ON per_user.user_id = paid.user_id
      RETURNING amount
    )
    SELECT count(*)::int AS n, coalesce(sum(amount), 0)::bigint AS total FROM ledger`;
  await releaseHeldSeats(db, reservationIds, "SOLD");
  await setReservationStatus(db, reservationIds, "REFUNDED", now);
  return { refundedReservations: done!.n, refundedAmount: Number(done!.total) };
}
