import { verifyUserAccess } from "../accounts/access";
import { AppError } from "../errors";
import type { AccessClaims } from "../infra/tokens";
import { cookieValue, sessionCookies } from "../security/cookies";
import { assertNotCrossSite } from "../security/csrf";
import { rateLimiterOf, rateRuleOf, UNKNOWN_ADDRESS_USER_SHARE } from "../security/rate-limit";
import { staffOfToken } from "../staff/staff.service";
import type { StaffSession } from "../staff/staff.schema";
import type { Context } from "./context";
import { baseProcedure, requestClientIp } from "./init";
import { resumeCookieSession, sessionCookieValues } from "./session-cookies";

/**
 * The chain of procedures, each adding one check:
 * public -> user (access token) -> queuePass (ACTIVE waiting-room pass); admin; queueToken.
 * Each declares the failures of its checks (`meta.guards`) for the OpenAPI document.
 */

function bearer(headers: Headers): string | undefined {
  const value = headers.get("authorization");
  if (!value) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(value);
  if (!m?.[1]) throw new AppError("UNAUTHORIZED", "Malformed Authorization header; expected 'Bearer <token>'");
  return m[1];
}

/**
 * The credential of a call: the Bearer token, else the cookie of the name the request's scheme
 * uses (security/cookies.ts). A mutation signed in by cookie must come from our own pages (see
 * security/csrf.ts).
 */
function credential(ctx: Context, cookie: "access" | "admin", type: string): string | undefined {
  const fromHeader = bearer(ctx.headers);
  if (fromHeader) return fromHeader;
  const fromCookie = cookieValue(ctx.headers, sessionCookies(ctx.headers, ctx.deps.config)[cookie]);
  if (fromCookie && type === "mutation") assertNotCrossSite(ctx.headers, ctx.deps.config.TRUST_PROXY);
  return fromCookie;
}

export const publicProcedure = baseProcedure;

/**
 * The caller's access claims, or undefined when the call carries no credential at all. A Bearer
 * token is taken as it is; the web UI's cookies renew an account's lapsed access token with its
 * refresh cookie (session-cookies.ts). A guest token of a user who has since made an account is
 * refused (accounts/access.ts).
 */
async function callerOf(ctx: Context, type: string): Promise<AccessClaims | undefined> {
  const fromHeader = bearer(ctx.headers);
  if (fromHeader) return verifyUserAccess(ctx.deps, fromHeader);
  const cookies = sessionCookieValues(ctx);
  if (!cookies.access && !cookies.refresh) return undefined;
  if (type === "mutation") assertNotCrossSite(ctx.headers, ctx.deps.config.TRUST_PROXY);
  return (await resumeCookieSession(ctx)).claims;
}

/** Whoever calls: a user (a bad credential is 401, as for userProcedure) or nobody. */
export const callerProcedure = baseProcedure
  .meta({ guards: ["UNAUTHORIZED"], tokenOptional: true })
  .use(async ({ ctx, next, type }) => next({ ctx: { caller: await callerOf(ctx, type) } }));

export const userProcedure = baseProcedure.meta({ guards: ["UNAUTHORIZED"] }).use(async ({ ctx, meta, next, type }) => {
  const caller = await callerOf(ctx, type);
  if (!caller) throw new AppError("UNAUTHORIZED", "Sign in first: missing access token");
  const { userId } = caller;
  ctx.observed.userId = userId;
  const limit = rateRuleOf(meta?.rateLimit)?.user;
  if (limit && ctx.deps.config.RATE_LIMITS === "on") {
    // No per-address limit backs up a caller whose address is unknown: their own budget is smaller.
    const scale = requestClientIp(ctx) === undefined ? UNKNOWN_ADDRESS_USER_SHARE : 1;
    await rateLimiterOf(ctx.deps).consume(limit, userId, scale);
  }
  return next({ ctx: { userId, caller } });
});

/** The waiting-room token alone (status polling). */
export const queueTokenProcedure = baseProcedure.meta({ guards: ["UNAUTHORIZED"] }).use(async ({ ctx, next }) => {
  const token = ctx.headers.get("x-queue-token");
  if (!token) throw new AppError("UNAUTHORIZED", "Missing X-Queue-Token header");
  const queueToken = await ctx.deps.tokens.verifyQueue(token);
  return next({ ctx: { queueToken } });
});

/** A signed-in user with their own waiting-room token (its state is not checked here). */
export const userQueueTokenProcedure = userProcedure
  .meta({ guards: ["UNAUTHORIZED", "FORBIDDEN"] })
  .use(async ({ ctx, next }) => {
    const token = ctx.headers.get("x-queue-token");
    if (!token) throw new AppError("UNAUTHORIZED", "Missing X-Queue-Token header");
    const queueToken = await ctx.deps.tokens.verifyQueue(token);
    if (queueToken.userId !== ctx.userId) throw new AppError("FORBIDDEN", "This queue token belongs to someone else");
    return next({ ctx: { queueToken } });
  });

/**
 * A user whose pass is ACTIVE right now: one Redis call, no database query. The procedure still
 * has to check that what it touches belongs to `ctx.pass.concertId`.
 */
export const queuePassProcedure = userQueueTokenProcedure
  // The pass is read from Redis (UNAVAILABLE when it does not answer).
  .meta({ guards: ["UNAUTHORIZED", "FORBIDDEN", "QUEUE_PASS_NOT_ACTIVE", "UNAVAILABLE"] })
  .use(async ({ ctx, next }) => {
    const { concertId, tokenId } = ctx.queueToken;
    const active = await ctx.deps.queue.activePass(concertId, ctx.userId, tokenId);
    if (!active)
      throw new AppError("QUEUE_PASS_NOT_ACTIVE", "Your queue pass is not active; wait for your turn or line up again");
    return next({ ctx: { pass: { concertId, tokenId, hardEnd: active.hardEnd } } });
  });

export const adminProcedure = baseProcedure
  .meta({ guards: ["UNAUTHORIZED", "FORBIDDEN"] })
  .use(async ({ ctx, next, type }) => {
    const token = credential(ctx, "admin", type);
    if (!token) throw new AppError("UNAUTHORIZED", "Missing admin token");
    let admin: StaffSession;
    try {
      admin = await staffOfToken(ctx.deps, token);
    } catch (e) {
      // A valid fan token is a known caller without the right: 403, not 401.
      const isUser = await ctx.deps.tokens.verifyAccess(token).then(
        () => true,
        () => false,
      );
      if (isUser) throw new AppError("FORBIDDEN", "Admins only");
      throw e;
    }
    // The staff member (login, role) as their session row says now: their name in the audit log.
    return next({ ctx: { admin } });
  });

/** An admin whose role is owner: managing staff accounts. */
export const ownerProcedure = adminProcedure.use(async ({ ctx, next }) => {
  if (ctx.admin.role !== "owner") throw new AppError("FORBIDDEN", "Only an owner manages staff accounts");
  return next();
});
