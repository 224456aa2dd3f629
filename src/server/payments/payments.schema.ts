import { z } from "zod";
import { ZNextCursor } from "../infra/cursor";

export const ZPayReservation = z.object({ reservationId: z.uuid() }).strict();

/** A completed payment; `balance` is the payer's balance right after it. */
export const ZPayment = z.object({
  paymentId: z.uuid(),
  reservationId: z.uuid(),
  amount: z.number().int().min(0),
  balance: z.number().int().min(0),
  paidAt: z.iso.datetime(),
  status: z.literal("COMPLETED"),
});
export type Payment = z.infer<typeof ZPayment>;

/** A page of the caller's payments, newest first. */
export const ZPaymentList = z.object({ items: z.array(ZPayment), nextCursor: ZNextCursor });
export type PaymentList = z.infer<typeof ZPaymentList>;
