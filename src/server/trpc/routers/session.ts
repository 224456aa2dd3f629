import { z } from "zod";
import { ZAdminLogin } from "../../admin/admin.schema";
import {
  ACCESS_COOKIE_MAX_AGE,
  ADMIN_COOKIE_MAX_AGE,
  adminLogin,
  ensureSession,
  isAdmin,
  readCookie,
  renameUser,
  serializeCookie,
} from "../../users/session.service";
import { ZUser, ZUserName } from "../../users/users.schema";
import type { Context } from "../context";
import { router } from "../init";
import { ACCESS_COOKIE, ADMIN_COOKIE, publicProcedure, userProcedure } from "../procedures";

/** The web UI's cookie sessions; REST clients use Bearer tokens instead, so no OpenAPI routes. */
const secure = (ctx: Context) => ctx.deps.config.NODE_ENV === "production";

const ZAdminSession = z.object({ signedIn: z.boolean() });

export const sessionRouter = router({
  ensure: publicProcedure
    .input(z.void())
    .output(ZUser)
    .mutation(async ({ ctx }) => {
      const { user, newAccessToken } = await ensureSession(ctx.deps, readCookie(ctx.headers, ACCESS_COOKIE));
      if (newAccessToken) {
        ctx.setHeader(
          "Set-Cookie",
          serializeCookie(ACCESS_COOKIE, newAccessToken, { maxAge: ACCESS_COOKIE_MAX_AGE, secure: secure(ctx) }),
        );
      }
      return user;
    }),

  rename: userProcedure
    .input(z.object({ name: ZUserName }).strict())
    .output(ZUser)
    .mutation(({ ctx, input }) => renameUser(ctx.deps, ctx.userId, input.name)),

  admin: publicProcedure
    .input(z.void())
    .output(ZAdminSession)
    .query(async ({ ctx }) => ({ signedIn: await isAdmin(ctx.deps, readCookie(ctx.headers, ADMIN_COOKIE)) })),

  adminLogin: publicProcedure
    .input(ZAdminLogin)
    .output(ZAdminSession)
    .mutation(async ({ ctx, input }) => {
      const adminToken = await adminLogin(ctx.deps, input.password);
      ctx.setHeader(
        "Set-Cookie",
        serializeCookie(ADMIN_COOKIE, adminToken, { maxAge: ADMIN_COOKIE_MAX_AGE, secure: secure(ctx) }),
      );
      return { signedIn: true };
    }),

  adminLogout: publicProcedure
    .input(z.void())
    .output(ZAdminSession)
    .mutation(({ ctx }) => {
      ctx.setHeader("Set-Cookie", serializeCookie(ADMIN_COOKIE, "", { maxAge: 0, secure: secure(ctx) }));
      return { signedIn: false };
    }),
});
