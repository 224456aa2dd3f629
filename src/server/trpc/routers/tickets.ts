import { z } from "zod";
import { checkIn, ticketPublicKey } from "../../tickets/tickets.service";
import { ZCheckIn, ZCheckInResult, ZPublicJwk } from "../../tickets/tickets.schema";
import { router } from "../init";
import { adminProcedure, publicProcedure } from "../procedures";

/** A day: the key changes only with TICKET_SIGNING_KEY; a scanner that meets an unknown `kid` fetches it again. */
const PUBLIC_KEY_CACHE = "public, max-age=86400";

export const ticketsRouter = router({
  publicKey: publicProcedure
    .meta({ openapi: { method: "GET", path: "/tickets/public-key", tags: ["tickets"] }, errors: [] })
    .input(z.void())
    .output(ZPublicJwk)
    .query(({ ctx }) => {
      ctx.setHeader("Cache-Control", PUBLIC_KEY_CACHE);
      return ticketPublicKey(ctx.deps);
    }),

  checkIn: adminProcedure
    .meta({
      openapi: { method: "POST", path: "/admin/check-ins", tags: ["admin"] },
      errors: ["INVALID_TICKET", "ALREADY_USED", "NOT_VALID", "UNAVAILABLE"],
      rateLimit: "none",
    })
    .input(ZCheckIn)
    .output(ZCheckInResult)
    .mutation(({ ctx, input }) => checkIn(ctx.deps, ctx.admin, input.code)),
});
