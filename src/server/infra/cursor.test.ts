import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { decodeCursor, encodeCursor, toPage, ZPageQuery } from "./cursor";

const b64 = (text: string) => Buffer.from(text).toString("base64url");

function refusal(cursor: string): unknown {
  try {
    decodeCursor(cursor);
  } catch (e) {
    return e;
  }
  return undefined;
}

describe("cursor", () => {
  it("decodes what it encodes, to the millisecond", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("0001-01-01T00:00:00.000Z"),
          max: new Date("9999-12-31T23:59:59.999Z"),
          noInvalidDate: true,
        }),
        fc.uuid(),
        (at, id) => {
          expect(decodeCursor(encodeCursor({ at, id }))).toEqual({ at, id });
        },
      ),
    );
  });

  it("refuses with a 400 anything PostgreSQL would refuse as a time or a uuid", () => {
    const id = randomUUID();
    const iso = "2030-01-01T12:00:00.000Z";
    for (const cursor of [
      "",
      "x",
      b64(`${iso}|${"-".repeat(36)}`),
      b64(`${iso}|zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz`),
      b64(`0000-01-01T00:00:00.000Z|${id}`),
      b64(`-271821-04-20T00:00:00.000Z|${id}`),
      b64(`+275760-09-13T00:00:00.000Z|${id}`),
      b64(`2030-02-30T12:00:00.000Z|${id}`),
      b64(`2030|${id}`),
      b64(`${iso}|${id}|`),
      b64(`${iso}|${id}`) + "=",
    ]) {
      const e = refusal(cursor);
      expect(e, cursor).toBeInstanceOf(AppError);
      expect((e as AppError).status).toBe(400);
      expect((e as AppError).message).toMatch(/cursor/i);
    }
  });

  it("either decodes a string to a position that encodes back to it, or refuses it with a 400", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }).map(b64)), (cursor) => {
        const e = refusal(cursor);
        if (e === undefined) expect(encodeCursor(decodeCursor(cursor))).toBe(cursor);
        else expect((e as AppError).status).toBe(400);
      }),
    );
  });
});

describe("toPage", () => {
  const rows = [3, 2, 1].map((n) => ({ at: new Date(n * 1_000), id: `00000000-0000-0000-0000-00000000000${n}` }));
  const page = (r: typeof rows, limit: number) =>
    toPage(
      r,
      limit,
      (x) => x,
      (x) => x.id,
    );

  it("shows `limit` rows and points past the last shown when the extra row came back", () => {
    expect(page(rows, 2)).toEqual({ items: [rows[0]!.id, rows[1]!.id], nextCursor: encodeCursor(rows[1]!) });
  });

  it("has no next page when no extra row came back", () => {
    expect(page(rows.slice(0, 2), 2)).toEqual({ items: [rows[0]!.id, rows[1]!.id], nextCursor: null });
    expect(page([], 2)).toEqual({ items: [], nextCursor: null });
  });
});

describe("ZPageQuery", () => {
  it("takes no input as the first page of 20, and query-string numbers", () => {
    expect(ZPageQuery.parse(undefined)).toEqual({ limit: 20 });
    expect(ZPageQuery.parse({})).toEqual({ limit: 20 });
    expect(ZPageQuery.parse({ limit: "100", cursor: "abc" })).toEqual({ limit: 100, cursor: "abc" });
  });

  it("refuses limits outside 1..100, fractions, words and unknown fields", () => {
    for (const input of [
      { limit: 0 },
      { limit: 101 },
      { limit: "1.5" },
      { limit: "x" },
      { limit: "" },
      { offset: 1 },
      { cursor: "a".repeat(201) },
    ]) {
      expect(ZPageQuery.safeParse(input).success, JSON.stringify(input)).toBe(false);
    }
  });
});
