import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TestApp } from "./app";
import { createUser, type TestUser } from "./factories";
import { call } from "./http";

/** A row of a user's list: its id and the time the list is ordered by. */
type Listed = { id: string; at: Date };

export type PagedList = {
  /** The REST route, e.g. "/reservations"; `procedure` the same over tRPC. */
  path: string;
  procedure: string;
  /** Writes rows of the user at these times straight into the database, in this order. */
  seed: (user: TestUser, times: Date[]) => Promise<Listed[]>;
  /** The id of an item of the answer. */
  idOf: (item: any) => string;
};

type Page = { ids: string[]; nextCursor: string | null };

const SECOND = 1_000;

/** Newest first by (time, id), as the lists promise. */
function newestFirst(rows: Listed[]): Listed[] {
  return [...rows].sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/**
 * `n` times going back from `from`, three to a millisecond, so that ties on time are the rule and
 * the order within them rests on the id.
 */
function timesBack(from: Date, n: number): Date[] {
  return Array.from({ length: n }, (_, i) => new Date(from.getTime() - Math.floor(i / 3) * SECOND));
}

const b64 = (text: string) => Buffer.from(text).toString("base64url");

/**
 * The contract of a paged list of the caller's own rows (`?limit=` 1..100, default 20, `?cursor=`
 * the previous page's `nextCursor`, `{ items, nextCursor }` newest first), run against one list.
 */
export function describePagedList(app: TestApp, list: PagedList): void {
  async function page(user: TestUser, query: string): Promise<Page> {
    const res = await call(app, "GET", `${list.path}${query}`, undefined, { token: user.accessToken });
    expect(res.status, `${list.path}${query}: ${JSON.stringify(res.body)}`).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["items", "nextCursor"]);
    return { ids: res.body.items.map(list.idOf), nextCursor: res.body.nextCursor };
  }

  /** Every page from the first, `between` run after each page but the last. */
  async function pageAll(
    user: TestUser,
    limit: number | undefined,
    between?: (last: Page) => Promise<void>,
  ): Promise<Page[]> {
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const params = new URLSearchParams();
      if (limit !== undefined) params.set("limit", String(limit));
      if (cursor !== null) params.set("cursor", cursor);
      const query = params.size ? `?${params}` : "";
      const p = await page(user, query);
      pages.push(p);
      cursor = p.nextCursor;
      if (cursor !== null && between) await between(p);
      expect(pages.length, "more pages than rows").toBeLessThan(500);
    } while (cursor !== null);
    return pages;
  }

  describe(`GET ${list.path} pages`, () => {
    it("through 45 rows in pages of 20, 20 and 5, newest first, nextCursor null on the last; never another user's rows", async () => {
      const [user, other] = [await createUser(app), await createUser(app)];
      const now = app.clock.now();
      const mine = await list.seed(user, timesBack(now, 45));
      // The other user's rows share the same milliseconds.
      const theirs = await list.seed(other, timesBack(now, 5));

      const pages = await pageAll(user, undefined);
      expect(pages.map((p) => p.ids.length)).toEqual([20, 20, 5]);
      expect(pages.map((p) => p.nextCursor === null)).toEqual([false, false, true]);
      expect(pages.flatMap((p) => p.ids)).toEqual(newestFirst(mine).map((r) => r.id));

      expect(await pageAll(user, 20)).toEqual(pages);
      expect((await pageAll(user, 100)).map((p) => p.ids.length)).toEqual([45]);
      const ones = await pageAll(user, 1);
      expect(ones).toHaveLength(45);
      expect(ones.flatMap((p) => p.ids)).toEqual(pages.flatMap((p) => p.ids));

      const theirPages = await pageAll(other, undefined);
      expect(theirPages).toEqual([{ ids: newestFirst(theirs).map((r) => r.id), nextCursor: null }]);
      // A cursor is a position, not a key to another user's rows.
      const borrowed = await page(other, `?cursor=${pages[0]!.nextCursor}`);
      expect(borrowed.ids.every((id) => theirs.some((r) => r.id === id))).toBe(true);
    });

    it("is one empty last page for a user with no rows", async () => {
      const user = await createUser(app);
      expect(await pageAll(user, undefined)).toEqual([{ ids: [], nextCursor: null }]);
    });

    it("answers callers that send no input over tRPC with the first page", async () => {
      const user = await createUser(app);
      await list.seed(user, timesBack(app.clock.now(), 21));
      const res = await fetch(`${app.url}/api/trpc/${list.procedure}`, {
        headers: { authorization: `Bearer ${user.accessToken}` },
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { result: { data: { items: unknown[]; nextCursor: string | null } } };
      expect(body.result.data.items).toHaveLength(20);
      expect(typeof body.result.data.nextCursor).toBe("string");
    });

    it("refuses a limit outside 1..100 or not a whole number, and unknown parameters, with 400", async () => {
      const user = await createUser(app);
      await list.seed(user, timesBack(app.clock.now(), 3));
      for (const q of [
        "limit=0",
        "limit=101",
        "limit=1.5",
        "limit=x",
        "limit=",
        "limit=-1",
        "limit=1e9",
        "offset=20",
        "page=2",
      ]) {
        const res = await call(app, "GET", `${list.path}?${q}`, undefined, { token: user.accessToken });
        expect(res.status, q).toBe(400);
        expect(typeof res.body.message, q).toBe("string");
      }
    });

    it("refuses a cursor it did not make with 400 and a clear message, never 500", async () => {
      const user = await createUser(app);
      await list.seed(user, timesBack(app.clock.now(), 3));
      const iso = "2030-01-01T12:00:00.000Z";
      const id = randomUUID();
      const hostile = [
        "x",
        "null",
        "%00bad",
        "\u0000x",
        "%F0%9F%92%A9",
        "../../etc/passwd",
        b64(`${iso}|${id}`) + "==",
        b64(`${iso}|${id}`).toUpperCase(),
        b64(`not a time|${id}`),
        b64(`2030-01-01|${id}`),
        b64(`Tue, 01 Jan 2030 12:00:00 GMT|${id}`),
        b64(`0000-01-01T00:00:00.000Z|${id}`),
        b64(`-271821-04-20T00:00:00.000Z|${id}`),
        b64(`2030-02-30T12:00:00.000Z|${id}`),
        b64(`${iso}|${"-".repeat(36)}`),
        b64(`${iso}|${id.toUpperCase()}`),
        b64(`${iso}|${id}|${id}`),
        b64(`${iso}|'; DROP TABLE users; --`),
        b64(`${iso}|\u0000`),
        b64(`${iso}`),
      ];
      for (const cursor of hostile) {
        const res = await call(app, "GET", `${list.path}?cursor=${encodeURIComponent(cursor)}`, undefined, {
          token: user.accessToken,
        });
        expect(res.status, cursor).toBe(400);
        expect(res.body.message, cursor).toMatch(/cursor/i);
      }
      const empty = await call(app, "GET", `${list.path}?cursor=`, undefined, { token: user.accessToken });
      expect(empty.status).toBe(400);
      const long = await call(app, "GET", `${list.path}?cursor=${"A".repeat(201)}`, undefined, {
        token: user.accessToken,
      });
      expect(long.status).toBe(400);
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.string({ minLength: 1, maxLength: 200 }),
            fc.string({ unit: "binary", minLength: 1, maxLength: 60 }).map(b64),
          ),
          async (cursor) => {
            const res = await call(app, "GET", `${list.path}?cursor=${encodeURIComponent(cursor)}`, undefined, {
              token: user.accessToken,
            });
            expect([200, 400], `${JSON.stringify(cursor)}: ${JSON.stringify(res.body)}`).toContain(res.status);
          },
        ),
        { numRuns: 60 },
      );
    });

    it("neither repeats nor skips a row when rows are written between pages", async () => {
      const user = await createUser(app);
      const start = app.clock.now();
      const before = await list.seed(user, timesBack(start, 45));
      const timeOf = new Map(before.map((r) => [r.id, r.at]));
      const written: Listed[] = [];
      let round = 0;
      const pages = await pageAll(user, undefined, async (last) => {
        const lastAt = timeOf.get(last.ids[last.ids.length - 1]!)!;
        round++;
        // Newer rows, rows in the very millisecond the page ended on (their ids fall on either
        // side of its last row), and an older one, as a late commit would write it.
        const rows = await list.seed(user, [
          new Date(start.getTime() + round * SECOND),
          lastAt,
          lastAt,
          lastAt,
          new Date(lastAt.getTime() - 500),
        ]);
        for (const r of rows) timeOf.set(r.id, r.at);
        written.push(...rows);
      });
      const seen = pages.flatMap((p) => p.ids);
      expect(new Set(seen).size, "a row was repeated").toBe(seen.length);
      const existed = new Set(before.map((r) => r.id));
      expect(seen.filter((id) => existed.has(id))).toEqual(newestFirst(before).map((r) => r.id));
      expectStrictlyNewestFirst(seen.map((id) => ({ id, at: timeOf.get(id)! })));
      expect(written.length).toBeGreaterThan(0);
    });

    it("holds under any interleaving of writes and page sizes (property)", async () => {
      const write = fc.record({
        kind: fc.constantFrom("newer" as const, "tie" as const, "older" as const),
        count: fc.integer({ min: 1, max: 4 }),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 50 }),
          fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 12 }),
          fc.array(fc.array(write, { maxLength: 2 }), { maxLength: 12 }),
          async (initial, limits, writes) => {
            const user = await createUser(app);
            const start = app.clock.now();
            const before = await list.seed(user, timesBack(start, initial));
            const timeOf = new Map(before.map((r) => [r.id, r.at]));
            const seen: string[] = [];
            let cursor: string | null = null;
            for (let i = 0; ; i++) {
              const limit = limits[i % limits.length]!;
              const p = await page(user, `?limit=${limit}${cursor === null ? "" : `&cursor=${cursor}`}`);
              expect(p.ids.length).toBeLessThanOrEqual(limit);
              seen.push(...p.ids);
              cursor = p.nextCursor;
              if (cursor === null) break;
              const lastAt = timeOf.get(seen[seen.length - 1]!)!;
              for (const w of writes[i] ?? []) {
                const at =
                  w.kind === "newer"
                    ? new Date(start.getTime() + (i + 1) * SECOND)
                    : w.kind === "tie"
                      ? lastAt
                      : new Date(lastAt.getTime() - 1);
                for (const r of await list.seed(
                  user,
                  Array.from({ length: w.count }, () => at),
                ))
                  timeOf.set(r.id, r.at);
              }
            }
            expect(new Set(seen).size).toBe(seen.length);
            const existed = new Set(before.map((r) => r.id));
            expect(seen.filter((id) => existed.has(id))).toEqual(newestFirst(before).map((r) => r.id));
            expectStrictlyNewestFirst(seen.map((id) => ({ id, at: timeOf.get(id)! })));
          },
        ),
        { numRuns: 15 },
      );
    });
  });
}

/** Each row strictly below the one before it in (time, id): what rules out repeats across pages. */
function expectStrictlyNewestFirst(rows: Listed[]): void {
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1]!, rows[i]!];
    const below = b.at.getTime() < a.at.getTime() || (b.at.getTime() === a.at.getTime() && b.id < a.id);
    expect(below, `row ${i} is not below row ${i - 1}`).toBe(true);
  }
}
