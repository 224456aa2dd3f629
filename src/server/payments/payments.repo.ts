import { Prisma } from "@/generated/prisma/client";
import { runOnce } from "../idempotency/idempotency.service";
import type { IdempotencyScope } from "../idempotency/idempotency.schema";
import { defineBatch, runBatchInTransaction, type BatchRows, type BoundBatch } from "../infra/batch";
import type { Keyset } from "../infra/cursor";
import { RowChanged, retryOptimistic, sqlBatch, TX_OPTIONS, type Db, type DbClient, type HotPath } from "../infra/db";
import { judgeReservation, judgeSettlement, type PaymentRefusal, type ReservationToPay } from "./payment-rules";

/**
 * A payment, the same in every mode (DATABASE_HOT_PATH). Lock order: the date's row (shared), the
 * reservation row, the user row (the balance), the seat rows in seat order.
 *
 * 0. Share-locks the reservation's date: a cancellation (which locks it for update) waits for the
 *    payments under way and then refunds them; a payment after it waits and sees it cancelled.
 * 1. Locks and reads the reservation, to judge it (judgeReservation).
 * 2. Locks the user row (the balance).
 * 3. Settles, only when the reservation is the caller's, of the pass's concert, HELD and not
 *    lapsed, every one of its seats is still held by it (locked and counted as the lock finds
 *    them: a lapsed seat another hold took over no longer counts) and the balance covers the
 *    total (judgeSettlement): takes the amount (a conditional update, never below 0), marks the
 *    seats SOLD, confirms the reservation (both versions bumped), writes the payment and its
 *    ledger entry. It also tells whether the user holds other seats.
 *
 * `batch` sends these as the three statements below: one prepared batch on a plain connection (one
 * round trip, plans kept: see infra/batch.ts), or one by one inside a Prisma transaction when an
 * Idempotency-Key must be claimed in that same transaction. The benchmark's baseline runs exactly
 * these (bench/baseline-server.ts). `prisma` takes the same locks with SELECT ... FOR UPDATE in
 * an interactive transaction (payLocked); `optimistic` takes none and writes only over the
 * versions it read (payOptimistic).
 */
const PAY = defineBatch(
  "pay",
  { reservation: "uuid", user: "uuid", concert: "uuid", now: "timestamptz" },
  ({ reservation, user, concert, now }) => [
    `SELECT 1 FROM schedules WHERE id = (SELECT schedule_id FROM reservations WHERE id = ${reservation}) FOR SHARE`,
    `SELECT r.id, r.user_id AS "userId", r.status::text AS status, r.total_price AS "totalPrice",
            r.expires_at AS "expiresAt", s.concert_id AS "concertId", s.cancelled_at IS NOT NULL AS "dateCancelled",
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
        WHERE r.user_id = ${user} AND sc.concert_id = ${concert} AND sc.cancelled_at IS NULL
          AND r.status = 'HELD' AND r.expires_at > ${now}
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
       UPDATE seats SET status = 'SOLD', held_until = NULL, version = seats.version + 1
         FROM held
        WHERE seats.id = held.id AND EXISTS (SELECT 1 FROM debit)
     ), confirmed AS (
       UPDATE reservations SET status = 'CONFIRMED', updated_at = ${now}, version = reservations.version + 1
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

/** What the settling statement answers; `paymentId` is set when the payment was written. */
type SettledRow = {
  payable: boolean;
  seatsHeld: number;
  balanceBefore: number | null;
  balance: number | null;
  paymentId: string | null;
  otherHolds: boolean;
};

export type PayInput = { reservationId: string; userId: string; concertId: string; now: Date };

/** What a payment answers, as an Idempotency-Key keeps it (JSON). */
type PaymentReceipt = {
  paymentId: string;
  reservationId: string;
  amount: number;
  balance: number;
  paidAt: string;
};

/**
 * A payment's outcome. `paid`: written now, or `replayed` from the key's first request;
 * `otherHolds` says whether the user holds other live seats (never on a replay). `contended`:
 * optimistic attempts kept finding the rows changed. Whatever is refused or contended wrote nothing.
 */
export type PayOutcome =
  | { kind: "paid"; receipt: PaymentReceipt; replayed: boolean; otherHolds: boolean }
  | { kind: "refused"; refusal: PaymentRefusal }
  | { kind: "contended" };

type Settled =
  Extract<PayOutcome, { kind: "refused" }> | { kind: "paid"; receipt: PaymentReceipt; otherHolds: boolean };

/** Rolls back a keyed transaction whose payment was refused, so that the key is not kept. */
class Refused extends Error {
  constructor(readonly refusal: PaymentRefusal) {
    super(refusal.refused);
  }
}

/**
 * Pays `req` by the DATABASE_HOT_PATH `mode`. With an Idempotency-Key scope, the key is claimed
 * in the payment's own transaction, so it pays at most once; a refused payment keeps no key.
 */
export async function payReservation(
  db: Db,
  req: PayInput,
  opts: { mode: HotPath; idempotency?: IdempotencyScope },
): Promise<PayOutcome> {
  const { mode, idempotency } = opts;
  const batch = payBatch(req);
  const settle = (tx: DbClient): Promise<Settled> =>
    mode === "batch"
      ? runBatchInTransaction(tx, batch).then((rows) => settleBatch(rows, req))
      : mode === "prisma"
        ? payLocked(tx, req)
        : payOptimistic(tx, req);
  const contended = (): PayOutcome => ({ kind: "contended" });

  if (!idempotency) {
    const settled =
      mode === "batch"
        ? settleBatch(await sqlBatch(db, batch), req)
        : mode === "prisma"
          ? await db.$transaction(settle, TX_OPTIONS)
          : await retryOptimistic<Settled | PayOutcome>(db, settle, contended);
    return settled.kind === "paid" ? { ...settled, replayed: false } : settled;
  }

  let otherHolds = false;
  const once = (tx: DbClient) =>
    runOnce(tx, idempotency, async () => {
      const settled = await settle(tx);
      if (settled.kind === "refused") throw new Refused(settled.refusal);
      otherHolds = settled.otherHolds;
      return settled.receipt;
    });
  try {
    const keyed =
      mode === "optimistic"
        ? await retryOptimistic<Awaited<ReturnType<typeof once>> | null>(db, once, () => null)
        : await db.$transaction(once, TX_OPTIONS);
    if (!keyed) return contended();
    const { response, replayed } = keyed;
    return { kind: "paid", receipt: response, replayed, otherHolds: !replayed && otherHolds };
  } catch (err) {
    if (err instanceof Refused) return { kind: "refused", refusal: err.refusal };
    throw err;
  }
}

/** The outcome from what the batch's statements answered. */
function settleBatch(rows: BatchRows, req: PayInput): Settled {
  const reservation = rows[1]?.[0] as ReservationToPay | undefined;
  const refusal = judgeReservation(reservation, req, req.now);
  if (refusal) return { kind: "refused", refusal };
  const s = rows[3]?.[0] as SettledRow;
  if (!s.payable) throw new Error("The payment batch refused a reservation every rule allowed");
  if (s.paymentId === null || s.balance === null) {
    const short = judgeSettlement(reservation!, { balance: s.balanceBefore, seatsHeld: s.seatsHeld });
    if (short) return { kind: "refused", refusal: short };
    throw new Error("The payment batch wrote nothing for a payable reservation");
  }
  return { kind: "paid", receipt: receipt(reservation!, s.paymentId, s.balance, req.now), otherHolds: s.otherHolds };
}

function receipt(r: ReservationToPay, paymentId: string, balance: number, now: Date): PaymentReceipt {
  return { paymentId, reservationId: r.id, amount: r.totalPrice, balance, paidAt: now.toISOString() };
}

/** Share-locks the date of the reservation (see PAY, step 0). */
async function shareLockDateOf(tx: DbClient, reservationId: string): Promise<void> {
  await tx.$queryRaw`
    SELECT 1 FROM schedules WHERE id = (SELECT schedule_id FROM reservations WHERE id = ${reservationId}::uuid) FOR SHARE`;
}

/** Locks the date (shared) and the reservation's row, and reads it as a payment judges it. */
async function lockReservationToPay(tx: DbClient, reservationId: string): Promise<ReservationToPay | undefined> {
  await shareLockDateOf(tx, reservationId);
  const rows = await tx.$queryRaw<ReservationToPay[]>`
    SELECT r.id, r.user_id AS "userId", r.status::text AS status, r.total_price AS "totalPrice",
           r.expires_at AS "expiresAt", s.concert_id AS "concertId", s.cancelled_at IS NOT NULL AS "dateCancelled",
           (SELECT count(*)::int FROM reservation_seats rs WHERE rs.reservation_id = r.id) AS "seatCount"
      FROM reservations r JOIN schedules s ON s.id = r.schedule_id
     WHERE r.id = ${reservationId}::uuid
       FOR UPDATE OF r`;
  return rows[0];
}

/** Whether the user holds other live seats, which end with the pass this payment ends. */
async function hasOtherHolds(tx: DbClient, req: PayInput): Promise<boolean> {
  const rows = await tx.$queryRaw<{ other: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM reservations
                    WHERE user_id = ${req.userId}::uuid AND id <> ${req.reservationId}::uuid
                      AND status = 'HELD' AND expires_at > ${req.now}) AS other`;
  return rows[0]!.other;
}

/** The payment and its ledger entry, once the debit has left `balance`. */
async function recordPayment(tx: DbClient, r: ReservationToPay, balance: number, req: PayInput): Promise<Settled> {
  const payment = await tx.payment.create({
    data: { reservationId: r.id, userId: req.userId, amount: r.totalPrice, paidAt: req.now },
    select: { id: true },
  });
  await tx.pointTransaction.create({
    data: {
      userId: req.userId,
      type: "PAYMENT",
      amount: -r.totalPrice,
      balanceAfter: balance,
      paymentId: payment.id,
      createdAt: req.now,
    },
    select: { id: true },
  });
  return { kind: "paid", receipt: receipt(r, payment.id, balance, req.now), otherHolds: await hasOtherHolds(tx, req) };
}

/**
 * The payment as a Prisma interactive transaction with SELECT ... FOR UPDATE: the reservation,
 * the user (NO KEY UPDATE, as the batch: rows that merely reference the user may still be
 * written), the seats in seat order; then judge and write.
 */
async function payLocked(tx: DbClient, req: PayInput): Promise<Settled> {
  const r = await lockReservationToPay(tx, req.reservationId);
  const refusal = judgeReservation(r, req, req.now);
  if (refusal || !r) return { kind: "refused", refusal: refusal ?? { refused: "NOT_FOUND" } };
  const user = await tx.$queryRaw<{ balance: number }[]>`
    SELECT balance FROM users WHERE id = ${req.userId}::uuid FOR NO KEY UPDATE`;
  const seats = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM seats WHERE reservation_id = ${r.id}::uuid AND status = 'HELD'
     ORDER BY schedule_id, seat_number
       FOR UPDATE`;
  const short = judgeSettlement(r, { balance: user[0]?.balance ?? null, seatsHeld: seats.length });
  if (short) return { kind: "refused", refusal: short };
  const { balance } = await tx.user.update({
    where: { id: req.userId },
    data: { balance: { decrement: r.totalPrice } },
    select: { balance: true },
  });
  await tx.seat.updateMany({
    where: { id: { in: seats.map((s) => s.id) } },
    data: { status: "SOLD", heldUntil: null, version: { increment: 1 } },
  });
  await tx.reservation.update({
    where: { id: r.id },
    data: { status: "CONFIRMED", updatedAt: req.now, version: { increment: 1 } },
    select: { id: true },
  });
  return recordPayment(tx, r, balance, req);
}

/**
 * The payment without row locks but the date's shared one (taken first, so that a cancellation
 * and this payment cannot interleave): read the reservation and its held seats with their versions and
 * the balance, in one statement; judge; then write in the lock order, each only over what was read: the reservation
 * by its version, the debit only while the balance covers it, each seat by its version. A change
 * throws RowChanged, which rolls the attempt back for retryOptimistic to run it again.
 */
async function payOptimistic(tx: DbClient, req: PayInput): Promise<Settled> {
  await shareLockDateOf(tx, req.reservationId);
  // One statement, so that everything judged was true at one instant (a payment committing
  // between two reads would otherwise show its reservation HELD and its seats already SOLD).
  const rows = await tx.$queryRaw<
    (ReservationToPay & { version: number; balance: number | null; seats: { id: string; version: number }[] })[]
  >`
    SELECT r.id, r.user_id AS "userId", r.status::text AS status, r.total_price AS "totalPrice",
           r.expires_at AS "expiresAt", s.concert_id AS "concertId", s.cancelled_at IS NOT NULL AS "dateCancelled",
           r.version,
           (SELECT count(*)::int FROM reservation_seats rs WHERE rs.reservation_id = r.id) AS "seatCount",
           (SELECT balance FROM users WHERE id = ${req.userId}::uuid) AS balance,
           (SELECT coalesce(json_agg(json_build_object('id', st.id, 'version', st.version)), '[]')
              FROM seats st WHERE st.reservation_id = r.id AND st.status = 'HELD') AS seats
      FROM reservations r JOIN schedules s ON s.id = r.schedule_id
     WHERE r.id = ${req.reservationId}::uuid`;
  const r = rows[0];
  const refusal = judgeReservation(r, req, req.now);
  if (refusal || !r) return { kind: "refused", refusal: refusal ?? { refused: "NOT_FOUND" } };
  const { seats } = r;
  const short = judgeSettlement(r, { balance: r.balance, seatsHeld: seats.length });
  if (short) return { kind: "refused", refusal: short };
  const confirmed = await tx.$executeRaw`
    UPDATE reservations SET status = 'CONFIRMED', updated_at = ${req.now}, version = version + 1
     WHERE id = ${r.id}::uuid AND version = ${r.version}`;
  if (confirmed !== 1) throw new RowChanged();
  const debit = await tx.$queryRaw<{ balance: number }[]>`
    UPDATE users SET balance = balance - ${r.totalPrice} WHERE id = ${req.userId}::uuid AND balance >= ${r.totalPrice}
    RETURNING balance`;
  if (!debit[0]) throw new RowChanged();
  const sold = await tx.$executeRaw`
    UPDATE seats SET status = 'SOLD', held_until = NULL, version = seats.version + 1
      FROM unnest(${seats.map((s) => s.id)}::uuid[], ${seats.map((s) => s.version)}::int[]) AS seen(id, version)
     WHERE seats.id = seen.id AND seats.version = seen.version`;
  if (sold !== seats.length) throw new RowChanged();
  return recordPayment(tx, r, debit[0].balance, req);
}

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
