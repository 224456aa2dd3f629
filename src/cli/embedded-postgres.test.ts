import { existsSync } from "node:fs";
import { mkdtemp, mkdir, rm } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { freePort } from "@/test/free-port";

const made: string[] = [];
afterAll(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

describe("the embedded PostgreSQL, started as root", () => {
  it.runIf(userInfo().uid === 0)(
    "says which folder the postgres user cannot enter, instead of failing in initdb",
    async () => {
      const secret = await mkdtemp(path.join(tmpdir(), "cb-private-")); // mode 700
      made.push(secret);
      await mkdir(path.join(secret, "project"));
      await expect(startEmbeddedPostgres(path.join(secret, "project", ".data", "pg"), 1, "x")).rejects.toThrow(
        `the 'postgres' user, which cannot enter ${secret} (mode 700)`,
      );
    },
  );
});

describe("a throwaway embedded PostgreSQL (as the test runs use)", () => {
  it("answers with its settings applied, and its data folder is gone once it stops", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "cb-throwaway-pg-"));
    made.push(dir);
    const db = await startEmbeddedPostgres(dir, await freePort(), "throwaway-pw", {
      persistent: false,
      postgresFlags: ["-c", "fsync=off"],
    });
    const url = new URL(db.url);
    url.pathname = "/postgres";
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const { rows } = await client.query<{ fsync: string }>("SHOW fsync");
      expect(rows).toEqual([{ fsync: "off" }]);
    } finally {
      await client.end();
    }
    expect(existsSync(path.join(dir, "PG_VERSION"))).toBe(true);
    await db.stop();
    expect(existsSync(dir)).toBe(false);
  });
});
