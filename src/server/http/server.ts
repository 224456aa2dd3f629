/**
 * The production entry (`npm start`, the Docker image, the multi-instance tests): one node:http
 * server that answers the API itself — `/api/v1/*`, `/api/trpc/*`, `/api/health`, `/api/metrics`,
 * straight from the tRPC procedures without Fetch objects — and hands every other request (pages,
 * assets, any other route) to Next.js. The route handlers under src/app/api serve the same API
 * through the same core, for platforms that only run Next.js; why not only them: docs/BENCHMARKS.md,
 * "Serving the API" (queue-poll through `next start` against this entry, same run).
 *
 * Run from the folder holding the build (`.next`): `node --import tsx src/server/http/server.ts`
 * in a checkout, `node server.js` in the Docker image (this file, bundled over Next's standalone
 * output). `--api-only` serves the API without Next.js (no build needed).
 *
 * Shutdown on SIGTERM/SIGINT: background jobs stop, the server stops taking connections and
 * finishes the requests in flight (idle keep-alive connections close at once), then `stopApp()`
 * closes the pools. Prints `Ready on http://localhost:<port>` once it serves.
 *
 * WEB_CONCURRENCY above 1 makes this process the node:cluster primary of that many workers, each
 * running this file as above on the shared port (cluster.ts); with 1 (the default) there is no
 * primary: this one process serves.
 */
import "./production-mode";
import cluster from "node:cluster";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { env } from "../../env";
import { getApp, stopApp, stopBackgroundJobs } from "../boot";
import { logger } from "../infra/logger";
import { queueEventsOf } from "../queue/queue-events";
import { createApiCore, isApiPath } from "./api-handler";
import { runWorkers } from "./cluster";
import { createNodeApiListener } from "./node-adapter";
import { responseHeaderRules } from "./response-headers";

/** How long in-flight requests get to finish after SIGTERM before their connections are cut. */
const DRAIN_MS = 10_000;

async function nextHandler(dir: string): Promise<RequestListener> {
  const { default: next } = await import("next");
  // A standalone build (the Docker image) has no next.config.js: use the settings the build
  // recorded, exactly as Next's own standalone server.js does. Otherwise Next reads the config
  // as `next start` does.
  const manifest = path.join(dir, ".next", "required-server-files.json");
  const built = existsSync(manifest)
    ? (JSON.parse(readFileSync(manifest, "utf8")) as { config: { output?: string } }).config
    : undefined;
  const standalone = built?.output === "standalone";
  if (standalone) process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(built);
  const app = next({ dev: false, dir, ...(standalone ? { conf: built as never } : {}) });
  await app.prepare();
  const handle = app.getRequestHandler();
  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      logger.error({ err, path: req.url }, "page request failed");
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal server error");
    });
  };
}

/** Serves: the one process, or one worker of the cluster. */
async function serve(): Promise<void> {
  const app = getApp();
  await app.ready;
  const apiOnly = process.argv.includes("--api-only");
  const pages = apiOnly ? undefined : await nextHandler(process.cwd());
  const api = createNodeApiListener(
    createApiCore(app.deps),
    responseHeaderRules(app.deps.config.NODE_ENV !== "production"),
  );
  const notFound = (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ message: "Not found", code: "NOT_FOUND" }));
  };

  const server = createServer((req, res) => {
    if (isApiPath(req.url ?? "/")) api(req, res);
    else (pages ?? notFound)(req, res);
  });
  // Longer than the idle timeout of the load balancers in front (nginx: 60 s), so that they, not
  // we, close idle keep-alive connections and never send on one we are closing.
  server.keepAliveTimeout = 65_000;

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: finishing requests in flight");
    stopBackgroundJobs();
    // Event streams never finish by themselves: end them, and their clients reconnect elsewhere.
    queueEventsOf(app.deps).closeAll();
    // A keep-alive connection is closed as soon as its request in flight has been answered.
    const drain = setInterval(() => server.closeIdleConnections(), 50);
    const cut = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    server.close(() => {
      clearInterval(drain);
      clearTimeout(cut);
      void stopApp().finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));

  server.listen(app.deps.config.PORT, () => {
    const { port } = server.address() as AddressInfo;
    logger.info({ port, apiOnly }, "listening");
    // A worker is one of several: the primary says when all of them serve.
    if (cluster.isPrimary) console.log(`Ready on http://localhost:${port}`);
  });
}

async function main(): Promise<void> {
  if (cluster.isWorker) return serve();
  const config = env();
  if (config.WEB_CONCURRENCY > 1) runWorkers(config, DRAIN_MS);
  else await serve();
}

main().catch((err) => {
  logger.fatal({ err }, "start-up failed");
  console.error(err);
  process.exit(1);
});
