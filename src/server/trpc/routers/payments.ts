import { z } from "zod";
import { ZIdempotencyHeaders } from "../../idempotency/idempotency.schema";
import { listMyPayments, payForReservation } from "../../payments/payments.service";
import { ZPayment, ZPaymentList, ZPayReservation } from "../../payments/payments.schema";
import { router } from "../init";
import { userProcedure, userQueueTokenProcedure } from "../procedures";

export const paymentsRouter = router({
  // The service checks that the pass is ACTIVE itself: an idempotent retry must get its stored
  // result even though the first attempt's payment has ended the pass.
  pay: userQueueTokenProcedure
    .meta({
      openapi: { method: "POST", path: "/payments", tags: ["payments"], requestHeaders: ZIdempotencyHeaders },
      successStatus: 201,
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
    .meta({ openapi: { method: "GET", path: "/payments", tags: ["payments"] } })
    .input(z.void())
    .output(ZPaymentList)
    .query(({ ctx }) => listMyPayments(ctx.deps, ctx.userId)),
});
