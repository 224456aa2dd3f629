import { initTRPC, TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError } from "zod";
import { AppError, ERROR_TABLE, fieldIssues, type AppErrorCode } from "../errors";
import { isUnavailableError } from "../infra/unavailable";
import { logger } from "../infra/logger";
import { clientIp } from "../security/client-ip";
import { rateLimiterOf, rateRuleOf, type RateLimitClass } from "../security/rate-limit";
import type { Context } from "./context";

/**
 * What a procedure declares about itself. The REST handler (http/rest-handler.ts) and the OpenAPI
 * document (http/openapi.ts) both read it, so what is served and what is documented agree.
 */
export type Meta = OpenApiMeta & {
  /** The REST status of a success: 200 when absent. */
  successStatus?: 201 | 202 | 204;
  /**
   * A REST success answered as this type, the procedure's string output as the body; JSON when
   * absent. Its errors stay JSON.
   */
  contentType?: "text/csv";
  /**
   * The failures the procedure's own work answers (errors.ts). Those of its checks (`guards`),
   * its input (BAD_REQUEST), its body (PAYLOAD_TOO_LARGE) and its rate limit are added by the
   * document itself.
   */
  errors?: readonly AppErrorCode[];
  /** Set by procedures.ts on each procedure of the chain: the failures of the checks it adds. */
  guards?: readonly AppErrorCode[];
  /** Set by procedures.ts: the procedure takes a token but works without one (callerProcedure). */
  tokenOptional?: true;
  /**
   * The rate-limit class the procedure counts against (security/rate-limit.ts), or `"none"`.
   * Every mutation says which (rate-limit-declarations.test.ts).
   */
  rateLimit?: RateLimitClass | "none";
};

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // Never a stack trace or an internal message in a response.
    isDev: false,
    errorFormatter({ shape, error }) {
      const app = error.cause instanceof AppError ? error.cause : undefined;
      const isInput = error.code === "BAD_REQUEST" && error.cause instanceof ZodError;
      return {
        message: error.code === "INTERNAL_SERVER_ERROR" ? "Internal server error" : shape.message,
        code: shape.code,
        data: {
          code: shape.data.code,
          httpStatus: app ? app.status : shape.data.httpStatus,
          reason: app?.code ?? (isInput ? "BAD_REQUEST" : shape.data.code),
          // The refused fields, so that clients never read them out of the message.
          issues: isInput ? fieldIssues(error.cause.issues) : undefined,
          ...app?.details,
        },
      };
    },
  });

/** Turns a use case's AppError into the tRPC error of the one table in errors.ts. */
const appErrors = t.middleware(async ({ next, ctx }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  const app =
    cause instanceof AppError
      ? cause
      : isUnavailableError(cause)
        ? new AppError("UNAVAILABLE", "A backing service is unavailable; try again shortly", { "Retry-After": "1" })
        : undefined;
  if (app) {
    for (const [name, value] of Object.entries(app.headers ?? {})) ctx.setHeader(name, value);
    throw new TRPCError({ code: ERROR_TABLE[app.code].trpc, message: app.message, cause: app });
  }
  return result;
});

let warnedUnknownClient = false;

/** The key of the one bucket a rule with `ipUnknownShared` counts callers of unknown address in. */
const UNKNOWN_ADDRESS_KEY = "unknown-address";

/**
 * The address per-IP limits count by (see security/client-ip.ts); undefined when unknown, as
 * under the Next.js route handlers without TRUST_PROXY. `clientAddress` is the TCP peer address,
 * for HTTP layers that have the socket and put it in the context.
 */
export function requestClientIp(ctx: Context): string | undefined {
  const peer = (ctx as Context & { clientAddress?: string }).clientAddress;
  const ip = clientIp(ctx.headers, ctx.deps.config.TRUST_PROXY, peer);
  if (ip === undefined && !warnedUnknownClient) {
    warnedUnknownClient = true;
    logger.warn(
      "client address unknown under this entry (no TCP peer, TRUST_PROXY=0: e.g. `next start`): " +
        "per-address rate limits are off, per-user limits are halved and admin sign-in shares one bucket; " +
        "serve with the app's own server (npm start) or set TRUST_PROXY behind a proxy",
    );
  }
  return ip;
}

/**
 * Per-address limits of the class a procedure declares (`meta.rateLimit`), counted before the
 * caller is known so that failed sign-ins and forged tokens spend the budget too. A class counted
 * only when it makes a new guest (`newGuestsOnly`) is counted by the procedure itself, right before
 * it makes one (consumeIpLimit). Per-user limits are in procedures.ts.
 */
const ipRateLimit = t.middleware(async ({ ctx, meta, next }) => {
  const cls = meta?.rateLimit;
  if (cls && cls !== "none" && !rateRuleOf(cls)?.newGuestsOnly) await consumeIpLimit(ctx, cls);
  return next();
});

/** Spends one call of the caller's address from the class's per-address budget (429 when it is spent). */
export async function consumeIpLimit(ctx: Context, cls: RateLimitClass): Promise<void> {
  const rule = rateRuleOf(cls);
  const setting = rule?.ip;
  if (!setting || ctx.deps.config.RATE_LIMITS !== "on") return;
  const ip = requestClientIp(ctx);
  if (ip !== undefined) await rateLimiterOf(ctx.deps).consume(setting, ip);
  else if (rule.ipUnknownShared)
    await rateLimiterOf(ctx.deps).consume(setting, UNKNOWN_ADDRESS_KEY, rule.ipUnknownShared);
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const baseProcedure = t.procedure.use(appErrors).use(ipRateLimit);
