import type { Deps } from "../deps";
import { logger } from "../infra/logger";

/**
 * Every instance runs this: each tick it admits the head of every line into freed slots (and
 * drops lapsed passes and idle waiters), so a slot is handed on within a tick even when nobody
 * polls. The scripts are atomic, so any number of instances ticking at once is safe.
 */
export function startAdmissionTicker(deps: Pick<Deps, "queue" | "config">): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      const concerts = await deps.queue.concertsWithLines();
      await Promise.all(concerts.map((id) => deps.queue.tick(id)));
    } catch (err) {
      logger.warn({ err }, "admission tick failed");
    } finally {
      running = false;
    }
  }, deps.config.QUEUE_TICK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
