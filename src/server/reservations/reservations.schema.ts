import { z } from "zod";
import { ZNextCursor } from "../infra/cursor";

/** The contract's limit per request; MAX_SEATS_PER_USER bounds the total per date. */
export const MAX_SEATS_PER_HOLD = 4;

export const ZHoldSeats = z
  .object({
    scheduleId: z.uuid(),
    seatNumbers: z
      .array(z.number().int().min(1).max(500))
      .min(1)
      .max(MAX_SEATS_PER_HOLD)
      .refine((ns) => new Set(ns).size === ns.length, "Seat numbers must be distinct"),
  })
  .strict();
export type HoldSeats = z.infer<typeof ZHoldSeats>;

export const ZReservationId = z.object({ id: z.uuid() }).strict();

/** REFUNDED: paid, then given back by the fan or refunded by the date's cancellation. */
const ZReservationStatus = z.enum(["HELD", "CONFIRMED", "EXPIRED", "CANCELLED", "REFUNDED"]);

export const ZReservation = z.object({
  reservationId: z.uuid(),
  concertId: z.uuid(),
  concertTitle: z.string(),
  scheduleId: z.uuid(),
  /** When the show starts. */
  startsAt: z.iso.datetime(),
  seats: z.array(z.object({ seatNumber: z.number().int().min(1), price: z.number().int().min(0) })),
  totalPrice: z.number().int().min(0),
  status: ZReservationStatus,
  expiresAt: z.iso.datetime(),
  /** Whether the date (or the whole concert) has been cancelled. */
  dateCancelled: z.boolean(),
});
export type Reservation = z.infer<typeof ZReservation>;

/** A page of the caller's reservations, newest first. */
export const ZReservationList = z.object({ items: z.array(ZReservation), nextCursor: ZNextCursor });
export type ReservationList = z.infer<typeof ZReservationList>;
