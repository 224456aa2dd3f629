import type { DbClient } from "../infra/db";

type OutboxRow = { id: string; to: string; subject: string; body: string; createdAt: Date; sentAt: Date | null };

export async function insertMail(
  db: DbClient,
  mail: { to: string; subject: string; body: string },
  at: Date,
): Promise<string> {
  return (await db.mailOutbox.create({ data: { ...mail, createdAt: at }, select: { id: true } })).id;
}

export async function markMailSent(db: DbClient, id: string, at: Date): Promise<void> {
  await db.mailOutbox.update({ where: { id }, data: { sentAt: at } });
}

/** Newest first, `limit` rows after the cursor (the last row of the previous page). */
export function findMail(
  db: DbClient,
  opts: { limit: number; after?: { at: Date; id: string } },
): Promise<OutboxRow[]> {
  const after = opts.after;
  return db.mailOutbox.findMany({
    where: after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit,
  });
}
