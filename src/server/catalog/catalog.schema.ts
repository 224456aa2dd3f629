import { z } from "zod";

export const ZConcertId = z.object({ concertId: z.uuid() }).strict();

export const ZScheduleId = z.object({ scheduleId: z.uuid() }).strict();

export const ZConcert = z.object({
  concertId: z.uuid(),
  title: z.string(),
  artist: z.string(),
  venue: z.string(),
  description: z.string(),
  /** The earliest date still to come; null when there is none. */
  firstStartsAt: z.iso.datetime().nullable(),
});
export type Concert = z.infer<typeof ZConcert>;

export const ZConcertList = z.object({ items: z.array(ZConcert) });
export type ConcertList = z.infer<typeof ZConcertList>;

const ZScheduleSummary = z.object({
  scheduleId: z.uuid(),
  startsAt: z.iso.datetime(),
  availableSeats: z.number().int().min(0),
  totalSeats: z.number().int().min(1),
});

export const ZScheduleList = z.object({ items: z.array(ZScheduleSummary) });
export type ScheduleList = z.infer<typeof ZScheduleList>;

const ZSeatStatus = z.enum(["AVAILABLE", "HELD", "SOLD"]);

const ZSeatView = z.object({
  seatNumber: z.number().int().min(1),
  grade: z.string(),
  /** The name of the seat's section (the same as `grade`). */
  section: z.string(),
  price: z.number().int().min(0),
  status: ZSeatStatus,
  /** The caller's own live hold. */
  heldByMe: z.boolean(),
});

const ZSectionView = z.object({
  name: z.string(),
  fromSeat: z.number().int().min(1),
  toSeat: z.number().int().min(1),
  /** The section's price; a seat's own `price` is what it sells at. */
  price: z.number().int().min(0),
});

export const ZSeatMap = z.object({
  scheduleId: z.uuid(),
  items: z.array(ZSeatView),
  /** The date's sections in seat order: the seat map's legend. */
  sections: z.array(ZSectionView),
});
export type SeatMap = z.infer<typeof ZSeatMap>;
