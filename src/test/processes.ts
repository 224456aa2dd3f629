import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, renameSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { parseConfig } from "@/env";
import { buildServerBundle } from "@/server/http/build-server";
import type { TestApp } from "./app";
import { createUser, joinQueue } from "./factories";

export type AppProcess = {
  url: string;
  process: ChildProcess;
  exited: Promise<number | null>;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
};

const ROOT = path.resolve(import.meta.dirname, "../..");

let bundle: Promise<string> | undefined;
let apiOnlyBundle: Promise<string> | undefined;

/**
 * The production entry, compiled exactly as `npm start` compiles it (build-server.ts), once per
 * test process, into one file inside the project (so that it finds Next.js in node_modules). Test
 * processes running side by side each build it and move it into place whole, so every instance
 * starts from a complete file of the current sources.
 */
function serverBundle(): Promise<string> {
  bundle ??= (async () => {
    if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
      throw new Error("These tests run the production server, which serves the pages too: run `npm run build` first");
    }
    const file = path.join(ROOT, ".next", "test-server.mjs");
    const built = await buildServerBundle(`${file}.${process.pid}.tmp`);
    renameSync(built, file);
    return file;
  })();
  return bundle;
}

/**
 * The bundle for `--api-only`, which needs no `.next` build: kept under node_modules/.cache (inside
 * the project, so that its imports resolve), built and moved into place whole as above.
 */
function apiBundle(): Promise<string> {
  apiOnlyBundle ??= (async () => {
    const dir = path.join(ROOT, "node_modules", ".cache", "concert-booking-tests");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "api-server.mjs");
    renameSync(await buildServerBundle(path.join(dir, `api-server.${process.pid}.tmp`)), file);
    return file;
  })();
  return apiOnlyBundle;
}

/**
 * Starts one real app instance: the production entry (src/server/http/server.ts, the lean API
 * server in front of Next.js) in production mode with the given settings, on a free port.
 * Rate limits are off unless the settings turn them on (every test request comes from one address).
 */
export async function startAppProcess(settings: Record<string, string | number>): Promise<AppProcess> {
  return spawnInstance(await serverBundle(), [], settings);
}

/**
 * The production entry run with `--api-only`: the same HTTP server, body reader, logger, start-up
 * and background jobs, without Next.js, so it needs no `.next` build. For tests of the API and the
 * jobs; pages need startAppProcess.
 */
export async function startApiProcess(settings: Record<string, string | number>): Promise<AppProcess> {
  return spawnInstance(await apiBundle(), ["--api-only"], settings);
}

/** The ticket key a test app of this process gets (src/env.ts: one random key per process). */
function testTicketKey(): string {
  return parseConfig({ NODE_ENV: "test", DATABASE_URL: "unused" }).TICKET_SIGNING_KEY;
}

/** Resolves once the instance serves; everything it writes to stdout and stderr is kept. */
function spawnInstance(entry: string, args: string[], settings: Record<string, string | number>): Promise<AppProcess> {
  const child = spawn(process.execPath, [entry, ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: "0",
      LOG_LEVEL: "warn",
      RATE_LIMITS: "off",
      ADMIN_PASSWORD: "test-admin-password",
      // This test process's own ticket key: the codes it or any instance signs verify on every one.
      TICKET_SIGNING_KEY: testTicketKey(),
      ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v)])),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      clearInterval(poll);
      child.kill("SIGKILL");
      reject(new Error(`app process did not start:\n${output}`));
    }, 60_000);
    const poll = setInterval(() => {
      const m = /Ready on http:\/\/localhost:(\d+)/.exec(output);
      if (!m) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ url: `http://127.0.0.1:${m[1]}`, process: child, exited, output: () => output });
    }, 20);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`app process exited with ${code}:\n${output}`));
    });
  });
}

/** SIGTERM, then the graceful shutdown's exit code (SIGKILL after 15 s). */
export async function stopAppProcess(app: AppProcess): Promise<number | null> {
  if (app.process.exitCode === null && app.process.signalCode === null) {
    app.process.kill("SIGTERM");
    setTimeout(() => app.process.kill("SIGKILL"), 15_000).unref();
  }
  return app.exited;
}

/** Several app instances behind an imaginary load balancer. */
export type Instances = {
  list: AppProcess[];
  /** The i-th request's instance: round robin, as a load balancer would send them. */
  via: (i: number) => AppProcess;
};

/**
 * For a test file: `count` instances of the production entry on the test app's database and
 * Redis (and its AUTH_SECRET and TICKET_SIGNING_KEY, so the test's tokens and ticket codes work on
 * every one), started before the file's tests and stopped after them.
 */
export function useAppInstances(
  app: TestApp,
  count: number,
  settings: Record<string, string | number> = {},
  { apiOnly = false }: { apiOnly?: boolean } = {},
): Instances {
  const instances: Instances = { list: [], via: (i) => instances.list[i % instances.list.length]! };
  beforeAll(async () => {
    const all = {
      DATABASE_URL: app.databaseUrl,
      REDIS_URL: app.config.REDIS_URL!,
      REDIS_KEY_PREFIX: app.redisPrefix,
      AUTH_SECRET: app.config.AUTH_SECRET,
      TICKET_SIGNING_KEY: app.config.TICKET_SIGNING_KEY,
      ...settings,
    };
    const start = apiOnly ? startApiProcess : startAppProcess;
    instances.list = await Promise.all(Array.from({ length: count }, () => start(all)));
  }, 30_000 * count);
  afterAll(async () => {
    await Promise.all(instances.list.map(stopAppProcess));
  });
  return instances;
}

export type AdmittedFan = { userId: string; accessToken: string; queueToken: string };

/** `count` users, each signed up through one instance and let in (ACTIVE) through the next. */
export async function admittedFans(instances: Instances, concertId: string, count: number): Promise<AdmittedFan[]> {
  const fans: AdmittedFan[] = [];
  for (let i = 0; i < count; i++) {
    const user = await createUser(instances.via(i));
    const ticket = await joinQueue(instances.via(i + 1), user, concertId);
    expect(ticket.status).toBe("ACTIVE");
    fans.push({ ...user, queueToken: ticket.queueToken });
  }
  return fans;
}
