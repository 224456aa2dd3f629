import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrate } from "@/server/infra/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    runId: string;
    templateDb: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * PostgreSQL and Redis for the run when TEST_DATABASE_URL / TEST_REDIS_URL do not name them: held
 * by a helper process (with-services.ts), which stops them when this process closes its input,
 * however this process ends. The URLs go into process.env before the test workers start, so the
 * workers and the app processes they spawn inherit them.
 */
async function ensureServices(): Promise<() => Promise<void>> {
  if (process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL) return async () => {};
  const helper = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src/test/with-services.ts")], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => helper.once("exit", resolve));
  const urls = await new Promise<Record<string, string>>((resolve, reject) => {
    createInterface({ input: helper.stdout! }).once("line", (line) => {
      try {
        resolve(JSON.parse(line) as Record<string, string>);
      } catch {
        reject(new Error(`Unexpected output from the test services: ${line}`));
      }
    });
    void exited.then((code) => reject(new Error(`The test services did not start (exit code ${code})`)));
  });
  Object.assign(process.env, urls);
  return async () => {
    helper.stdin!.end();
    await exited;
  };
}

/**
 * Once per test run: the services, a migrated template database that every test file clones (one
 * database per file), and a run id that names those databases and the run's Redis key prefix.
 * Teardown drops them all and deletes the run's Redis keys, then stops services it started.
 */
export default async function setup(project: TestProject) {
  const stopServices = await ensureServices();
  // Read the URLs only now that they are known.
  const { adminQuery, databaseUrl, deleteRedisKeys, dropDatabase, TEST_PG_URL } = await import("./services");
  const runId = `cbt_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const templateDb = `${runId}_template`;
  await adminQuery(`CREATE DATABASE "${templateDb}"`);
  await migrate(databaseUrl(templateDb));
  project.provide("runId", runId);
  project.provide("templateDb", templateDb);

  return async () => {
    try {
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      const { rows } = await client.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE $1",
        [`${runId}%`],
      );
      await client.end();
      for (const { datname } of rows) await dropDatabase(datname);
      await deleteRedisKeys(`${runId}:`);
    } finally {
      await stopServices();
    }
  };
}
