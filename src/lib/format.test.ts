import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatCount,
  formatCountdown,
  formatDate,
  formatDateTime,
  formatPoints,
  formatTime,
  formatTimestamp,
  formatWon,
  fromDateTimeLocal,
  toDateTimeLocal,
} from "./format";

/** Thousands separated by commas, as both languages write won. */
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

describe("amounts in won", () => {
  it("writes every amount up to 10,000,000 as ₩1,234 in English and 1,234원 in Korean", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (n) => {
        expect(formatWon(n, "en")).toBe(`₩${grouped(n)}`);
        expect(formatWon(n, "ko")).toBe(`${grouped(n)}원`);
        expect(formatWon(n, "en")).toMatch(/^₩\d{1,3}(,\d{3})*$/);
        expect(formatWon(n, "ko")).toMatch(/^\d{1,3}(,\d{3})*원$/);
        expect(Number(formatWon(n, "ko").slice(0, -1).replaceAll(",", ""))).toBe(n);
      }),
      { numRuns: 2_000 },
    );
    for (const n of [0, 7, 999, 1_000, 150_000, 10_000_000]) {
      expect(formatWon(n, "en")).toBe(`₩${grouped(n)}`);
      expect(formatWon(n, "ko")).toBe(`${grouped(n)}원`);
    }
    expect(formatWon(150_000, "en")).toBe("₩150,000");
    expect(formatWon(150_000, "ko")).toBe("150,000원");
  });

  it("writes points with a P and counts with separators in both languages", () => {
    expect(formatPoints(100_000, "en")).toBe("100,000 P");
    expect(formatPoints(100_000, "ko")).toBe("100,000 P");
    expect(formatCount(1_234_567, "en")).toBe("1,234,567");
    expect(formatCount(1_234_567, "ko")).toBe("1,234,567");
  });
});

describe("dates and times in the venue's zone", () => {
  // 11:00 UTC on Saturday 12 December 2026: 20:00 in Seoul, 11:00 in London, 06:00 in New York.
  const show = "2026-12-12T11:00:00.000Z";

  it("shows the venue's wall-clock time, whatever zone the process runs in", () => {
    expect(formatDateTime(show, "en", "Asia/Seoul")).toBe("Sat, 12 Dec 2026, 20:00");
    expect(formatDateTime(show, "ko", "Asia/Seoul")).toBe("2026년 12월 12일 (토) 20:00");
    expect(formatDateTime(show, "en", "Europe/London")).toBe("Sat, 12 Dec 2026, 11:00");
    expect(formatDateTime(show, "ko", "America/New_York")).toBe("2026년 12월 12일 (토) 06:00");
    expect(formatDate(show, "en", "Asia/Seoul")).toBe("Sat, 12 Dec 2026");
    expect(formatDate(show, "ko", "Asia/Seoul")).toBe("2026년 12월 12일 (토)");
    expect(formatTime(show, "Asia/Seoul")).toBe("20:00");
    expect(formatTime(show, "America/Los_Angeles")).toBe("03:00");
  });

  it("moves to the venue's calendar day across midnight", () => {
    // 16:30 UTC on Friday is already 01:30 on Saturday in Seoul.
    const late = "2026-12-11T16:30:00.000Z";
    expect(formatDateTime(late, "en", "Asia/Seoul")).toBe("Sat, 12 Dec 2026, 01:30");
    expect(formatDateTime(late, "en", "UTC")).toBe("Fri, 11 Dec 2026, 16:30");
    expect(formatDate(late, "ko", "Asia/Seoul")).toBe("2026년 12월 12일 (토)");
    expect(formatDate(late, "ko", "UTC")).toBe("2026년 12월 11일 (금)");
  });

  it("writes midnight as 00:00 and single-digit hours with a leading zero", () => {
    expect(formatDateTime("2026-03-01T15:00:00.000Z", "ko", "Asia/Seoul")).toBe("2026년 3월 2일 (월) 00:00");
    expect(formatDateTime("2026-03-01T00:05:00.000Z", "ko", "Asia/Seoul")).toBe("2026년 3월 1일 (일) 09:05");
    expect(formatTime("2026-03-01T15:00:00.000Z", "Asia/Seoul")).toBe("00:00");
  });

  it("writes log timestamps to the second", () => {
    const at = "2026-12-12T11:00:05.000Z";
    expect(formatTimestamp(at, "en", "Asia/Seoul")).toBe("12 Dec 2026, 20:00:05");
    expect(formatTimestamp(at, "ko", "Asia/Seoul")).toBe("2026년 12월 12일 20:00:05");
    expect(formatTimestamp(at, "en", "Europe/London")).toBe("12 Dec 2026, 11:00:05");
  });

  it("follows daylight saving time where the venue has it", () => {
    expect(formatTime("2026-07-01T18:00:00.000Z", "Europe/London")).toBe("19:00");
    expect(formatTime("2026-12-01T18:00:00.000Z", "Europe/London")).toBe("18:00");
  });

  it("counts down in days past a day, 일 in Korean", () => {
    const ms = ((2 * 24 + 3) * 3600 + 4 * 60 + 5) * 1000;
    expect(formatCountdown(ms, "en")).toBe("2d 03:04:05");
    expect(formatCountdown(ms, "ko")).toBe("2일 03:04:05");
    expect(formatCountdown(65_000, "ko")).toBe("01:05");
    expect(formatCountdown(-1, "en")).toBe("00:00");
  });
});

describe("date and time inputs hold the venue's wall-clock time", () => {
  it("shows a moment as the venue's clock reads it", () => {
    expect(toDateTimeLocal("2026-12-12T11:00:00.000Z", "Asia/Seoul")).toBe("2026-12-12T20:00");
    expect(toDateTimeLocal("2026-12-11T16:30:00.000Z", "Asia/Seoul")).toBe("2026-12-12T01:30");
    expect(toDateTimeLocal("2026-12-12T11:00:00.000Z", "America/New_York")).toBe("2026-12-12T06:00");
    expect(toDateTimeLocal("2026-07-01T18:00:00.000Z", "Europe/London")).toBe("2026-07-01T19:00");
  });

  it("reads a typed value as the venue's time", () => {
    expect(fromDateTimeLocal("2026-12-12T20:00", "Asia/Seoul")?.toISOString()).toBe("2026-12-12T11:00:00.000Z");
    expect(fromDateTimeLocal("2026-12-12T00:30", "Asia/Seoul")?.toISOString()).toBe("2026-12-11T15:30:00.000Z");
    expect(fromDateTimeLocal("2026-12-12T20:00", "UTC")?.toISOString()).toBe("2026-12-12T20:00:00.000Z");
    expect(fromDateTimeLocal("2026-07-01T19:00", "Europe/London")?.toISOString()).toBe("2026-07-01T18:00:00.000Z");
    expect(fromDateTimeLocal("2026-12-01T18:00", "Europe/London")?.toISOString()).toBe("2026-12-01T18:00:00.000Z");
    expect(fromDateTimeLocal("2026-03-29T03:30", "Europe/London")?.toISOString()).toBe("2026-03-29T02:30:00.000Z");
  });

  it("refuses what is not a real date and time", () => {
    for (const bad of ["", "2026-12-12", "2026-02-30T10:00", "2026-12-12T24:00", "2026-13-01T10:00", "soon"]) {
      expect(fromDateTimeLocal(bad, "Asia/Seoul"), bad).toBeUndefined();
    }
  });

  it("round-trips every minute over the years, in zones with and without daylight saving", () => {
    const zones = ["Asia/Seoul", "UTC", "Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1) / 60_000, max: Date.UTC(2035, 0, 1) / 60_000 }),
        fc.constantFrom(...zones),
        (minute, zone) => {
          const iso = new Date(minute * 60_000).toISOString();
          const typed = toDateTimeLocal(iso, zone);
          const back = fromDateTimeLocal(typed, zone)!;
          // The same wall-clock reading; the same moment except in the hour a clock turns back twice.
          expect(toDateTimeLocal(back.toISOString(), zone)).toBe(typed);
          expect(Math.abs(back.getTime() - minute * 60_000)).toBeLessThanOrEqual(3_600_000);
        },
      ),
      { numRuns: 3_000 },
    );
  });
});
