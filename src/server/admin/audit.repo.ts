import type { Prisma } from "@/generated/prisma/client";
import type { DbClient } from "../infra/db";

export type AuditRecord = {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  before: Prisma.InputJsonObject | null;
  after: Prisma.InputJsonObject | null;
};

/** Written in the transaction of the change it records, so neither exists without the other. */
export async function insertAudit(db: DbClient, record: AuditRecord, at: Date): Promise<void> {
  await db.adminAudit.create({
    data: { ...record, at, before: record.before ?? undefined, after: record.after ?? undefined },
  });
}

type AuditFilters = { targetId?: string; actor?: string; action?: string; targetType?: string };

/** Newest first, `limit` rows after the cursor (the last row of the previous page). */
export function findAudit(db: DbClient, opts: { limit: number; after?: { at: Date; id: string } } & AuditFilters) {
  const where: Prisma.AdminAuditWhereInput[] = [];
  if (opts.targetId) where.push({ targetId: opts.targetId });
  if (opts.actor) where.push({ actor: opts.actor });
  if (opts.action) where.push({ action: opts.action });
  if (opts.targetType) where.push({ targetType: opts.targetType });
  if (opts.after) {
    where.push({ OR: [{ at: { lt: opts.after.at } }, { at: opts.after.at, id: { lt: opts.after.id } }] });
  }
  return db.adminAudit.findMany({
    where: { AND: where },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: opts.limit,
  });
}
