import { z } from "zod";
import { ZAdminLogin } from "../../admin/admin.schema";
import { accountOf, signIn, signOut, signUp } from "../../accounts/accounts.service";
import { ZAccountView, ZSignIn, ZSignUp } from "../../accounts/accounts.schema";
import {
  ADMIN_COOKIE_MAX_AGE,
  adminLogin,
  adminLogout,
  adminOfCookie,
  ensureSession,
  renameUser,
} from "../../users/session.service";
import { ZUser, ZUserName } from "../../users/users.schema";
import { ZStaffRole } from "../../staff/staff.schema";
import { cookieValue, serializeCookie, sessionCookies } from "../../security/cookies";
import { assertNotCrossSite } from "../../security/csrf";
import type { Context } from "../context";
import { consumeIpLimit, router } from "../init";
import { callerProcedure, publicProcedure, userProcedure } from "../procedures";
import { resumeCookieSession, sessionCookieValues, writeSessionCookies } from "../session-cookies";

/**
 * The web UI's cookie sessions; REST clients use Bearer tokens instead, so no OpenAPI routes.
 * The cookies' names and flags follow the request's scheme (`__Host-` over HTTPS).
 */
const cookiesOf = (ctx: Context) => sessionCookies(ctx.headers, ctx.deps.config);

const ZAdminSignedIn = z.object({ signedIn: z.boolean() });
const ZAdminCookie = z.union([
  z.object({ signedIn: z.literal(false) }),
  z.object({ signedIn: z.literal(true), login: z.string(), role: ZStaffRole }),
]);

export const sessionRouter = router({
  ensure: publicProcedure
    .meta({ rateLimit: "guestSignup" })
    .input(z.void())
    .output(ZUser)
    .mutation(async ({ ctx }) => {
      const { user, newAccessToken } = await ensureSession(
        ctx.deps,
        () => resumeCookieSession(ctx),
        () => consumeIpLimit(ctx, "guestSignup"),
      );
      if (newAccessToken) {
        // A refresh cookie that renewed nothing names an ended session: it goes with the old access.
        const stale = sessionCookieValues(ctx).refresh !== undefined;
        writeSessionCookies(ctx, { access: newAccessToken, ...(stale ? { refresh: null } : {}) });
      }
      return user;
    }),

  /** The account of the cookies, if they stand for one. */
  account: publicProcedure
    .input(z.void())
    .output(ZAccountView)
    .query(async ({ ctx }) => {
      const claims = await resumeCookieSession(ctx).then(
        (s) => s.claims,
        () => undefined,
      );
      return claims ? accountOf(ctx.deps, claims) : { signedIn: false as const };
    }),

  /**
   * Makes an account of the signed-in guest (everything they have stays theirs), or a new one; the
   * cookies then hold the account's tokens. The tokens never reach the page's scripts.
   */
  signUp: callerProcedure
    .meta({ rateLimit: "signup", errors: ["FORBIDDEN", "EMAIL_TAKEN", "CONFLICT", "UNAVAILABLE"] })
    .input(ZSignUp)
    .output(ZAccountView)
    .mutation(async ({ ctx, input }) => {
      // Another site must not sign a browser in (to an account of its choosing) either.
      assertNotCrossSite(ctx.headers, ctx.deps.config.TRUST_PROXY);
      const created = await signUp(ctx.deps, ctx.caller, input);
      writeSessionCookies(ctx, { access: created.accessToken, refresh: created.refreshToken });
      return { signedIn: true as const, email: created.email };
    }),

  signIn: publicProcedure
    .meta({ rateLimit: "accountLogin", errors: ["FORBIDDEN", "UNAVAILABLE"] })
    .input(ZSignIn)
    .output(ZAccountView)
    .mutation(async ({ ctx, input }) => {
      assertNotCrossSite(ctx.headers, ctx.deps.config.TRUST_PROXY);
      const tokens = await signIn(ctx.deps, input);
      writeSessionCookies(ctx, { access: tokens.accessToken, refresh: tokens.refreshToken });
      return { signedIn: true as const, email: input.email };
    }),

  /**
   * Ends this device's session (or, with `all`, every session of the account) and clears the
   * cookies: the next visit starts a new guest. Cookies that name no session end nothing.
   */
  signOut: publicProcedure
    .meta({ rateLimit: "none" })
    .input(z.object({ all: z.boolean().default(false) }).strict())
    .output(ZAccountView)
    .mutation(async ({ ctx, input }) => {
      const cookies = sessionCookieValues(ctx);
      // Another site must not sign a fan out either.
      if (cookies.access || cookies.refresh) assertNotCrossSite(ctx.headers, ctx.deps.config.TRUST_PROXY);
      const session = await resumeCookieSession(ctx).catch(() => undefined);
      if (session) await signOut(ctx.deps, session.claims, input.all);
      writeSessionCookies(ctx, { access: null, refresh: null });
      return { signedIn: false as const };
    }),

  rename: userProcedure
    .meta({ rateLimit: "none" })
    .input(z.object({ name: ZUserName }).strict())
    .output(ZUser)
    .mutation(({ ctx, input }) => renameUser(ctx.deps, ctx.userId, input.name)),

  admin: publicProcedure
    .input(z.void())
    .output(ZAdminCookie)
    .query(({ ctx }) => adminOfCookie(ctx.deps, cookieValue(ctx.headers, cookiesOf(ctx).admin))),

  adminLogin: publicProcedure
    .meta({ rateLimit: "adminLogin" })
    .input(ZAdminLogin)
    .output(ZAdminSignedIn)
    .mutation(async ({ ctx, input }) => {
      const adminToken = await adminLogin(ctx.deps, input);
      const cookies = cookiesOf(ctx);
      ctx.setHeader(
        "Set-Cookie",
        serializeCookie(cookies.admin, adminToken, { maxAge: ADMIN_COOKIE_MAX_AGE, secure: cookies.secure }),
      );
      return { signedIn: true };
    }),

  adminLogout: publicProcedure
    .meta({ rateLimit: "none" })
    .input(z.void())
    .output(ZAdminSignedIn)
    .mutation(async ({ ctx }) => {
      const cookies = cookiesOf(ctx);
      const adminToken = cookieValue(ctx.headers, cookies.admin);
      // Another site must not end a staff member's session either.
      if (adminToken) assertNotCrossSite(ctx.headers, ctx.deps.config.TRUST_PROXY);
      await adminLogout(ctx.deps, adminToken);
      ctx.setHeader("Set-Cookie", serializeCookie(cookies.admin, "", { maxAge: 0, secure: cookies.secure }));
      return { signedIn: false };
    }),
});
