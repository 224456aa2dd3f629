/**
 * Starts the app for one settings profile, as a web server of playwright.config.ts:
 *
 *   node --import tsx e2e/support/serve.ts <profile>
 *
 * The `production` entry is the production server compiled as `npm start` compiles it
 * (build-server.ts) and run with plain node; `next` is `next start`. The compiled file is built
 * once per run, by whichever server starts first, whatever order Playwright starts them in.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { buildServerBundle } from "@/server/http/build-server";
import { PROFILES, SERVER_BUNDLE, serverEnv, type ProfileName } from "./profiles";

const ROOT = path.resolve(import.meta.dirname, "../..");

async function serverBundle(): Promise<string> {
  try {
    await writeFile(`${SERVER_BUNDLE}.lock`, String(process.pid), { flag: "wx" });
  } catch (err) {
    if ((err as { code?: string }).code !== "EEXIST") throw err;
    // Another profile's server is building it; it appears whole (renamed into place).
    for (let waited = 0; !existsSync(SERVER_BUNDLE); waited += 100) {
      if (waited > 120_000) throw new Error(`${SERVER_BUNDLE} was not built within 120 s`);
      await sleep(100);
    }
    return SERVER_BUNDLE;
  }
  const building = `${SERVER_BUNDLE}.${process.pid}.tmp`;
  await buildServerBundle(building);
  await rename(building, SERVER_BUNDLE);
  return SERVER_BUNDLE;
}

async function main(): Promise<void> {
  const profile = process.argv[2] as ProfileName;
  if (!(profile in PROFILES)) throw new Error(`Unknown profile "${profile}"`);
  const env = { ...process.env, ...serverEnv(profile) };
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    throw new Error("The end-to-end tests run the built app: run `npm run build` first (`npm run test:e2e` does)");
  }
  const args =
    PROFILES[profile].entry === "production"
      ? [await serverBundle()]
      : [
          createRequire(import.meta.url).resolve("next/dist/bin/next"),
          "start",
          "--port",
          String(PROFILES[profile].port),
        ];
  const server = spawn(process.execPath, args, { cwd: ROOT, env, stdio: "inherit" });
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => server.kill(signal));
  server.once("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
