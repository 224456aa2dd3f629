import { z } from "zod";
import { ZText } from "../text.schema";

export const ZAdminLogin = z.object({ password: ZText({ min: 1, max: 200 }) }).strict();

export const ZAdminSession = z.object({ adminToken: z.string() });
export type AdminSession = z.infer<typeof ZAdminSession>;

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

export const ZCreateSchedule = z
  .object({
    concertId: z.uuid(),
    startsAt: ZInstant,
    bookingOpensAt: ZInstant.optional(),
    bookingClosesAt: ZInstant.optional(),
    seatCount: z.number().int().min(1).max(500).optional(),
    price: z.number().int().min(0).max(10_000_000),
  })
  .strict();
export type CreateSchedule = z.infer<typeof ZCreateSchedule>;

export const ZCreatedSchedule = z.object({
  scheduleId: z.uuid(),
  startsAt: z.iso.datetime(),
  totalSeats: z.number().int().min(1),
});
export type CreatedSchedule = z.infer<typeof ZCreatedSchedule>;

const ZCount = z.number().int().min(0);

const ZScheduleStats = z.object({
  scheduleId: z.uuid(),
  startsAt: z.iso.datetime(),
  totalSeats: ZCount,
  available: ZCount,
  /** Held and not yet lapsed. */
  held: ZCount,
  sold: ZCount,
  /** Sum of the payments for this date's reservations. */
  revenue: ZCount,
});

const ZConcertStats = z.object({
  concertId: z.uuid(),
  title: z.string(),
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
  })
  .strict();
export type AuditQuery = z.infer<typeof ZAuditQuery>;

export const ZAuditPage = z.object({ items: z.array(ZAuditEntry), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof ZAuditPage>;
