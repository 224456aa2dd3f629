import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { isUnavailableError } from "./unavailable";

/** Error shapes as observed by src/test/faults/* (PostgreSQL crash/restart, Redis killed/frozen). */
const prismaError = (code: string, message: string, cause: object) =>
  Object.assign(new Error(message), {
    name: "PrismaClientKnownRequestError",
    code,
    meta: { driverAdapterError: { name: "DriverAdapterError", cause } },
  });

describe("isUnavailableError", () => {
  it.each([
    ["socket refused", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["pg connection dropped", new Error("Connection terminated unexpectedly")],
    ["pg shutdown", Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })],
    ["pg crash of another backend", Object.assign(new Error("x"), { code: "57P02" })],
    [
      "pg starting, as pg reports it",
      Object.assign(new Error("the database system is not yet accepting connections"), { code: "57P03" }),
    ],
    ["connection exception class 08", Object.assign(new Error("x"), { code: "08006" })],
    [
      "pg database closed to new connections",
      Object.assign(new Error('database "cb" is not currently accepting connections'), { code: "55000" }),
    ],
    [
      "Prisma: can't reach",
      prismaError("P1001", "Can't reach database server at 127.0.0.1:5432", { kind: "DatabaseNotReachable" }),
    ],
    [
      "Prisma: database error 57P03, known only from the adapter's cause",
      prismaError("P2039", "Database error.", { kind: "postgres", originalCode: "57P03", originalMessage: "starting" }),
    ],
    [
      "Prisma raw query failing on a closed connection",
      prismaError("P2010", "Raw query failed.", { kind: "ConnectionClosed" }),
    ],
    ["Prisma pool timeout", Object.assign(new Error("Timed out fetching a new connection"), { code: "P2024" })],
    ["ioredis offline", new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ["ioredis timeout", new Error("Command timed out")],
    [
      "ioredis retries",
      Object.assign(new Error("Reached the max retries per request limit"), { name: "MaxRetriesPerRequestError" }),
    ],
    ["wrapped", new Error("request failed", { cause: new Error("Connection is closed.") })],
    ["Redis Cluster down", Object.assign(new Error("CLUSTERDOWN The cluster is down"), { name: "ReplyError" })],
    [
      "Redis Cluster: slot of a lost master",
      Object.assign(new Error("MOVED 9842 127.0.0.1:7001"), { name: "ReplyError" }),
    ],
    [
      "Redis Cluster: slot moving",
      Object.assign(new Error("TRYAGAIN Multiple keys request during rehashing of slot"), { name: "ReplyError" }),
    ],
    ["Redis Cluster retries", new Error("Too many Cluster redirections. Last error: Error: Connection is closed.")],
  ])("%s -> 503", (_, error) => {
    expect(isUnavailableError(error)).toBe(true);
  });

  it.each([
    ["a bug", new TypeError("cannot read properties of undefined")],
    ["a unique violation", prismaError("P2002", "Unique constraint failed", { kind: "UniqueConstraintViolation" })],
    ["a failed check", Object.assign(new Error("new row violates check constraint"), { code: "23514" })],
    ["an AppError", new AppError("CONFLICT", "taken")],
    ["not an error", "ECONNREFUSED"],
    ["nothing", undefined],
  ])("%s -> not 503", (_, error) => {
    expect(isUnavailableError(error)).toBe(false);
  });

  it("stops at a cycle of causes", () => {
    const a = new Error("a") as Error & { cause?: unknown };
    const b = new Error("b", { cause: a });
    a.cause = b;
    expect(isUnavailableError(a)).toBe(false);
  });
});
