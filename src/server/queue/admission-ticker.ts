import type { Deps } from "../deps";
import { runEvery } from "../infra/periodic";
import { toRules } from "./line-settings";
import { queueEventsOf } from "./queue-events";

/**
 * Every instance runs this, every QUEUE_TICK_MS: it sends the heartbeats of its polls and refreshes
 * its copy of every line (which polls and event streams are answered from), then tells its open
 * event streams what changed. With `admit` (BACKGROUND_JOBS=on) each tick also admits the head of
 * every line into freed slots (and drops lapsed passes and idle waiters, and draws the pre-queue at
 * the opening), so a slot is handed on within a tick even when nobody joins or leaves. The scripts
 * are atomic, so any number of instances ticking at once is safe.
 */
export function startAdmissionTicker(
  deps: Pick<Deps, "queue" | "lines" | "config" | "clock">,
  { admit }: { admit: boolean },
): () => void {
  return runEvery("admission-ticker", deps.config.QUEUE_TICK_MS, async () => {
    await tickAllLines(deps, admit);
    await queueEventsOf(deps).refresh();
  });
}

/**
 * One tick over every line. Admitting, each line gets its settings as PostgreSQL has them now (one
 * query per tick for all lines), so an admin's change is in force on every instance within a tick.
 */
export async function tickAllLines(deps: Pick<Deps, "queue" | "lines">, admit = true): Promise<void> {
  const concerts = await deps.queue.concertsWithLines();
  if (!concerts.length) return;
  if (!admit) {
    await Promise.all(concerts.map((id) => deps.queue.refresh(id)));
    return;
  }
  const settings = await deps.lines.getMany(concerts);
  await Promise.all(
    concerts.map((id) => {
      const s = settings.get(id);
      return s ? deps.queue.tick(id, toRules(s)) : deps.queue.refresh(id);
    }),
  );
}
