import type { Deps } from "../deps";
import { runEvery } from "../infra/periodic";
import { toRules } from "./line-settings";

/**
 * Every instance runs this: each tick it admits the head of every line into freed slots (and
 * drops lapsed passes and idle waiters, and draws the pre-queue at the opening), so a slot is
 * handed on within a tick even when nobody polls. The scripts are atomic, so any number of
 * instances ticking at once is safe.
 */
export function startAdmissionTicker(deps: Pick<Deps, "queue" | "lines" | "config">): () => void {
  return runEvery("admission-ticker", deps.config.QUEUE_TICK_MS, () => tickAllLines(deps));
}

/**
 * One tick over every line, each with its settings as PostgreSQL has them now (one query per tick
 * for all lines), so an admin's change is in force on every instance within a tick.
 */
export async function tickAllLines(deps: Pick<Deps, "queue" | "lines">): Promise<void> {
  const concerts = await deps.queue.concertsWithLines();
  if (!concerts.length) return;
  const settings = await deps.lines.getMany(concerts);
  await Promise.all(
    concerts.map((id) => {
      const s = settings.get(id);
      return s ? deps.queue.tick(id, toRules(s)) : undefined;
    }),
  );
}
