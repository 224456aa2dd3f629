import { z } from "zod";
import { ZReservation } from "../reservations/reservations.schema";

/** The public half of the ticket signing key (RFC 8037 JWK) with its RFC 7638 thumbprint as `kid`. */
export const ZPublicJwk = z.object({
  kty: z.literal("OKP"),
  crv: z.literal("Ed25519"),
  x: z.string(),
  kid: z.string(),
  alg: z.literal("EdDSA"),
  use: z.literal("sig"),
});

/** VALID: paid, not checked in yet. USED: checked in at the door. REFUNDED: given back or its date cancelled. */
const ZTicketStatus = z.enum(["VALID", "USED", "REFUNDED"]);

/** One seat of a paid reservation: its signed code (a compact JWS, see ticket-codes.ts). */
const ZTicket = z.object({
  seatNumber: z.number().int().min(1),
  code: z.string(),
  status: ZTicketStatus,
  /** When it was checked in; null unless USED. */
  usedAt: z.iso.datetime().nullable(),
});
export type Ticket = z.infer<typeof ZTicket>;

/** A reservation with its tickets: one per seat once paid, none before. */
export const ZReservationWithTickets = ZReservation.extend({ tickets: z.array(ZTicket) });
export type ReservationWithTickets = z.infer<typeof ZReservationWithTickets>;

/** A typed or scanned code; surrounding whitespace of a paste is dropped. */
export const ZCheckIn = z.object({ code: z.string().trim().min(1).max(2000) }).strict();

export const ZCheckInResult = z.object({
  status: z.literal("ADMITTED"),
  reservationId: z.uuid(),
  seatNumber: z.number().int().min(1),
  scheduleId: z.uuid(),
  concertId: z.uuid(),
  title: z.string(),
  startsAt: z.iso.datetime(),
  checkedInAt: z.iso.datetime(),
});
export type CheckInResult = z.infer<typeof ZCheckInResult>;
