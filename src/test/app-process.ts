/**
 * One app instance serving the API over HTTP, configured from its environment exactly like
 * `npm start` (migrations, admission ticker, hold sweeper). Used by tests that need several real
 * processes sharing one database and Redis. Prints `listening <port>` once ready.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getApp, handleApi } from "@/server/boot";
import { toNodeListener } from "@/server/http/node-adapter";

await getApp().ready;
const server = createServer(toNodeListener(handleApi));
server.listen(0, "127.0.0.1", () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
