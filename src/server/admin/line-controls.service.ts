import type { Deps } from "../deps";
import { AppError } from "../errors";
import { logger } from "../infra/logger";
import { toLineSettings, toRules, type LineSettings } from "../queue/line-settings";
import { lockLineSettings, updateLineSettings, type LineSettingsChange } from "../queue/line-settings.repo";
import { insertAudit } from "./audit.repo";
import type { LineControls, UpdateLineControls } from "./admin.schema";

/** Who acts: the signed-in admin. */
export type Actor = { login: string };

/** The controls an admin sets, as the audit log records them. */
function controlsOf(s: LineSettings) {
  return {
    onSaleAt: s.onSaleAt?.toISOString() ?? null,
    paused: s.paused,
    closed: s.closed,
    maxActive: s.maxActive,
    admitPerMinute: s.admitPerMinute,
  };
}

async function withCounts(deps: Pick<Deps, "queue">, s: LineSettings): Promise<LineControls> {
  return { ...controlsOf(s), ...(await deps.queue.stats(s.concertId)) };
}

export async function getLineControls(deps: Pick<Deps, "lines" | "queue">, concertId: string): Promise<LineControls> {
  deps.lines.forget(concertId);
  const settings = await deps.lines.get(concertId);
  if (!settings) throw new AppError("NOT_FOUND", "Concert not found");
  return withCounts(deps, settings);
}

/**
 * Changes a line's controls: kept in PostgreSQL with an audit entry in one transaction, then
 * mirrored into the line's Redis state at once (every other instance passes them on within a
 * tick anyway, which also repairs a mirror write that failed here). Setting what is already set
 * changes nothing and records nothing, so a retry answers the same.
 */
export async function updateLineControls(
  deps: Pick<Deps, "db" | "lines" | "queue" | "config" | "clock">,
  actor: Actor,
  input: UpdateLineControls,
): Promise<LineControls> {
  const { concertId } = input;
  const settings = await deps.db.$transaction(async (tx) => {
    const row = await lockLineSettings(tx, concertId);
    if (!row) throw new AppError("NOT_FOUND", "Concert not found");
    const next: LineSettingsChange = {
      onSaleAt: input.onSaleAt === undefined ? row.onSaleAt : input.onSaleAt === null ? null : new Date(input.onSaleAt),
      paused: input.paused ?? row.paused,
      closed: input.closed ?? row.closed,
      maxActive: input.maxActive ?? row.maxActive,
      admitPerMinute: input.admitPerMinute === undefined ? row.admitPerMinute : input.admitPerMinute,
    };
    const before = toLineSettings(row, deps.config);
    const unchanged =
      next.onSaleAt?.getTime() === row.onSaleAt?.getTime() &&
      next.paused === row.paused &&
      next.closed === row.closed &&
      next.maxActive === row.maxActive &&
      next.admitPerMinute === row.admitPerMinute;
    if (unchanged) return { settings: before, changed: false };
    const version = await updateLineSettings(tx, concertId, next);
    const after = toLineSettings({ ...row, ...next, version }, deps.config);
    await insertAudit(
      tx,
      {
        actor: actor.login,
        action: "queue.update",
        targetType: "concert",
        targetId: concertId,
        before: controlsOf(before),
        after: controlsOf(after),
      },
      deps.clock.now(),
    );
    return { settings: after, changed: true };
  });
  deps.lines.forget(concertId);
  if (settings.changed) {
    try {
      await deps.queue.applyRules(concertId, toRules(settings.settings));
    } catch (err) {
      logger.warn({ err, concertId }, "could not mirror the line's new settings; the admission ticker will");
    }
  }
  return withCounts(deps, settings.settings);
}
