import { ZReservation } from "../../reservations/reservations.schema";
import { cancelConcert, cancelSchedule, refundReservation } from "../../refunds/refunds.service";
import { ZCancelConcert, ZCancelSchedule, ZCancellation, ZRefundReservation } from "../../refunds/refunds.schema";
import { router } from "../init";
import { adminProcedure, userProcedure } from "../procedures";

export const refundsRouter = router({
  cancelSchedule: adminProcedure
    .meta({
      openapi: { method: "POST", path: "/admin/schedules/{scheduleId}/cancel", tags: ["admin"] },
      errors: ["NOT_FOUND", "ALREADY_CANCELLED", "UNAVAILABLE"],
      rateLimit: "none",
    })
    .input(ZCancelSchedule)
    .output(ZCancellation)
    .mutation(({ ctx, input }) => cancelSchedule(ctx.deps, ctx.admin, input.scheduleId)),

  cancelConcert: adminProcedure
    .meta({
      openapi: { method: "POST", path: "/admin/concerts/{concertId}/cancel", tags: ["admin"] },
      errors: ["NOT_FOUND", "ALREADY_CANCELLED", "UNAVAILABLE"],
      rateLimit: "none",
    })
    .input(ZCancelConcert)
    .output(ZCancellation)
    .mutation(({ ctx, input }) => cancelConcert(ctx.deps, ctx.admin, input.concertId)),

  refund: userProcedure
    .meta({
      openapi: { method: "POST", path: "/reservations/{reservationId}/refund", tags: ["reservations"] },
      errors: ["NOT_FOUND", "NOT_PAID", "ALREADY_ENDED", "REFUND_CLOSED", "ALREADY_USED", "UNAVAILABLE"],
      rateLimit: "none",
    })
    .input(ZRefundReservation)
    .output(ZReservation)
    .mutation(({ ctx, input }) => refundReservation(ctx.deps, ctx.userId, input.reservationId)),
});
