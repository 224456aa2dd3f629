import { ZIdempotencyHeaders } from "../../idempotency/idempotency.schema";
import { ZPageQuery } from "../../infra/cursor";
import { listMyPayments, payForReservation } from "../../payments/payments.service";
import { ZPayment, ZPaymentList, ZPayReservation } from "../../payments/payments.schema";
import { router } from "../init";
import { userProcedure, userQueueTokenProcedure } from "../procedures";

export const paymentsRouter = router({
  // The queue token is verified (signature, owner); the service rests the rest on the live hold it
  // pays, not on the pass, so a retry gets its stored result after the payment ended the pass.
  pay: userQueueTokenProcedure
    .meta({
      openapi: { method: "POST", path: "/payments", tags: ["payments"], requestHeaders: ZIdempotencyHeaders },
      successStatus: 201,
      errors: [
        "NOT_FOUND",
        "QUEUE_PASS_WRONG_CONCERT",
        "ALREADY_PAID",
        "ALREADY_ENDED",
        "HOLD_EXPIRED",
        "INSUFFICIENT_POINTS",
        "IDEMPOTENCY_KEY_REUSED",
        // Only with DATABASE_HOT_PATH=optimistic, when every retry found the rows changed.
        "CONFLICT",
        "UNAVAILABLE",
      ],
      rateLimit: "none",
    })
    .input(ZPayReservation)
    .output(ZPayment)
    .mutation(({ ctx, input }) =>
      payForReservation(ctx.deps, {
        userId: ctx.userId,
        pass: ctx.queueToken,
        reservationId: input.reservationId,
        idempotencyKey: ctx.headers.get("idempotency-key"),
      }),
    ),

  list: userProcedure
    .meta({ openapi: { method: "GET", path: "/payments", tags: ["payments"] }, errors: ["UNAVAILABLE"] })
    .input(ZPageQuery)
    .output(ZPaymentList)
    .query(({ ctx, input }) => listMyPayments(ctx.deps, ctx.userId, input)),
});
