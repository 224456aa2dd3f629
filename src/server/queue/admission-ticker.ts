import type { Deps } from "../deps";
import { runEvery } from "../infra/periodic";

/**
 * Every instance runs this: each tick it admits the head of every line into freed slots (and
 * drops lapsed passes and idle waiters), so a slot is handed on within a tick even when nobody
 * polls. The scripts are atomic, so any number of instances ticking at once is safe.
 */
export function startAdmissionTicker(deps: Pick<Deps, "queue" | "config">): () => void {
  return runEvery("admission-ticker", deps.config.QUEUE_TICK_MS, async () => {
    const concerts = await deps.queue.concertsWithLines();
    await Promise.all(concerts.map((id) => deps.queue.tick(id)));
  });
}
