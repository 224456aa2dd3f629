import { z } from "zod";
import { ZAdminLogin } from "../../admin/admin.schema";
import {
  ACCESS_COOKIE_MAX_AGE,
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
import { router } from "../init";
import { publicProcedure, userProcedure } from "../procedures";

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
      const cookies = cookiesOf(ctx);
      const { user, newAccessToken } = await ensureSession(ctx.deps, cookieValue(ctx.headers, cookies.access));
      if (newAccessToken) {
        ctx.setHeader(
          "Set-Cookie",
          serializeCookie(cookies.access, newAccessToken, { maxAge: ACCESS_COOKIE_MAX_AGE, secure: cookies.secure }),
        );
      }
      return user;
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
