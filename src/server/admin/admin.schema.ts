import { z } from "zod";

export const ZAdminLogin = z.object({ password: z.string().min(1).max(200) }).strict();
export type AdminLogin = z.infer<typeof ZAdminLogin>;

export const ZAdminSession = z.object({ adminToken: z.string() });
export type AdminSession = z.infer<typeof ZAdminSession>;

const ZName = z.string().trim().min(1).max(200);

export const ZCreateConcert = z
  .object({ title: ZName, artist: ZName, venue: ZName, description: z.string().trim().max(2000).optional() })
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

export const ZScheduleStats = z.object({
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

export const ZConcertStats = z.object({
  concertId: z.uuid(),
  title: z.string(),
  waiting: ZCount,
  active: ZCount,
  admittedLastMinute: ZCount,
  schedules: z.array(ZScheduleStats),
});

export const ZAdminStats = z.object({ concerts: z.array(ZConcertStats) });
export type AdminStats = z.infer<typeof ZAdminStats>;
