import type { Deps } from "../deps";

export type Health = { status: "ok" | "unavailable"; db: "ok" | "down"; queue: "ok" | "down" };

/** Below a second, so a probe with a one-second timeout gets the 503 rather than its own timeout. */
const TIMEOUT_MS = 800;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timed out")), ms).unref()),
  ]);
}

/** Whether the database and the queue store answer, each within a second. */
export async function checkHealth(deps: Pick<Deps, "db" | "queue">): Promise<Health> {
  const [db, queue] = await Promise.all([
    within(deps.db.$queryRaw`SELECT 1`, TIMEOUT_MS).then(
      () => "ok" as const,
      () => "down" as const,
    ),
    within(deps.queue.ping(), TIMEOUT_MS).then(
      () => "ok" as const,
      () => "down" as const,
    ),
  ]);
  return { status: db === "ok" && queue === "ok" ? "ok" : "unavailable", db, queue };
}
