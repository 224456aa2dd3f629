import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

/**
 * `npm start` in its embedded mode is one process: WEB_CONCURRENCY above 1 is refused with a
 * message and exit code 1 before anything is made (no data folder, no database, no build).
 */
const root = path.resolve(import.meta.dirname, "../..");

function start(settings: Record<string, string>): Promise<{ code: number | null; output: string; dataDir: string }> {
  const dataDir = path.join(root, ".data", `test-workers-${randomBytes(4).toString("hex")}`);
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, ...settings };
  for (const name of ["NODE_ENV", "DATABASE_URL", "REDIS_URL", "ADMIN_PASSWORD", "AUTH_SECRET", "TICKET_SIGNING_KEY"])
    if (!(name in settings)) delete env[name];
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/start.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 25_000);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output, dataDir });
    }),
  );
}

it("refuses WEB_CONCURRENCY above 1 in the embedded mode before it makes anything", async () => {
  const [embedded, inProcessQueue, invalid] = await Promise.all([
    start({ WEB_CONCURRENCY: "2" }),
    // Its own PostgreSQL given, the waiting room still in process: still one process only.
    start({ WEB_CONCURRENCY: "3", DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none" }),
    start({ WEB_CONCURRENCY: "lots" }),
  ]);

  expect(embedded.code, embedded.output).toBe(1);
  expect(embedded.output).toContain(
    `WEB_CONCURRENCY=2 asks for 2 worker processes, but the embedded mode (PostgreSQL under ${embedded.dataDir}, the waiting room in process) runs one process only.\n` +
      "Unset WEB_CONCURRENCY, or set DATABASE_URL and REDIS_URL to run several worker processes.",
  );

  expect(inProcessQueue.code, inProcessQueue.output).toBe(1);
  expect(inProcessQueue.output).toMatch(
    /WEB_CONCURRENCY=3 asks for 3 worker processes, but the embedded mode \(the waiting room in process\) runs one process only/,
  );

  expect(invalid.code, invalid.output).toBe(1);
  expect(invalid.output).toMatch(/Invalid settings:\n {2}WEB_CONCURRENCY: expected 1\.\.64 worker processes, or auto/);

  for (const run of [embedded, inProcessQueue, invalid]) {
    expect(existsSync(run.dataDir), run.output).toBe(false);
    expect(run.output).not.toMatch(/building|is running at/i);
  }
});
