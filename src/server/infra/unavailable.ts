/**
 * Whether an error means a backing service (PostgreSQL or Redis) could not be reached, so the
 * caller gets 503 rather than 500.
 */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH"]);
const MESSAGES = [
  "Connection is closed",
  "enableOfflineQueue",
  "Command timed out",
  "Reached the max retries per request limit",
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Can't reach database server",
  "the database system is shutting down",
  "the database system is starting up",
  "terminating connection due to administrator command",
];

export function isUnavailableError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; name?: unknown };
  if (typeof e.code === "string" && (NETWORK_CODES.has(e.code) || e.code === "57P01" || e.code === "P1001")) return true;
  if (e.name === "MaxRetriesPerRequestError" || e.name === "DriverAdapterError" && /connect/i.test(String(e.message))) return true;
  if (typeof e.message === "string" && MESSAGES.some((m) => (e.message as string).includes(m))) return true;
  return isUnavailableError(e.cause, depth + 1);
}
