import { mkdtemp, mkdir, rm } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded-postgres";

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
