import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/**
 * Whether a request may read `/api/metrics`: it carries `Authorization: Bearer <METRICS_TOKEN>`.
 * Compared as SHA-256 digests in constant time, so the time taken says nothing of the token or its
 * length. Without a token set nobody may (the route answers 404, as if it did not exist).
 */
export function mayReadMetrics(headers: Headers, token: string | undefined): boolean {
  if (!token) return false;
  const given = /^Bearer\s+(\S+)$/i.exec(headers.get("authorization") ?? "")?.[1] ?? "";
  return timingSafeEqual(digest(given), digest(token));
}
