import { z } from "zod";
import { ZStaffLogin } from "../staff/staff.schema";
import { ZText } from "../text.schema";
import { sectionProblems } from "./sections.schema";

/** Without `login`: the owner account made from ADMIN_PASSWORD (ADMIN_LOGIN), as before staff accounts. */
export const ZAdminLogin = z.object({ login: ZStaffLogin.optional(), password: ZText({ min: 1, max: 200 }) }).strict();

export const ZAdminSession = z.object({ adminToken: z.string() });

const ZName = ZText({ min: 1, max: 200, trim: true });

export const ZCreateConcert = z
  .object({
    title: ZName,
    artist: ZName,
    venue: ZName,
    description: ZText({ max: 2000, multiline: true, trim: true }).optional(),
  })
  .strict();
export type CreateConcert = z.infer<typeof ZCreateConcert>;

const ZInstant = z.iso.datetime({ offset: true });

export const DEFAULT_SEAT_COUNT = 50;

export const MAX_SEAT_COUNT = 500;
export const ZPrice = z.number().int().min(0).max(10_000_000);
const ZSeatNumber = z.number().int().min(1).max(MAX_SEAT_COUNT);

/** A named range of seats with its own price (e.g. VIP, seats 1-10, 150,000). */
export const ZSection = z
  .object({
    /** Also each of its seats' `grade` (VARCHAR(20)). */
    name: ZText({ min: 1, max: 20, trim: true }),
    fromSeat: ZSeatNumber,
    toSeat: ZSeatNumber,
    price: ZPrice,
  })
  .strict();

export const ZCreateSchedule = z
  .object({
    concertId: z.uuid(),
    startsAt: ZInstant,
    bookingOpensAt: ZInstant.optional(),
    bookingClosesAt: ZInstant.optional(),
    seatCount: z.number().int().min(1).max(MAX_SEAT_COUNT).optional(),
    /** Every seat's price when the date has one section; absent when `sections` are given. */
    price: ZPrice.optional(),
    /** Cover seats 1..seatCount without gaps or overlaps, with unique names. */
    sections: z.array(ZSection).min(1).max(50).optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.sections === undefined) {
      if (input.price === undefined)
        ctx.addIssue({ code: "custom", path: ["price"], message: "Give a price, or sections" });
      return;
    }
    if (input.price !== undefined) {
      ctx.addIssue({ code: "custom", path: ["price"], message: "Give a price or sections, not both" });
    }
    for (const problem of sectionProblems(input.sections, input.seatCount ?? DEFAULT_SEAT_COUNT)) {
      ctx.addIssue({ code: "custom", ...problem });
    }
  });
export type CreateSchedule = z.infer<typeof ZCreateSchedule>;

export const ZCreatedSchedule = z.object({
  scheduleId: z.uuid(),
  startsAt: z.iso.datetime(),
  totalSeats: z.number().int().min(1),
});
export type CreatedSchedule = z.infer<typeof ZCreatedSchedule>;

const ZCount = z.number().int().min(0);

const ZSectionStats = z.object({
  name: z.string(),
  fromSeat: z.number().int().min(1),
  toSeat: z.number().int().min(1),
  price: ZCount,
  totalSeats: ZCount,
  available: ZCount,
  held: ZCount,
  sold: ZCount,
  /** Sum of the prices its seats were sold at in paid reservations that stand (not refunded). */
  revenue: ZCount,
  /** Sum of the prices of its seats in refunded reservations. */
  refunded: ZCount,
});

const ZScheduleStats = z.object({
  scheduleId: z.uuid(),
  startsAt: z.iso.datetime(),
  /** Cancelled (by itself or with its concert): nothing more sells, its paid tickets were refunded. */
  cancelled: z.boolean(),
  totalSeats: ZCount,
  available: ZCount,
  /** Held and not yet lapsed. */
  held: ZCount,
  sold: ZCount,
  /** Sum of the payments for this date's reservations, but those refunded. */
  revenue: ZCount,
  /** Sum of the payments refunded (each in full). */
  refunded: ZCount,
  /** The same per section, in seat order; they add up to the date's figures. */
  sections: z.array(ZSectionStats),
});

const ZConcertStats = z.object({
  concertId: z.uuid(),
  title: z.string(),
  /** The whole concert is cancelled (and so is each of its dates). */
  cancelled: z.boolean(),
  waiting: ZCount,
  active: ZCount,
  admittedLastMinute: ZCount,
  schedules: z.array(ZScheduleStats),
});

export const ZAdminStats = z.object({ concerts: z.array(ZConcertStats) });
export type AdminStats = z.infer<typeof ZAdminStats>;

/** A line's live controls and its counts (GET/PATCH /admin/concerts/{concertId}/queue). */
export const ZLineControls = z.object({
  /** When the sale opens: the admin's time, else the earliest booking opening of the dates. */
  onSaleAt: z.iso.datetime().nullable(),
  paused: z.boolean(),
  closed: z.boolean(),
  maxActive: z.number().int().min(1),
  admitPerMinute: z.number().int().min(1).nullable(),
  waiting: ZCount,
  prequeue: ZCount,
  active: ZCount,
  admittedLastMinute: ZCount,
});
export type LineControls = z.infer<typeof ZLineControls>;

export const ZConcertRef = z.object({ concertId: z.uuid() }).strict();

export const ZUpdateLineControls = z
  .object({
    concertId: z.uuid(),
    /** null: back to the earliest booking opening of the dates. */
    onSaleAt: ZInstant.nullable().optional(),
    paused: z.boolean().optional(),
    closed: z.boolean().optional(),
    maxActive: z.number().int().min(1).max(100_000).optional(),
    /** null: no pacing. */
    admitPerMinute: z.number().int().min(1).max(1_000_000).nullable().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 1, {
    message: "Give at least one of onSaleAt, paused, closed, maxActive, admitPerMinute",
  });
export type UpdateLineControls = z.infer<typeof ZUpdateLineControls>;

const ZAuditState = z.record(z.string(), z.unknown()).nullable();

const ZAuditEntry = z.object({
  auditId: z.uuid(),
  at: z.iso.datetime(),
  /** Who did it: the admin's sign-in name. */
  actor: z.string(),
  /** What was done, e.g. `queue.update`. */
  action: z.string(),
  targetType: z.string(),
  targetId: z.uuid(),
  before: ZAuditState,
  after: ZAuditState,
});

export const ZAuditQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    /** `nextCursor` of the previous page. */
    cursor: z.string().max(200).optional(),
    /** Only the entries about this concert (or other target). */
    targetId: z.uuid().optional(),
    /** Only the entries of this staff login. */
    actor: ZStaffLogin.optional(),
    /** Only this action, e.g. `staff.create`. */
    action: z
      .string()
      .regex(/^[a-z]+(\.[a-z]+)*$/, "an action such as staff.create")
      .max(50)
      .optional(),
    /** Only entries about this kind of target, e.g. `concert` or `staff`. */
    targetType: z
      .string()
      .regex(/^[a-z_]+$/, "a target type such as concert or staff")
      .max(20)
      .optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof ZAuditQuery>;

export const ZAuditPage = z.object({ items: z.array(ZAuditEntry), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof ZAuditPage>;
