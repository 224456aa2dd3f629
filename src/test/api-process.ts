import { spawn } from "node:child_process";
import { mkdirSync, renameSync } from "node:fs";
import path from "node:path";
import { buildServerBundle } from "@/server/http/build-server";
import type { AppProcess } from "./processes";

/**
 * The production entry (src/server/http/server.ts, compiled as `npm start` compiles it) run with
 * `--api-only`: the same HTTP server, body reader, logger, start-up and background jobs, without
 * Next.js, so it needs no `.next` build. For tests of the API and the jobs; pages need
 * startAppProcess (processes.ts). Everything it writes to stdout and stderr is kept.
 */
export type ApiProcess = AppProcess & { output(): string };

const ROOT = path.resolve(import.meta.dirname, "../..");

let bundle: Promise<string> | undefined;

/**
 * Built once per test process, inside the project so that its imports resolve from node_modules.
 * Test processes running side by side each build it and move it into place whole (as processes.ts
 * does), so every instance starts from a complete file of the current sources; it stays as a cache.
 */
function apiBundle(): Promise<string> {
  bundle ??= (async () => {
    const dir = path.join(ROOT, "node_modules", ".cache", "concert-booking-tests");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "api-server.mjs");
    renameSync(await buildServerBundle(path.join(dir, `api-server.${process.pid}.tmp`)), file);
    return file;
  })();
  return bundle;
}

/** Starts one instance with the given settings on a free port; resolves once it serves. */
export async function startApiProcess(settings: Record<string, string | number>): Promise<ApiProcess> {
  const entry = await apiBundle();
  const child = spawn(process.execPath, [entry, "--api-only"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: "0",
      LOG_LEVEL: "warn",
      RATE_LIMITS: "off",
      ADMIN_PASSWORD: "test-admin-password",
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
