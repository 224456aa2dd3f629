import type { Keyset } from "../infra/cursor";
import type { DbClient } from "../infra/db";

/**
 * Adds `amount` and writes its CHARGE ledger entry in one statement: one conditional update, so
 * concurrent credits never lose one another and never pass `cap`, and the entry commits with it.
 * Undefined when the credit would pass the cap (nothing is written then).
 */
export async function creditWithLedgerEntry(
  db: DbClient,
  credit: { userId: string; amount: number; cap: number; at: Date },
): Promise<{ id: string; balanceAfter: number } | undefined> {
  const { userId, amount, cap, at } = credit;
  const rows = await db.$queryRaw<{ id: string; balanceAfter: number }[]>`
    WITH credited AS (
      UPDATE users SET balance = balance + ${amount}
      WHERE id = ${userId}::uuid AND balance + ${amount} <= ${cap}
      RETURNING balance
    )
    INSERT INTO point_transactions (user_id, type, amount, balance_after, created_at)
    SELECT ${userId}::uuid, 'CHARGE', ${amount}, balance, ${at} FROM credited
    RETURNING id, balance_after AS "balanceAfter"`;
  return rows[0];
}

export function findBalance(db: DbClient, userId: string) {
  return db.user.findUnique({ where: { id: userId }, select: { balance: true } });
}

/**
 * Newest first, `limit` of the user's entries below `after` (the last row of the previous page).
 * The `lte` bound lets the (user_id, created_at, id) index start the scan at the cursor; the OR
 * then drops the entries of the same millisecond already shown.
 */
export function listLedgerEntries(db: DbClient, userId: string, opts: { limit: number; after?: Keyset }) {
  const { after } = opts;
  return db.pointTransaction.findMany({
    where: {
      userId,
      ...(after && {
        createdAt: { lte: after.at },
        OR: [{ createdAt: { lt: after.at } }, { id: { lt: after.id } }],
      }),
    },
    // The id makes the order total when two entries share a millisecond.
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit,
    select: { id: true, type: true, amount: true, balanceAfter: true, createdAt: true },
  });
}
