/**
 * One app instance serving the API over HTTP, configured from its environment exactly like
 * `npm start` (migrations, admission ticker, hold sweeper), with the same graceful shutdown on
 * SIGTERM. Used by tests that need real processes. Prints `listening <port>` once ready.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getApp, handleApi, stopApp } from "@/server/boot";
import { toNodeListener } from "@/server/http/node-adapter";

await getApp().ready;
const server = createServer(toNodeListener(handleApi));
server.listen(0, "127.0.0.1", () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
process.once("SIGTERM", () => {
  // Stop taking connections, let requests in flight finish, then stop jobs and pools.
  server.close(() => void stopApp().then(() => process.exit(0)));
  server.closeIdleConnections();
});
