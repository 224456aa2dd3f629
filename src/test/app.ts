import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, inject } from "vitest";
import { parseConfig, type Config } from "@/env";
import { closeDeps, createDeps, depsReady, type Deps } from "@/server/deps";
import { createApiHandler } from "@/server/http/api-handler";
import { toNodeListener } from "./fetch-listener";
import { TestClock } from "./clock";
import { truncateAppTables } from "./state";
import { adminQuery, databaseUrl, deleteRedisKeys, dropDatabase, TEST_REDIS_URL } from "./services";

export type TestApp = {
  deps: Deps;
  config: Config;
  clock: TestClock;
  /** Base URL of the app's HTTP API, e.g. http://127.0.0.1:41234 */
  url: string;
  databaseUrl: string;
  redisPrefix: string;
};

/**
 * For an integration test file: its own database (cloned from the run's migrated template), its
 * own Redis key prefix, the real API served over HTTP on a free port, and a clock the test can
 * move. Tables and keys are wiped before each test; everything is dropped after the file.
 */
export function useTestApp(
  settings: Record<string, string | number> | (() => Record<string, string | number>) = {},
): TestApp {
  const app = {} as TestApp;

  beforeAll(async () => {
    const runId = inject("runId");
    const name = `${runId}_${randomBytes(4).toString("hex")}`;
    await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${inject("templateDb")}"`);
    app.databaseUrl = databaseUrl(name);
    app.redisPrefix = `${runId}:${name}:`;
    // Read now, so they may name what an earlier hook started (a Redis Cluster).
    const own = typeof settings === "function" ? settings() : settings;
    app.config = parseConfig({
      NODE_ENV: "test",
      DATABASE_URL: app.databaseUrl,
      // The run's Redis, unless the settings name a Cluster instead.
      REDIS_URL: "REDIS_CLUSTER_NODES" in own ? undefined : TEST_REDIS_URL,
      REDIS_KEY_PREFIX: app.redisPrefix,
      DATABASE_POOL_SIZE: "20",
      ...Object.fromEntries(Object.entries(own).map(([k, v]) => [k, String(v)])),
    });
    app.clock = new TestClock();
    app.deps = createDeps(app.config, app.clock);
    await depsReady(app.deps);
    server = createServer(toNodeListener(createApiHandler(app.deps)));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    app.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  beforeEach(async () => {
    app.clock.reset();
    await truncateAppTables(app.deps.db);
    await deleteRedisKeys(app.redisPrefix);
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    if (app.deps) await closeDeps(app.deps);
    await deleteRedisKeys(app.redisPrefix);
    if (app.databaseUrl) await dropDatabase(new URL(app.databaseUrl).pathname.slice(1));
  });

  let server: Server;
  return app;
}
