import { errorReason, isPassProblem } from "@/lib/errors";
import type { Reservation } from "@/lib/trpc/types";

/** What the checkout shows: one screen per phase of the order. */
export type CheckoutPhase = "loading" | "missing" | "paid" | "ended" | "pass-lost" | "open";

export function checkoutPhase({
  ready,
  reservation,
  loadError,
  payProblem,
  now,
}: {
  /** The fan's session is known. */
  ready: boolean;
  reservation: Reservation | undefined;
  loadError: unknown;
  /** The last refused payment, if any. */
  payProblem: unknown;
  now: number;
}): CheckoutPhase {
  if (loadError) return "missing";
  if (!ready || !reservation) return "loading";
  if (reservation.status === "CONFIRMED") return "paid";
  if (reservation.status === "EXPIRED" || reservation.status === "CANCELLED") return "ended";
  if (reservation.status === "HELD" && Date.parse(reservation.expiresAt) <= now) return "ended";
  if (errorReason(payProblem) === "HOLD_EXPIRED") return "ended";
  if (isPassProblem(payProblem)) return "pass-lost";
  return "open";
}

/** Points still missing to pay `total` (0 while the balance is unknown). */
export function pointsShort(total: number, balance: number | undefined): number {
  return balance === undefined ? 0 : Math.max(0, total - balance);
}
