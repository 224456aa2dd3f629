import { createHash, timingSafeEqual } from "node:crypto";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import { concertExists } from "../catalog/concert-exists";
import type { Concert } from "../catalog/catalog.schema";
import { toConcert } from "../catalog/catalog.service";
import { findConcertsForStats, findScheduleStats, insertConcert, insertScheduleWithSeats } from "./admin.repo";
import {
  DEFAULT_SEAT_COUNT,
  type AdminSession,
  type AdminStats,
  type CreateConcert,
  type CreatedSchedule,
  type CreateSchedule,
} from "./admin.schema";
import { resolveScheduleWindow } from "./schedule-window";

const SEAT_GRADE = "STANDARD";

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** Compares digests of equal length in constant time, so the answer's timing says nothing of the password. */
export function isAdminPassword(candidate: string, expected: string): boolean {
  return timingSafeEqual(digest(candidate), digest(expected));
}

export async function createAdminSession(
  deps: Pick<Deps, "config" | "tokens">,
  password: string,
): Promise<AdminSession> {
  if (!isAdminPassword(password, deps.config.ADMIN_PASSWORD)) throw new AppError("UNAUTHORIZED", "Wrong password");
  return { adminToken: await deps.tokens.signAdmin() };
}

export async function createConcert(deps: Pick<Deps, "db">, input: CreateConcert): Promise<Concert> {
  const row = await insertConcert(deps.db, { ...input, description: input.description ?? "" });
  return toConcert({ ...row, firstStartsAt: null });
}

export async function createSchedule(
  deps: Pick<Deps, "db" | "clock">,
  input: CreateSchedule,
): Promise<CreatedSchedule> {
  const window = resolveScheduleWindow(input, deps.clock.now());
  if (!(await concertExists(deps.db, input.concertId))) throw new AppError("NOT_FOUND", "Concert not found");
  // A date never exists without all its seats.
  const row = await deps.db.$transaction((tx) =>
    insertScheduleWithSeats(tx, {
      concertId: input.concertId,
      ...window,
      totalSeats: input.seatCount ?? DEFAULT_SEAT_COUNT,
      price: input.price,
      grade: SEAT_GRADE,
    }),
  );
  return { scheduleId: row.id, startsAt: row.startsAt.toISOString(), totalSeats: row.totalSeats };
}

export async function getStats(deps: Pick<Deps, "db" | "queue" | "clock">): Promise<AdminStats> {
  const [concerts, schedules] = await Promise.all([
    findConcertsForStats(deps.db),
    findScheduleStats(deps.db, deps.clock.now()),
  ]);
  const lines = await Promise.all(concerts.map((c) => deps.queue.stats(c.id)));
  const byConcert = new Map<string, typeof schedules>();
  for (const s of schedules) byConcert.set(s.concertId, [...(byConcert.get(s.concertId) ?? []), s]);
  return {
    concerts: concerts.map((c, i) => ({
      concertId: c.id,
      title: c.title,
      ...lines[i]!,
      schedules: (byConcert.get(c.id) ?? []).map((s) => ({
        scheduleId: s.id,
        startsAt: s.startsAt.toISOString(),
        totalSeats: s.totalSeats,
        available: s.available,
        held: s.held,
        sold: s.sold,
        revenue: Number(s.revenue),
      })),
    })),
  };
}
