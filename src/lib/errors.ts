import type { AppErrorCode, FieldIssue } from "@/server/errors";

/** What the UI needs from a failed call: the AppError code, the HTTP status and the refused fields (see init.ts). */
type ErrorData = { reason?: string; httpStatus?: number; issues?: FieldIssue[] };

function errorData(error: unknown): ErrorData | undefined {
  if (!error || typeof error !== "object") return undefined;
  return (error as { data?: ErrorData | null }).data ?? undefined;
}

export function errorReason(error: unknown): ErrorReason {
  if (!error || typeof error !== "object") return "UNKNOWN";
  const data = errorData(error);
  if (data?.reason) return data.reason as AppErrorCode;
  // A TRPCClientError without data never reached the server (offline, server down).
  if ((error as { name?: string }).name === "TRPCClientError") return "NETWORK";
  return "UNKNOWN";
}

/** Why a call failed: the API's code, or NETWORK (the server was not reached), or UNKNOWN. */
export type ErrorReason = AppErrorCode | "NETWORK" | "UNKNOWN";

/**
 * A sentence a fan understands: the screen's own wording for the error's code where the generic one
 * would be vague, else `word(reason)`, the code worded in the fan's language (`errors.<CODE>` in
 * messages/<locale>.json; components get both through useErrorMessage in src/i18n).
 */
export function errorMessage(
  error: unknown,
  word: (reason: ErrorReason) => string,
  overrides: Partial<Record<AppErrorCode, string>> = {},
): string {
  const reason = errorReason(error);
  return (reason !== "NETWORK" && reason !== "UNKNOWN" && overrides[reason]) || word(reason);
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
