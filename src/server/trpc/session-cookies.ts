import { REFRESH_SECONDS } from "../accounts/accounts.service";
import { cookieValue, serializeCookie, sessionCookies } from "../security/cookies";
import { ACCESS_COOKIE_MAX_AGE, resumeSession, type ResumedSession } from "../users/session.service";
import type { Context } from "./context";

/** The web UI's session cookies of this request: the access token and an account's refresh token. */
export function sessionCookieValues(ctx: Context): { access?: string; refresh?: string } {
  const names = sessionCookies(ctx.headers, ctx.deps.config);
  return { access: cookieValue(ctx.headers, names.access), refresh: cookieValue(ctx.headers, names.refresh) };
}

/**
 * Sets the cookies of new tokens; `null` clears one. The refresh cookie is as HttpOnly and
 * SameSite=Lax as the access cookie, and lives as long as the session it renews.
 */
export function writeSessionCookies(ctx: Context, tokens: { access?: string | null; refresh?: string | null }): void {
  const names = sessionCookies(ctx.headers, ctx.deps.config);
  const write = (name: string, value: string | null, maxAge: number) =>
    ctx.setHeader(
      "Set-Cookie",
      serializeCookie(name, value ?? "", { maxAge: value === null ? 0 : maxAge, secure: names.secure }),
    );
  if (tokens.access !== undefined) write(names.access, tokens.access, ACCESS_COOKIE_MAX_AGE);
  if (tokens.refresh !== undefined) write(names.refresh, tokens.refresh, REFRESH_SECONDS);
}

const resumed = new WeakMap<Context, Promise<ResumedSession>>();

/**
 * The session the cookies stand for, refreshed once per request when the access token has lapsed
 * (every call of a tRPC batch shares the request's context, so the refresh token is used once).
 * The new cookies go out with the response. Rejects with 401 when the cookies name no session.
 */
export function resumeCookieSession(ctx: Context): Promise<ResumedSession> {
  let session = resumed.get(ctx);
  if (!session) {
    session = resumeSession(ctx.deps, sessionCookieValues(ctx)).then((s) => {
      if (s.renewed) writeSessionCookies(ctx, s.renewed);
      return s;
    });
    resumed.set(ctx, session);
  }
  return session;
}
