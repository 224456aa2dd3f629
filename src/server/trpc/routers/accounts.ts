import { LOCALE_COOKIE, negotiateLocale } from "@/i18n/locale";
import { cookieValue } from "../../security/cookies";
import { z } from "zod";
import {
  confirmPasswordReset,
  refreshTokens,
  requestPasswordReset,
  signIn,
  signOut,
  signUp,
} from "../../accounts/accounts.service";
import {
  ZAccountCreated,
  ZOutboxPage,
  ZRefresh,
  ZResetConfirm,
  ZResetDone,
  ZResetRequest,
  ZResetRequested,
  ZSignIn,
  ZSignOut,
  ZSignUp,
  ZTokenPair,
} from "../../accounts/accounts.schema";
import { listOutbox } from "../../accounts/mail.service";
import { ZPageQuery } from "../../infra/cursor";
import { router } from "../init";
import { adminProcedure, callerProcedure, publicProcedure, userProcedure } from "../procedures";

/** Fans' accounts: sign up (or keep what a guest has), sessions, password resets; the mail outbox. */
export const accountsRouter = router({
  signUp: callerProcedure
    .meta({
      openapi: { method: "POST", path: "/accounts", tags: ["accounts"] },
      successStatus: 201,
      errors: ["EMAIL_TAKEN", "CONFLICT", "UNAVAILABLE"],
      rateLimit: "signup",
    })
    .input(ZSignUp)
    .output(ZAccountCreated)
    .mutation(({ ctx, input }) => signUp(ctx.deps, ctx.caller, input)),

  signIn: publicProcedure
    .meta({
      openapi: { method: "POST", path: "/accounts/session", tags: ["accounts"], protect: false },
      errors: ["UNAUTHORIZED", "UNAVAILABLE"],
      rateLimit: "accountLogin",
    })
    .input(ZSignIn)
    .output(ZTokenPair)
    .mutation(({ ctx, input }) => signIn(ctx.deps, input)),

  refresh: publicProcedure
    .meta({
      openapi: { method: "POST", path: "/accounts/session/refresh", tags: ["accounts"], protect: false },
      errors: ["UNAUTHORIZED", "UNAVAILABLE"],
      rateLimit: "none",
    })
    .input(ZRefresh)
    .output(ZTokenPair)
    .mutation(({ ctx, input }) => refreshTokens(ctx.deps, input.refreshToken)),

  signOut: userProcedure
    .meta({
      openapi: { method: "DELETE", path: "/accounts/session", tags: ["accounts"] },
      successStatus: 204,
      errors: ["UNAVAILABLE"],
      rateLimit: "none",
    })
    .input(ZSignOut)
    .output(z.void())
    .mutation(({ ctx, input }) => signOut(ctx.deps, ctx.caller, input.all)),

  requestPasswordReset: publicProcedure
    .meta({
      openapi: { method: "POST", path: "/accounts/password-reset", tags: ["accounts"], protect: false },
      successStatus: 202,
      errors: ["UNAVAILABLE"],
      rateLimit: "accountLogin",
    })
    .input(ZResetRequest)
    .output(ZResetRequested)
    .mutation(async ({ ctx, input }) => {
      const locale = negotiateLocale({
        cookie: cookieValue(ctx.headers, LOCALE_COOKIE),
        acceptLanguage: ctx.headers.get("accept-language"),
      });
      await requestPasswordReset(ctx.deps, input.email, locale);
      return { accepted: true as const };
    }),

  confirmPasswordReset: publicProcedure
    .meta({
      openapi: { method: "POST", path: "/accounts/password-reset/confirm", tags: ["accounts"], protect: false },
      errors: ["LINK_EXPIRED", "UNAVAILABLE"],
      rateLimit: "accountLogin",
    })
    .input(ZResetConfirm)
    .output(ZResetDone)
    .mutation(({ ctx, input }) => confirmPasswordReset(ctx.deps, input)),

  outbox: adminProcedure
    .meta({ openapi: { method: "GET", path: "/admin/outbox", tags: ["admin"] }, errors: ["UNAVAILABLE"] })
    .input(ZPageQuery)
    .output(ZOutboxPage)
    .query(({ ctx, input }) => listOutbox(ctx.deps, input)),
});
