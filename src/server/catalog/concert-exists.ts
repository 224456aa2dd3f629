import type { DbClient } from "../infra/db";

/**
 * Concerts are never deleted, so a concert once seen exists for good: the queue's hot path asks
 * the database once per concert per process.
 */
const known = new Set<string>();

export async function concertExists(db: DbClient, concertId: string): Promise<boolean> {
  if (known.has(concertId)) return true;
  const row = await db.concert.findUnique({ where: { id: concertId }, select: { id: true } });
  if (row) known.add(concertId);
  return row !== null;
}
