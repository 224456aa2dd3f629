/**
 * Whether an error means a backing service (PostgreSQL or Redis) could not be reached or dropped
 * the connection, so the caller gets 503 (try again) rather than 500. The forms below are the ones
 * src/test/faults/*.int.test.ts observe when Redis is killed or frozen and PostgreSQL crashes or
 * restarts: socket errors, PostgreSQL's connection and shutdown SQLSTATEs, Prisma's codes for them
 * and its driver adapter's error kinds, and ioredis' fail-fast errors.
 */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/** PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections (class 08 below). */
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);

/**
 * Prisma: can't reach, timed out, operations timed out, server closed the connection, timed out
 * waiting for a pooled connection, too many connections.
 */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);

/** @prisma/adapter-pg's DriverAdapterError kinds. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

const MESSAGES = [
  // ioredis
  "Connection is closed",
  "enableOfflineQueue",
  "Command timed out",
  "Reached the max retries per request limit",
  // Redis Cluster while a master is lost or its slots move: ioredis retries these a few times,
  // then hands on the last one (see createRedisCluster)
  "CLUSTERDOWN",
  "TRYAGAIN",
  "MOVED ",
  "Too many Cluster redirections",
  // pg
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error",
  // PostgreSQL
  "the database system is shutting down",
  "the database system is starting up",
  "the database system is not yet accepting connections",
  "the database system is in recovery mode",
  // A database closed to new connections (ALLOW_CONNECTIONS false; SQLSTATE 55000, too broad to list)
  "is not currently accepting connections",
  "terminating connection due to administrator command",
  "terminating connection because of crash of another server process",
  // Prisma
  "Can't reach database server",
];

type ErrorLike = {
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  message?: unknown;
  cause?: unknown;
  name?: unknown;
  meta?: { driverAdapterError?: unknown };
};

export function isUnavailableError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 6) return false;
  const e = error as ErrorLike;
  for (const code of [e.code, e.originalCode]) {
    if (typeof code !== "string") continue;
    if (NETWORK_CODES.has(code) || SQLSTATES.has(code) || PRISMA_CODES.has(code)) return true;
    // SQLSTATE class 08: connection exception.
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  if (e.name === "MaxRetriesPerRequestError") return true;
  if (typeof e.message === "string" && MESSAGES.some((m) => (e.message as string).includes(m))) return true;
  return isUnavailableError(e.cause, depth + 1) || isUnavailableError(e.meta?.driverAdapterError, depth + 1);
}
