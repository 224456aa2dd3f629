import type { Deps } from "../deps";
import { AppError } from "../errors";
import { findAudit } from "./audit.repo";
import type { AuditPage, AuditQuery } from "./admin.schema";

function encodeCursor(row: { at: Date; id: string }): string {
  return Buffer.from(`${row.at.toISOString()}|${row.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const date = new Date(at ?? "");
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(date.getTime())) {
    throw new AppError("BAD_REQUEST", "Invalid cursor: pass the nextCursor of the previous page");
  }
  return { at: date, id };
}

/** The admin audit log, newest first, a page at a time. */
export async function listAudit(deps: Pick<Deps, "db">, query: AuditQuery): Promise<AuditPage> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const rows = await findAudit(deps.db, { limit: query.limit + 1, after, targetId: query.targetId });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => ({
      auditId: r.id,
      at: r.at.toISOString(),
      actor: r.actor,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      before: (r.before as Record<string, unknown> | null) ?? null,
      after: (r.after as Record<string, unknown> | null) ?? null,
    })),
    nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]!) : null,
  };
}
