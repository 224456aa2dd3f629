import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { ZCreateConcert, ZCreateSchedule } from "./admin.schema";
import { resolveScheduleWindow } from "./schedule-window";

const now = new Date("2030-01-01T12:00:00.000Z");
const iso = (hours: number) => new Date(now.getTime() + hours * 3_600_000).toISOString();

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe("resolveScheduleWindow", () => {
  it("opens booking now and closes it at the start by default", () => {
    expect(resolveScheduleWindow({ startsAt: iso(48) }, now)).toEqual({
      startsAt: new Date(iso(48)),
      bookingOpensAt: now,
      bookingClosesAt: new Date(iso(48)),
    });
  });

  it("takes the given window, past openings included", () => {
    const w = resolveScheduleWindow({ startsAt: iso(48), bookingOpensAt: iso(-1), bookingClosesAt: iso(24) }, now);
    expect(w).toEqual({
      startsAt: new Date(iso(48)),
      bookingOpensAt: new Date(iso(-1)),
      bookingClosesAt: new Date(iso(24)),
    });
  });

  it.each([
    ["a start in the past", { startsAt: iso(-1) }],
    ["a start right now", { startsAt: now.toISOString() }],
    ["opening at the close", { startsAt: iso(48), bookingOpensAt: iso(24), bookingClosesAt: iso(24) }],
    ["opening after the close", { startsAt: iso(48), bookingOpensAt: iso(30), bookingClosesAt: iso(24) }],
    ["closing after the start", { startsAt: iso(48), bookingClosesAt: iso(49) }],
    ["a default opening (now) after a past close", { startsAt: iso(48), bookingClosesAt: iso(-2) }],
  ])("refuses %s with 400", (_, input) => {
    const err = errorOf(() => resolveScheduleWindow(input, now));
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "BAD_REQUEST", status: 400 });
  });
});

describe("admin inputs", () => {
  const concertId = "6f1c1f5e-2b6a-4d0e-9a51-3f1a2b3c4d5e";
  const schedule = { concertId, startsAt: "2030-02-01T19:00:00Z", price: 55_000 };

  it("accepts a concert and trims its names", () => {
    const parsed = ZCreateConcert.parse({ title: " Live ", artist: "A", venue: "Hall" });
    expect(parsed).toEqual({ title: "Live", artist: "A", venue: "Hall" });
  });

  it.each([
    ["a blank title", { title: " ", artist: "A", venue: "V" }],
    ["a missing venue", { title: "T", artist: "A" }],
    ["an unknown field", { title: "T", artist: "A", venue: "V", genre: "pop" }],
    ["a description over 2000", { title: "T", artist: "A", venue: "V", description: "x".repeat(2001) }],
  ])("rejects a concert with %s", (_, input) => {
    expect(ZCreateConcert.safeParse(input).success).toBe(false);
  });

  it("accepts a schedule with offsets in its times", () => {
    expect(ZCreateSchedule.safeParse({ ...schedule, startsAt: "2030-02-01T19:00:00+09:00" }).success).toBe(true);
    expect(ZCreateSchedule.safeParse({ ...schedule, seatCount: 500, price: 0 }).success).toBe(true);
  });

  it.each([
    ["a date without a time", { startsAt: "2030-02-01" }],
    ["seatCount 0", { seatCount: 0 }],
    ["seatCount 501", { seatCount: 501 }],
    ["a negative price", { price: -1 }],
    ["a price over 10,000,000", { price: 10_000_001 }],
    ["a fractional price", { price: 1.5 }],
    ["an unknown field", { grade: "VIP" }],
  ])("rejects a schedule with %s", (_, patch) => {
    expect(ZCreateSchedule.safeParse({ ...schedule, ...patch }).success).toBe(false);
  });
});
