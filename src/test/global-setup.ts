import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrate } from "@/server/infra/migrate";
import { adminQuery, databaseUrl, deleteRedisKeys, dropDatabase, TEST_PG_URL } from "./services";

declare module "vitest" {
  export interface ProvidedContext {
    runId: string;
    templateDb: string;
  }
}

/**
 * Once per test run: a migrated template database that every test file clones (one database per
 * file), and a run id that names those databases and the run's Redis key prefix. Teardown drops
 * them all and deletes the run's Redis keys.
 */
export default async function setup(project: TestProject) {
  const runId = `cbt_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const templateDb = `${runId}_template`;
  await adminQuery(`CREATE DATABASE "${templateDb}"`);
  await migrate(databaseUrl(templateDb));
  project.provide("runId", runId);
  project.provide("templateDb", templateDb);

  return async () => {
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
      `${runId}%`,
    ]);
    await client.end();
    for (const { datname } of rows) await dropDatabase(datname);
    await deleteRedisKeys(`${runId}:`);
  };
}
