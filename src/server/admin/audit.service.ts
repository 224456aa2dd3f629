import type { Deps } from "../deps";
import { fetchPage } from "../infra/cursor";
import { findAudit } from "./audit.repo";
import type { AuditPage, AuditQuery } from "./admin.schema";

/** The admin audit log, newest first, a page at a time. */
export async function listAudit(deps: Pick<Deps, "db">, query: AuditQuery): Promise<AuditPage> {
  return fetchPage(
    query,
    (window) =>
      findAudit(deps.db, {
        ...window,
        targetId: query.targetId,
        actor: query.actor,
        action: query.action,
        targetType: query.targetType,
      }),
    (r) => ({ at: r.at, id: r.id }),
    (r) => ({
      auditId: r.id,
      at: r.at.toISOString(),
      actor: r.actor,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      before: (r.before as Record<string, unknown> | null) ?? null,
      after: (r.after as Record<string, unknown> | null) ?? null,
    }),
  );
}
