/**
 * Runs once when a server instance starts: migrations and background jobs begin right away.
 * On SIGTERM/SIGINT Next.js stops taking connections and finishes the requests in flight before
 * it exits; the background jobs stop at once so no new work starts meanwhile.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { getApp, stopBackgroundJobs } = await import("./server/boot");
    process.once("SIGTERM", stopBackgroundJobs);
    process.once("SIGINT", stopBackgroundJobs);
    await getApp().ready;
  }
}
