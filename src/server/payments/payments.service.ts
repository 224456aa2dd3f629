import type { Deps } from "../deps";
import { AppError } from "../errors";
import { idempotencyScope } from "../idempotency/idempotency.service";
import { fetchPage, type PageQuery } from "../infra/cursor";
import { logger } from "../infra/logger";
import { metrics } from "../infra/metrics";
import type { QueueClaims } from "../infra/tokens";
import { releaseHoldsOfPass } from "../queue/queue.service";
import type { PaymentRefusal } from "./payment-rules";
import { listPayments, payReservation } from "./payments.repo";
import type { Payment, PaymentList } from "./payments.schema";

export type PayRequest = {
  userId: string;
  /** The caller's own waiting-room pass (signature and owner already checked). */
  pass: QueueClaims;
  reservationId: string;
  idempotencyKey: string | null;
};

export async function payForReservation(
  deps: Pick<Deps, "db" | "queue" | "clock" | "config">,
  req: PayRequest,
): Promise<Payment> {
  try {
    const payment = await pay(deps, req);
    metrics.payments.inc({ result: "completed" });
    return payment;
  } catch (err) {
    metrics.payments.inc({ result: err instanceof AppError ? err.code : "error" });
    throw err;
  }
}

async function pay(deps: Pick<Deps, "db" | "queue" | "clock" | "config">, req: PayRequest): Promise<Payment> {
  const { userId, pass, reservationId } = req;
  const idempotency = idempotencyScope(userId, "payments.pay", req.idempotencyKey, { reservationId });
  // The gate is the hold itself, not Redis's memory of the pass: a hold never outlives the pass it
  // was made under, and a pass that ends early (left, paid, its hard end) ends its holds. So a live
  // hold of the caller's, for the concert of their verified queue token, admits the payment, and a
  // fan whose pass vanished with a Redis restart still pays the seats held for them.

  // Invariants: a reservation is paid at most once, and all at once: points debited (never below
  // 0), seats SOLD, reservation CONFIRMED, payment and ledger rows written; or nothing changes. A
  // key is claimed in the same transaction, so it pays at most once. No payment completes on a
  // cancelled date. Lock order: the date's row (shared), the reservation row, the user row
  // (balance), then the seat rows (see payReservation).
  const outcome = await payReservation(
    deps.db,
    { reservationId, userId, concertId: pass.concertId, now: deps.clock.now() },
    { mode: deps.config.DATABASE_HOT_PATH, idempotency },
  );
  if (outcome.kind === "contended") {
    throw new AppError("CONFLICT", "This reservation changed while it was being paid; try again");
  }
  if (outcome.kind === "refused") throw paymentRefused(outcome.refusal);
  if (!outcome.replayed) {
    await endPass(deps, pass);
    // Only when the user holds other seats is there anything to end with the pass.
    if (outcome.otherHolds) await releaseHoldsOfPass(deps, pass);
  }
  const { paymentId, amount, balance, paidAt } = outcome.receipt;
  return { paymentId, reservationId: outcome.receipt.reservationId, amount, balance, paidAt, status: "COMPLETED" };
}

/** The answer to a refused payment. */
function paymentRefused(refusal: PaymentRefusal): AppError {
  switch (refusal.refused) {
    case "NOT_FOUND":
      return new AppError("NOT_FOUND", "Reservation not found");
    case "WRONG_CONCERT":
      return new AppError("QUEUE_PASS_WRONG_CONCERT", "Your queue pass is for another concert");
    case "ALREADY_PAID":
      return new AppError("ALREADY_PAID", "This reservation is already paid");
    case "ALREADY_ENDED":
      return new AppError("ALREADY_ENDED", "This reservation was cancelled");
    case "DATE_CANCELLED":
      return new AppError("ALREADY_ENDED", "This date has been cancelled");
    case "HOLD_EXPIRED":
      return new AppError("HOLD_EXPIRED", "The hold on these seats has expired; hold them again");
    case "INSUFFICIENT_POINTS":
      return new AppError("INSUFFICIENT_POINTS", `Not enough points: this payment needs ${refusal.amount}`);
  }
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
