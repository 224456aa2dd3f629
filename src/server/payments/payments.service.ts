import type { Deps } from "../deps";
import { AppError } from "../errors";
import { idempotencyScope, runOnce } from "../idempotency/idempotency.service";
import { runBatchInTransaction, type BatchRows } from "../infra/batch";
import { fetchPage, type PageQuery } from "../infra/cursor";
import { sqlBatch } from "../infra/db";
import { logger } from "../infra/logger";
import { metrics } from "../infra/metrics";
import type { QueueClaims } from "../infra/tokens";
import { releaseHoldsOfPass } from "../queue/queue.service";
import { listPayments, payBatch, type LockedReservation, type Settlement } from "./payments.repo";
import type { Payment, PaymentList } from "./payments.schema";

/** Payments of one reservation or one user queue on its row lock; give them room under a burst. */
const TX_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

/**
 * A hold is over once marked EXPIRED or once its time has passed, whether or not the sweeper has
 * run yet: both answer 410.
 */
export function isHoldLapsed(r: Pick<LockedReservation, "status" | "expiresAt">, now: Date): boolean {
  return r.status === "EXPIRED" || (r.status === "HELD" && r.expiresAt.getTime() <= now.getTime());
}

/** Throws the reason this caller may not pay the reservation now, if there is one. */
export function assertPayable(
  r: LockedReservation | undefined,
  caller: { userId: string; concertId: string },
  now: Date,
): asserts r is LockedReservation {
  // Someone else's reservation is answered like an unknown one, so ids reveal nothing.
  if (!r || r.userId !== caller.userId) throw new AppError("NOT_FOUND", "Reservation not found");
  if (r.concertId !== caller.concertId) {
    throw new AppError("QUEUE_PASS_WRONG_CONCERT", "Your queue pass is for another concert");
  }
  if (r.status === "CONFIRMED") throw new AppError("ALREADY_PAID", "This reservation is already paid");
  if (r.status === "CANCELLED") throw new AppError("ALREADY_ENDED", "This reservation was cancelled");
  if (isHoldLapsed(r, now)) throw new AppError("HOLD_EXPIRED", "The hold on these seats has expired; hold them again");
}

export type PayRequest = {
  userId: string;
  /** The caller's own waiting-room pass (signature and owner already checked). */
  pass: QueueClaims;
  reservationId: string;
  idempotencyKey: string | null;
};

export async function payForReservation(deps: Pick<Deps, "db" | "queue" | "clock">, req: PayRequest): Promise<Payment> {
  try {
    const payment = await pay(deps, req);
    metrics.payments.inc({ result: "completed" });
    return payment;
  } catch (err) {
    metrics.payments.inc({ result: err instanceof AppError ? err.code : "error" });
    throw err;
  }
}

async function pay(deps: Pick<Deps, "db" | "queue" | "clock">, req: PayRequest): Promise<Payment> {
  const { userId, pass, reservationId } = req;
  const scope = idempotencyScope(userId, "payments.pay", req.idempotencyKey, { reservationId });
  // The gate is the hold itself, not Redis's memory of the pass: a hold never outlives the pass it
  // was made under, and a pass that ends early (left, paid, its hard end) ends its holds. So a live
  // hold of the caller's, for the concert of their verified queue token, admits the payment, and a
  // fan whose pass vanished with a Redis restart still pays the seats held for them.

  // Invariants: a reservation is paid at most once, and all at once: points debited (never below
  // 0), seats SOLD, reservation CONFIRMED, payment and ledger rows written; or nothing changes. A
  // key is claimed in the same transaction, so it pays at most once. Lock order: reservation row,
  // then the user row (balance), then the seat rows. Without a key (the common case) it is one
  // batch, one round trip; a key's claim and stored response need Prisma's transaction.
  const now = deps.clock.now();
  const batch = payBatch({ reservationId, userId, concertId: pass.concertId, now });
  // Whether the user holds other seats (the batch says): only then is there anything to end with the pass.
  let otherHolds = false;
  const settled = (rows: BatchRows) => {
    otherHolds = (rows[2]?.[0] as Settlement | undefined)?.otherHolds === true;
    return settle(rows, userId, pass.concertId, now);
  };
  const { response, replayed } = scope
    ? await deps.db.$transaction(
        async (tx) => runOnce(tx, scope, async () => settled(await runBatchInTransaction(tx, batch))),
        TX_OPTIONS,
      )
    : { response: settled(await sqlBatch(deps.db, batch)), replayed: false };
  if (!replayed) {
    await endPass(deps, pass);
    if (otherHolds) await releaseHoldsOfPass(deps, pass);
  }
  return response;
}

/**
 * The payment's outcome from what the statements answered (see PAY in payments.repo.ts): the
 * reason it was refused, in the order the rules apply, or the payment. Whatever is refused was
 * not written.
 */
function settle(batch: BatchRows, userId: string, concertId: string, now: Date): Payment {
  const reservation = batch[0]?.[0] as LockedReservation | undefined;
  assertPayable(reservation, { userId, concertId }, now);
  const s = batch[2]?.[0] as Settlement;
  const amount = reservation.totalPrice;
  if (!s.payable) throw new Error("The payment batch refused a reservation every rule allowed");
  if (s.paymentId === null || s.balance === null) {
    if ((s.balanceBefore ?? 0) < amount)
      throw new AppError("INSUFFICIENT_POINTS", `Not enough points: this payment needs ${amount}`);
    // Fewer seats than reserved means another hold took over seats of this one after it lapsed.
    if (s.seatsHeld !== reservation.seatCount)
      throw new AppError("HOLD_EXPIRED", "The hold on these seats has expired; hold them again");
    throw new Error("The payment batch wrote nothing for a payable reservation");
  }
  return {
    paymentId: s.paymentId,
    reservationId: reservation.id,
    amount,
    balance: s.balance,
    paidAt: now.toISOString(),
    status: "COMPLETED",
  };
}

/** After commit, whatever pass exists. One that fails to end here still ends by its TTL, so the payment stands. */
async function endPass(deps: Pick<Deps, "queue">, pass: QueueClaims): Promise<void> {
  try {
    await deps.queue.end(pass.concertId, pass.userId, pass.tokenId);
  } catch (err) {
    logger.warn({ err, concertId: pass.concertId }, "could not end the queue pass after a payment");
  }
}

/** The user's payments, newest first, a page at a time. */
export async function listMyPayments(deps: Pick<Deps, "db">, userId: string, query: PageQuery): Promise<PaymentList> {
  return fetchPage(
    query,
    (window) => listPayments(deps.db, userId, window),
    (r) => ({ at: r.paidAt, id: r.id }),
    (r) => ({
      paymentId: r.id,
      reservationId: r.reservationId,
      amount: r.amount,
      balance: r.balanceAfter,
      paidAt: r.paidAt.toISOString(),
      status: "COMPLETED" as const,
    }),
  );
}
