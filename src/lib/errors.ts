import type { AppErrorCode, FieldIssue } from "@/server/errors";

/** What the UI needs from a failed call: the AppError code, the HTTP status and the refused fields (see init.ts). */
type ErrorData = { reason?: string; httpStatus?: number; issues?: FieldIssue[] };

function errorData(error: unknown): ErrorData | undefined {
  if (!error || typeof error !== "object") return undefined;
  return (error as { data?: ErrorData | null }).data ?? undefined;
}

export function errorReason(error: unknown): AppErrorCode | "NETWORK" | "UNKNOWN" {
  if (!error || typeof error !== "object") return "UNKNOWN";
  const data = errorData(error);
  if (data?.reason) return data.reason as AppErrorCode;
  // A TRPCClientError without data never reached the server (offline, server down).
  if ((error as { name?: string }).name === "TRPCClientError") return "NETWORK";
  return "UNKNOWN";
}

const MESSAGES: Record<AppErrorCode | "NETWORK" | "UNKNOWN", string> = {
  SEAT_TAKEN: "Someone else just took one of those seats. Pick another seat.",
  HOLD_EXPIRED: "Your hold ran out and the seats were released. Pick your seats again.",
  INSUFFICIENT_POINTS: "You don't have enough points for this. Charge the difference and try again.",
  QUEUE_PASS_NOT_ACTIVE: "Your turn to book has ended. Line up again to continue.",
  QUEUE_PASS_WRONG_CONCERT: "Your place in line is for another concert. Line up for this one.",
  SEAT_LIMIT: "You've reached the seat limit for this date.",
  BALANCE_LIMIT: "That would take your balance over the maximum allowed. Try a smaller amount.",
  ALREADY_PAID: "This booking is already paid. Your tickets are in My tickets.",
  ALREADY_ENDED: "This booking has already ended.",
  LINE_CLOSED: "This line is closed: no more places are being given out.",
  BOOKING_CLOSED: "Booking for this date is closed.",
  ALREADY_CANCELLED: "This has already been cancelled.",
  NOT_PAID: "Only a paid ticket can be given back.",
  REFUND_CLOSED: "It's too close to the show to give this ticket back.",
  NOT_FOUND: "We couldn't find that. It may have been removed.",
  CONFLICT: "Something changed while you were deciding. Please try again.",
  IDEMPOTENCY_KEY_REUSED: "That request was already sent with different details. Please try again.",
  UNAUTHORIZED: "Your session has ended. Reload the page to continue.",
  FORBIDDEN: "You're not allowed to do that.",
  BAD_REQUEST: "Some of the details aren't valid. Check them and try again.",
  PAYLOAD_TOO_LARGE: "That's too much text. Shorten it and try again.",
  RATE_LIMITED: "You're going a little fast. Wait a moment and try again.",
  UNAVAILABLE: "We're having trouble on our side. Try again in a moment.",
  NETWORK: "We can't reach the server. Check your connection and try again.",
  UNKNOWN: "Something went wrong on our side. Please try again.",
};

/** A sentence a fan understands, with per-screen wording where the generic one would be vague. */
export function errorMessage(error: unknown, overrides: Partial<Record<AppErrorCode, string>> = {}): string {
  const reason = errorReason(error);
  return (reason !== "NETWORK" && reason !== "UNKNOWN" && overrides[reason]) || MESSAGES[reason];
}

export function isPassProblem(error: unknown): boolean {
  const reason = errorReason(error);
  return reason === "QUEUE_PASS_NOT_ACTIVE" || reason === "QUEUE_PASS_WRONG_CONCERT";
}

/** The fields an input was refused for (empty unless the input failed the server's schema). */
export function inputIssues(error: unknown): FieldIssue[] {
  return errorData(error)?.issues ?? [];
}

/**
 * The server's own sentence for a BAD_REQUEST that a rule of a use case refused (a date in the
 * past, an unknown seat); undefined when the schema refused the input (see `inputIssues`) or for
 * any other error.
 */
export function ruleMessage(error: unknown): string | undefined {
  if (errorReason(error) !== "BAD_REQUEST" || inputIssues(error).length > 0) return undefined;
  const message = (error as { message?: unknown }).message;
  return typeof message === "string" && message ? message : undefined;
}

/**
 * A refused input's issues by form field (the first issue of each): `fields` maps an input path
 * to the form field that holds it; issues of other paths are left to the generic message.
 */
export function fieldErrors<F extends string>(error: unknown, fields: Record<string, F>): Partial<Record<F, string>> {
  const found: Partial<Record<F, string>> = {};
  for (const issue of inputIssues(error)) {
    const field = Object.hasOwn(fields, issue.path) ? fields[issue.path] : undefined;
    if (field && found[field] === undefined) found[field] = issue.message;
  }
  return found;
}
