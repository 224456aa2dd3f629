import type { Deps } from "../deps";
import { AppError } from "../errors";
import { idempotencyScope, runIdempotent } from "../idempotency/idempotency.service";
import { fetchPage, type PageQuery } from "../infra/cursor";
import type { DbClient } from "../infra/db";
import { creditWithLedgerEntry, findBalance, listLedgerEntries } from "./points.repo";
import type { Balance, ChargePoints, PointsCharged, PointsHistory } from "./points.schema";

export async function getBalance(deps: Pick<Deps, "db">, userId: string): Promise<Balance> {
  const user = await findBalance(deps.db, userId);
  if (!user) throw new AppError("NOT_FOUND", "User not found");
  return { userId, balance: user.balance };
}

export async function chargePoints(
  deps: Pick<Deps, "db" | "config" | "clock">,
  userId: string,
  input: ChargePoints,
  idempotencyKey: string | null,
): Promise<PointsCharged> {
  const scope = idempotencyScope(userId, "points.charge", idempotencyKey, input);
  const credit = async (db: DbClient): Promise<PointsCharged> => {
    const cap = deps.config.MAX_BALANCE;
    const entry = await creditWithLedgerEntry(db, { userId, amount: input.amount, cap, at: deps.clock.now() });
    if (!entry) throw new AppError("BALANCE_LIMIT", `A balance may not exceed ${cap} points`);
    return { userId, balance: entry.balanceAfter, transactionId: entry.id };
  };
  // Invariants: a charge never takes the balance above MAX_BALANCE (a refund may: refunds.repo.ts),
  // 0 <= balance, and the ledger sums to the balance hold within the
  // credit's single statement. A key adds one: it is claimed in the same transaction as the
  // credit, so it charges at most once.
  return runIdempotent(deps.db, scope, credit);
}

/** The user's ledger, newest first, a page at a time. */
export async function getPointsHistory(
  deps: Pick<Deps, "db">,
  userId: string,
  query: PageQuery,
): Promise<PointsHistory> {
  return fetchPage(
    query,
    (window) => listLedgerEntries(deps.db, userId, window),
    (r) => ({ at: r.createdAt, id: r.id }),
    (r) => ({
      transactionId: r.id,
      type: r.type,
      amount: r.amount,
      balanceAfter: r.balanceAfter,
      createdAt: r.createdAt.toISOString(),
    }),
  );
}
