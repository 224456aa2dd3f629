import { z } from "zod";

export const ZCancelSchedule = z.object({ scheduleId: z.uuid() }).strict();
export const ZCancelConcert = z.object({ concertId: z.uuid() }).strict();
export const ZRefundReservation = z.object({ reservationId: z.uuid() }).strict();

/** What a cancellation refunded: paid reservations and the points given back. */
export const ZCancellation = z.object({
  refundedReservations: z.number().int().min(0),
  refundedAmount: z.number().int().min(0),
});
export type Cancellation = z.infer<typeof ZCancellation>;
