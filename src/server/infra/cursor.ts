import { z } from "zod";
import { AppError } from "../errors";

/**
 * Keyset pagination of lists ordered newest first by (time, id). A page ends at a row and the next
 * one starts strictly below it, so rows written while a client pages (newer ones, or ones placed
 * among equal times by their id) never shift what it has still to read: nothing repeats, nothing
 * is skipped. No offset either, so a deep page costs what the first one does.
 */
export type Keyset = { at: Date; id: string };

const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `?limit=&cursor=` of a list route; the whole input may be left out (the first page of 20). */
export const ZPageQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE).describe("Items per page"),
    cursor: z.string().max(200).optional().describe("The nextCursor of the previous page; leave out for the first"),
  })
  .strict()
  .prefault({});
export type PageQuery = z.output<typeof ZPageQuery>;

/** Where the next page starts; null on the last page. */
export const ZNextCursor = z.string().nullable();

/** Years 0001..9999: PostgreSQL has no year 0. */
const ISO_MS = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Opaque to clients: base64url of `iso|id`. */
export function encodeCursor(key: Keyset): string {
  return Buffer.from(`${key.at.toISOString()}|${key.id}`).toString("base64url");
}

/**
 * The position a cursor names. Only what encodeCursor makes is taken: anything else would reach
 * PostgreSQL as a time or uuid it refuses (a 500), so it is a 400 here.
 */
export function decodeCursor(cursor: string): Keyset {
  const [at = "", id = "", ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const date = new Date(at);
  const valid =
    rest.length === 0 &&
    ISO_MS.test(at) &&
    UUID.test(id) &&
    !Number.isNaN(date.getTime()) &&
    date.toISOString() === at &&
    encodeCursor({ at: date, id }) === cursor;
  if (!valid) throw new AppError("BAD_REQUEST", "Invalid cursor: pass the nextCursor of the previous page");
  return { at: date, id };
}

/**
 * One page of a list: the cursor decoded (400 if it is not one), `limit + 1` rows fetched below
 * it, the page made of them (see toPage).
 */
export async function fetchPage<R, T>(
  query: { limit: number; cursor?: string },
  fetch: (window: { limit: number; after?: Keyset }) => Promise<R[]>,
  keyOf: (row: R) => Keyset,
  toItem: (row: R) => T,
): Promise<{ items: T[]; nextCursor: string | null }> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  return toPage(await fetch({ limit: query.limit + 1, after }), query.limit, keyOf, toItem);
}

/**
 * One page from rows fetched with `limit + 1`: the extra row is never shown, it only says that
 * another page follows.
 */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  keyOf: (row: R) => Keyset,
  toItem: (row: R) => T,
): { items: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(toItem), nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
