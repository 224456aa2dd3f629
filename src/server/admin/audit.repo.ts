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

/** Newest first, `limit` rows after the cursor (the last row of the previous page). */
export function findAudit(db: DbClient, opts: { limit: number; after?: { at: Date; id: string }; targetId?: string }) {
  const where: Prisma.AdminAuditWhereInput[] = [];
  if (opts.targetId) where.push({ targetId: opts.targetId });
  if (opts.after) {
    where.push({ OR: [{ at: { lt: opts.after.at } }, { at: opts.after.at, id: { lt: opts.after.id } }] });
  }
  return db.adminAudit.findMany({
    where: { AND: where },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: opts.limit,
  });
}
