import { z } from "zod";
import { ZText } from "../text.schema";
import { MAX_SEAT_COUNT, ZPrice, ZSection } from "./admin.schema";
import { sectionProblems } from "./sections.schema";

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

/**
 * PATCH /admin/schedules/{scheduleId}: the start, the booking window, the prices of unsold seats,
 * the seat count, or the sections.
 */
export const ZUpdateSchedule = z
  .object({
    scheduleId: z.uuid(),
    startsAt: ZInstant.optional(),
    bookingOpensAt: ZInstant.optional(),
    bookingClosesAt: ZInstant.optional(),
    /** One new price for every section, and so for every seat not sold. */
    price: ZPrice.optional(),
    /**
     * Seats are appended to the last section when it grows; it never shrinks below a seat that is
     * held, sold or was ever paid for.
     */
    seatCount: z.number().int().min(1).max(MAX_SEAT_COUNT).optional(),
    /**
     * The date's new sections, covering 1..seatCount (their last seat when seatCount is absent)
     * without gaps or overlaps. Unsold seats take their new section and price; a sold or held seat
     * must stay in a section of the name it has.
     */
    sections: z.array(ZSection).min(1).max(50).optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (Object.keys(input).length < 2) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message: "Give at least one of startsAt, bookingOpensAt, bookingClosesAt, price, seatCount, sections",
      });
    }
    if (input.sections === undefined) return;
    if (input.price !== undefined) {
      ctx.addIssue({ code: "custom", path: ["price"], message: "Give a price or sections, not both" });
    }
    const seatCount = input.seatCount ?? Math.max(...input.sections.map((s) => s.toSeat));
    for (const problem of sectionProblems(input.sections, seatCount)) ctx.addIssue({ code: "custom", ...problem });
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
  /** The lowest price of its sections. */
  price: z.number().int().min(0),
  cancelled: z.boolean(),
  /** In seat order, covering 1..totalSeats. */
  sections: z.array(ZSection),
});
export type ScheduleDetails = z.infer<typeof ZScheduleDetails>;
