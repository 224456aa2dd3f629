import { z } from "zod";
import { ZText } from "../text.schema";

const ZName = ZText({ min: 1, max: 200, trim: true });
const ZInstant = z.iso.datetime({ offset: true });

/** PATCH /admin/concerts/{concertId}: any of the fields a concert was created with. */
export const ZUpdateConcert = z
  .object({
    concertId: z.uuid(),
    title: ZName.optional(),
    artist: ZName.optional(),
    venue: ZName.optional(),
    description: ZText({ max: 2000, multiline: true, trim: true }).optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 1, { message: "Give at least one of title, artist, venue, description" });
export type UpdateConcert = z.infer<typeof ZUpdateConcert>;

/** PATCH /admin/schedules/{scheduleId}: the start, the booking window, the price of unsold seats, more seats. */
export const ZUpdateSchedule = z
  .object({
    scheduleId: z.uuid(),
    startsAt: ZInstant.optional(),
    bookingOpensAt: ZInstant.optional(),
    bookingClosesAt: ZInstant.optional(),
    /** The new price of every seat not sold (and of every section). */
    price: z.number().int().min(0).max(10_000_000).optional(),
    /** Seats are appended when it grows; it never shrinks below a sold or held seat. */
    seatCount: z.number().int().min(1).max(500).optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 1, {
    message: "Give at least one of startsAt, bookingOpensAt, bookingClosesAt, price, seatCount",
  });
export type UpdateSchedule = z.infer<typeof ZUpdateSchedule>;

/** A date as staff edit it. */
export const ZScheduleDetails = z.object({
  scheduleId: z.uuid(),
  concertId: z.uuid(),
  startsAt: z.iso.datetime(),
  bookingOpensAt: z.iso.datetime(),
  bookingClosesAt: z.iso.datetime(),
  totalSeats: z.number().int().min(1),
  availableSeats: z.number().int().min(0),
  price: z.number().int().min(0),
  cancelled: z.boolean(),
});
export type ScheduleDetails = z.infer<typeof ZScheduleDetails>;
