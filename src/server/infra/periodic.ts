import { logger } from "./logger";

/**
 * Runs `task` every `intervalMs`, never two runs at once (a slow run makes the next tick skip),
 * without keeping the process alive; returns the function that stops it.
 */
export function runEvery(name: string, intervalMs: number, task: () => Promise<unknown>): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await task();
    } catch (err) {
      logger.warn({ err, job: name }, "background job failed");
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
