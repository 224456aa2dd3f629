import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { adminQuery, databaseUrl, dropDatabase } from "@/test/services";
import { ensureDatabase, migrate, readMigrations, type Migration } from "./migrate";

const created: string[] = [];
function freshName() {
  const name = `${inject("runId")}_mig_${randomBytes(3).toString("hex")}`;
  created.push(name);
  return name;
}

async function rows(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query(
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS done, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    return r.rows;
  } finally {
    await client.end();
  }
}

const m = (name: string, sql: string): Migration => ({
  name,
  sql,
  checksum: createHash("sha256").update(sql).digest("hex"),
});

afterAll(async () => {
  for (const name of created) await dropDatabase(name);
});

describe("migrate", () => {
  it("creates the database when missing and applies the project's migrations as Prisma records them", async () => {
    const url = databaseUrl(freshName());
    await ensureDatabase(url);
    const files = await readMigrations();
    expect(await migrate(url)).toEqual(files.map((f) => f.name));
    const recorded = await rows(url);
    expect(recorded).toEqual(
      files.map((f) => ({ migration_name: f.name, checksum: f.checksum, done: true, applied_steps_count: 1 })),
    );
    expect(await migrate(url)).toEqual([]);
  });

  it("creates the database and applies each file exactly once when several instances start at once", async () => {
    const url = databaseUrl(freshName());
    // Racing CREATE DATABASE statements fail on PostgreSQL's catalog (23505), not only with 42P04.
    await Promise.all(Array.from({ length: 5 }, () => ensureDatabase(url)));
    const results = await Promise.all(Array.from({ length: 5 }, () => migrate(url)));
    expect(results.flat()).toHaveLength((await readMigrations()).length);
    expect(await rows(url)).toHaveLength((await readMigrations()).length);
  });

  it("refuses to start when an applied file was edited", async () => {
    const name = freshName();
    await adminQuery(`CREATE DATABASE "${name}"`);
    const url = databaseUrl(name);
    await migrate(url, [m("001_a", "CREATE TABLE a (id int);")]);
    await expect(migrate(url, [m("001_a", "CREATE TABLE a (id bigint);")])).rejects.toThrow(
      /edited after it was applied/,
    );
  });

  it("rolls back a failing file whole and records nothing for it", async () => {
    const name = freshName();
    await adminQuery(`CREATE DATABASE "${name}"`);
    const url = databaseUrl(name);
    await expect(
      migrate(url, [
        m("001_ok", "CREATE TABLE ok (id int);"),
        m("002_bad", "CREATE TABLE half (id int); SELECT nope;"),
      ]),
    ).rejects.toThrow(/002_bad failed/);
    expect((await rows(url)).map((r) => r.migration_name)).toEqual(["001_ok"]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const half = await client.query(`SELECT to_regclass('half') AS t`);
    await client.end();
    expect(half.rows[0].t).toBeNull();
  });
});
