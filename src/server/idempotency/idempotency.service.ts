import { createHash } from "node:crypto";
import { TX_OPTIONS, type Db, type DbClient } from "../infra/db";
import { AppError } from "../errors";
import { claimIdempotencyKey, findIdempotencyRecord, saveIdempotentResponse } from "./idempotency.repo";
import { ZIdempotencyKey, type IdempotencyScope, type IdempotentOperation } from "./idempotency.schema";

/** The header's value, validated: undefined when absent, 400 when empty or over 100 characters. */
export function parseIdempotencyKey(raw: string | null | undefined): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (!ZIdempotencyKey.safeParse(raw).success) {
    throw new AppError("BAD_REQUEST", "Idempotency-Key must be 1 to 100 characters");
  }
  return raw;
}

/** JSON with object keys sorted at every level, so equal bodies hash alike whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function hashRequest(body: unknown): string {
  return createHash("sha256").update(canonicalJson(body)).digest("hex");
}

/** The scope of a request's key, or undefined when the request carries none. */
export function idempotencyScope(
  userId: string,
  operation: IdempotentOperation,
  rawKey: string | null | undefined,
  body: unknown,
): IdempotencyScope | undefined {
  const key = parseIdempotencyKey(rawKey);
  return key === undefined ? undefined : { userId, operation, key, requestHash: hashRequest(body) };
}

/**
 * The response stored under the key by a committed first request, or undefined when there is none.
 * The same key with a different body is a client bug: 409.
 */
async function findStoredResponse<T>(db: DbClient, scope: IdempotencyScope): Promise<T | undefined> {
  const record = await findIdempotencyRecord(db, scope);
  if (!record) return undefined;
  if (record.requestHash !== scope.requestHash) {
    throw new AppError("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was used with a different request body");
  }
  if (record.responseBody === null) throw new Error("Idempotency record committed without a response");
  return record.responseBody as T;
}

/**
 * Runs `perform` at most once per key, inside the caller's transaction `tx`.
 *
 * Exactly-once under concurrency: the key is claimed first in the transaction; a concurrent request
 * with the same key blocks on the unique index until this transaction commits (and then replays the
 * stored response) or rolls back (and then runs anew). A failed attempt leaves no record behind.
 */
export async function runOnce<T>(
  tx: DbClient,
  scope: IdempotencyScope | undefined,
  perform: () => Promise<T>,
): Promise<{ response: T; replayed: boolean }> {
  if (!scope) return { response: await perform(), replayed: false };
  const recordId = await claimIdempotencyKey(tx, scope);
  if (recordId === undefined) {
    const stored = await findStoredResponse<T>(tx, scope);
    if (stored === undefined) throw new Error("Idempotency record vanished after a conflict");
    return { response: stored, replayed: true };
  }
  const response = await perform();
  await saveIdempotentResponse(tx, recordId, response);
  return { response, replayed: false };
}

/**
 * `perform` at most once per key: with a key, in a transaction that claims it (see runOnce); without
 * one, straight on the pool, where its own single statement is the whole change.
 */
export async function runIdempotent<T>(
  db: Db,
  scope: IdempotencyScope | undefined,
  perform: (db: DbClient) => Promise<T>,
): Promise<T> {
  if (!scope) return perform(db);
  const { response } = await db.$transaction((tx) => runOnce(tx, scope, () => perform(tx)), TX_OPTIONS);
  return response;
}
