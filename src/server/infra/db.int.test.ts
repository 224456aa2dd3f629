import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { adminQuery } from "@/test/services";
import { defineBatch } from "./batch";
import { createDb, sqlBatch } from "./db";

const app = useTestApp();
const SLOW = defineBatch("test_db_slow", { ms: "int" }, ({ ms }) => [
  `SELECT pg_sleep(${ms} / 1000.0) IS NULL AS slept`,
]);

describe("the database pool", () => {
  it("a connection the server drops under a running batch fails that batch alone: no uncaught error, a fresh connection next", async () => {
    const db = createDb(app.databaseUrl, 2);
    try {
      const running = sqlBatch(db, SLOW.bind({ ms: 3_000 })).then(
        () => "answered",
        (err: Error) => err,
      );
      await new Promise((r) => setTimeout(r, 300));
      // As a restart or a failover would: the server ends the connection under the running batch.
      const dbName = new URL(app.databaseUrl).pathname.slice(1);
      await adminQuery(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${dbName}' AND query LIKE 'EXECUTE test_db_slow%'`,
      );
      expect(await running).toBeInstanceOf(Error);
      // The connection's own 'error' events, before and after its release, find a listener.
      await new Promise((r) => setTimeout(r, 300));
      expect((await sqlBatch(db, SLOW.bind({ ms: 0 })))[0]).toEqual([{ slept: false }]);
    } finally {
      await db.$disconnect();
    }
  });
});
