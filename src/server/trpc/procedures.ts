import { AppError } from "../errors";
import { baseProcedure } from "./init";

/**
 * The chain of procedures, each adding one check:
 * public -> user (access token) -> queuePass (ACTIVE waiting-room pass); admin; queueToken.
 */
export const ACCESS_COOKIE = "cb_access";
export const ADMIN_COOKIE = "cb_admin";

function bearer(headers: Headers): string | undefined {
  const value = headers.get("authorization");
  if (!value) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(value);
  if (!m?.[1]) throw new AppError("UNAUTHORIZED", "Malformed Authorization header; expected 'Bearer <token>'");
  return m[1];
}

function cookie(headers: Headers, name: string): string | undefined {
  const raw = headers.get("cookie");
  if (!raw) return undefined;
  for (const part of raw.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export const publicProcedure = baseProcedure;

export const userProcedure = baseProcedure.use(async ({ ctx, next }) => {
  const token = bearer(ctx.headers) ?? cookie(ctx.headers, ACCESS_COOKIE);
  if (!token) throw new AppError("UNAUTHORIZED", "Sign in first: missing access token");
  const { userId } = await ctx.deps.tokens.verifyAccess(token);
  ctx.observed.userId = userId;
  return next({ ctx: { userId } });
});

/** The waiting-room token alone (status polling). */
export const queueTokenProcedure = baseProcedure.use(async ({ ctx, next }) => {
  const token = ctx.headers.get("x-queue-token");
  if (!token) throw new AppError("UNAUTHORIZED", "Missing X-Queue-Token header");
  const queueToken = await ctx.deps.tokens.verifyQueue(token);
  return next({ ctx: { queueToken } });
});

/** A signed-in user with their own waiting-room token (its state is not checked here). */
export const userQueueTokenProcedure = userProcedure.use(async ({ ctx, next }) => {
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
export const queuePassProcedure = userQueueTokenProcedure.use(async ({ ctx, next }) => {
  const { concertId, tokenId } = ctx.queueToken;
  const active = await ctx.deps.queue.isActive(concertId, ctx.userId, tokenId);
  if (!active) throw new AppError("QUEUE_PASS_NOT_ACTIVE", "Your queue pass is not active; wait for your turn or line up again");
  return next({ ctx: { pass: { concertId, tokenId } } });
});

export const adminProcedure = baseProcedure.use(async ({ ctx, next }) => {
  const token = bearer(ctx.headers) ?? cookie(ctx.headers, ADMIN_COOKIE);
  if (!token) throw new AppError("UNAUTHORIZED", "Missing admin token");
  try {
    await ctx.deps.tokens.verifyAdmin(token);
  } catch (e) {
    // A valid fan token is a known caller without the right: 403, not 401.
    const isUser = await ctx.deps.tokens.verifyAccess(token).then(
      () => true,
      () => false,
    );
    if (isUser) throw new AppError("FORBIDDEN", "Admins only");
    throw e;
  }
  return next();
});
