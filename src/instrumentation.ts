/** Runs once when a server instance starts: migrations and background jobs begin right away. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { getApp } = await import("./server/boot");
    await getApp().ready;
  }
}
