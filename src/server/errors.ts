import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";

/**
 * The one table of failure codes: each maps to an HTTP status (REST) and a tRPC code.
 * tRPC has no code for 410, so HOLD_EXPIRED travels as PRECONDITION_FAILED over tRPC and the
 * REST layer answers with the table's status.
 */
export const ERROR_TABLE = {
  BAD_REQUEST: { status: 400, trpc: "BAD_REQUEST" },
  /** A ticket code that is malformed, altered or signed by another key. */
  INVALID_TICKET: { status: 400, trpc: "BAD_REQUEST" },
  UNAUTHORIZED: { status: 401, trpc: "UNAUTHORIZED" },
  INSUFFICIENT_POINTS: { status: 402, trpc: "PAYMENT_REQUIRED" },
  FORBIDDEN: { status: 403, trpc: "FORBIDDEN" },
  QUEUE_PASS_NOT_ACTIVE: { status: 403, trpc: "FORBIDDEN" },
  QUEUE_PASS_WRONG_CONCERT: { status: 403, trpc: "FORBIDDEN" },
  NOT_FOUND: { status: 404, trpc: "NOT_FOUND" },
  CONFLICT: { status: 409, trpc: "CONFLICT" },
  SEAT_TAKEN: { status: 409, trpc: "CONFLICT" },
  ALREADY_PAID: { status: 409, trpc: "CONFLICT" },
  ALREADY_ENDED: { status: 409, trpc: "CONFLICT" },
  BOOKING_CLOSED: { status: 409, trpc: "CONFLICT" },
  LINE_CLOSED: { status: 409, trpc: "CONFLICT" },
  ALREADY_CANCELLED: { status: 409, trpc: "CONFLICT" },
  NOT_PAID: { status: 409, trpc: "CONFLICT" },
  REFUND_CLOSED: { status: 409, trpc: "CONFLICT" },
  IDEMPOTENCY_KEY_REUSED: { status: 409, trpc: "CONFLICT" },
  /** A ticket checked in already (data.usedAt: when). */
  ALREADY_USED: { status: 409, trpc: "CONFLICT" },
  /** A ticket refunded or of a cancelled date. */
  NOT_VALID: { status: 409, trpc: "CONFLICT" },
  EMAIL_TAKEN: { status: 409, trpc: "CONFLICT" },
  HOLD_EXPIRED: { status: 410, trpc: "PRECONDITION_FAILED" },
  LINK_EXPIRED: { status: 410, trpc: "PRECONDITION_FAILED" },
  PAYLOAD_TOO_LARGE: { status: 413, trpc: "PAYLOAD_TOO_LARGE" },
  SEAT_LIMIT: { status: 422, trpc: "UNPROCESSABLE_CONTENT" },
  BALANCE_LIMIT: { status: 422, trpc: "UNPROCESSABLE_CONTENT" },
  RATE_LIMITED: { status: 429, trpc: "TOO_MANY_REQUESTS" },
  UNAVAILABLE: { status: 503, trpc: "SERVICE_UNAVAILABLE" },
} as const satisfies Record<string, { status: number; trpc: TRPC_ERROR_CODE_KEY }>;

export type AppErrorCode = keyof typeof ERROR_TABLE;

/** Facts a client words an error with, sent beside `reason` in the error's `data`. */
export type ErrorDetails = { usedAt?: string };

export class AppError extends Error {
  override readonly name = "AppError";
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
    readonly details?: ErrorDetails,
  ) {
    // An AppError is an answer to the caller (409, 402, ...), not a fault: its stack is never
    // read, and capturing one costs more than the rest of a refused request.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }

  get status(): number {
    return ERROR_TABLE[this.code].status;
  }
}

/** One refused part of an input: its path joined with "." ("" for the input as a whole) and why. */
export type FieldIssue = { path: string; message: string };

/**
 * Zod's issues as a 400 (REST) or BAD_REQUEST (tRPC) carries them, so that a client names the
 * refused field from `path` instead of reading it out of a message.
 */
export function fieldIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldIssue[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

/** Status of a tRPC error code for REST when no AppError says otherwise. */
export const TRPC_CODE_STATUS: Partial<Record<TRPC_ERROR_CODE_KEY, number>> = {
  PARSE_ERROR: 400,
  BAD_REQUEST: 400,
  // The contract names one status for all invalid input.
  UNSUPPORTED_MEDIA_TYPE: 400,
  METHOD_NOT_SUPPORTED: 404,
};
