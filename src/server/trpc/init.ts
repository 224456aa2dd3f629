import { initTRPC, TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError } from "zod";
import { AppError, ERROR_TABLE } from "../errors";
import { isUnavailableError } from "../infra/unavailable";
import { logger } from "../infra/logger";
import { clientIp } from "../security/client-ip";
import { cookieValue, sessionCookies } from "../security/cookies";
import { RATE_RULES, rateLimiterOf } from "../security/rate-limit";
import type { Context } from "./context";

/** `successStatus` is the REST status of a successful call (200 when absent). */
export type Meta = OpenApiMeta & { successStatus?: 201 | 204 };

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

/** Whether a session.ensure call will make a new guest: it has no valid access cookie. */
async function makesNewGuest(ctx: Context): Promise<boolean> {
  const token = cookieValue(ctx.headers, sessionCookies(ctx.headers, ctx.deps.config).access);
  if (!token) return true;
  return ctx.deps.tokens.verifyAccess(token).then(
    () => false,
    () => true,
  );
}

/**
 * Per-address limits of the procedures in RATE_RULES, counted before the caller is known so that
 * failed sign-ins and forged tokens spend the budget too. Per-user limits are in procedures.ts.
 */
const ipRateLimit = t.middleware(async ({ ctx, path, next }) => {
  const rule = RATE_RULES[path];
  const setting = rule?.ip;
  if (setting && ctx.deps.config.RATE_LIMITS === "on") {
    if (path !== "session.ensure" || (await makesNewGuest(ctx))) {
      const ip = requestClientIp(ctx);
      if (ip !== undefined) await rateLimiterOf(ctx.deps).consume(setting, ip);
      else if (rule.ipUnknownShared)
        await rateLimiterOf(ctx.deps).consume(setting, UNKNOWN_ADDRESS_KEY, rule.ipUnknownShared);
    }
  }
  return next();
});

export const router = t.router;
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;
export const baseProcedure = t.procedure.use(appErrors).use(ipRateLimit);
