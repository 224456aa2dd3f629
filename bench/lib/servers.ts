import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** A server process of the bench: the app (its production entry or `next start`) or a baseline. */
export type Server = {
  name: string;
  url: string;
  child: ChildProcess;
  /** The tail of what the process wrote to stderr. */
  errors: () => string;
  stop: () => Promise<void>;
};

const ROOT = path.resolve(import.meta.dirname, "../..");

/** A port free right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function start(name: string, args: string[], env: Record<string, string>, healthPath: string): Promise<Server> {
  const port = await freePort();
  const devNull = openSync("/dev/null", "w");
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" },
    // The request log lines go to /dev/null: shipping logs is not what is measured.
    stdio: ["ignore", devNull, "pipe"],
  });
  closeSync(devNull);
  let errors = "";
  child.stderr!.on("data", (c: Buffer) => {
    errors = (errors + c.toString()).slice(-20_000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with ${child.exitCode} before it was ready:\n${errors}`);
    const ok = await fetch(url + healthPath).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${name} did not become healthy within 120 s:\n${errors}`);
    }
    await sleep(200);
  }
  return {
    name,
    url,
    child,
    errors: () => errors,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 15_000).unref();
      }),
  };
}

/**
 * One instance of the built app, started the way `npm start` and the Docker image start it: the
 * compiled production entry (src/server/http/build-server.ts) with plain node.
 */
export function startApp(
  name: string,
  bundle: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<Server> {
  // BENCH_CPU_PROFILE=dir: each app instance writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_CPU_PROFILE;
  const prof = profile
    ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profile)}`, `--cpu-prof-name=${name}.cpuprofile`]
    : [];
  const args = [...prof, ...nodeArgs, bundle];
  return start(name, args, { NODE_ENV: "production", ...env }, "/api/health");
}

/**
 * One instance of the app served by `next start`: the API through the route handlers under
 * src/app/api (Fetch Request and Response objects), on the project's `.next` build.
 */
export function startNext(name: string, env: Record<string, string>): Promise<Server> {
  const bin = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  return start(name, [bin, "start", "--hostname", "127.0.0.1"], { NODE_ENV: "production", ...env }, "/api/health");
}

/** The baseline server (bench/baseline-server.ts). */
export function startBaseline(env: Record<string, string>): Promise<Server> {
  return start(
    "baseline",
    ["--import", "tsx", "bench/baseline-server.ts"],
    { NODE_ENV: "production", ...env },
    "/health",
  );
}

/** What bench/lib/memory-probe.mjs reports: process.memoryUsage() after a full garbage collection. */
export type Memory = { rss: number; heapTotal: number; heapUsed: number; external: number };

/**
 * The memory of a server started with the memory probe (`--expose-gc --import
 * bench/lib/memory-probe.mjs`): asks it to collect garbage and report process.memoryUsage().
 */
export async function memoryOf(server: Server): Promise<Memory> {
  const before = server.errors().split("SOAK_MEMORY ").length;
  server.child.kill("SIGUSR2");
  for (let i = 0; i < 200; i++) {
    const parts = server.errors().split("SOAK_MEMORY ");
    if (parts.length > before) return JSON.parse(parts.at(-1)!.split("\n")[0]!) as Memory;
    await sleep(50);
  }
  throw new Error(`${server.name} did not report its memory`);
}
