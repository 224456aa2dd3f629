import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ZCreateConcert, ZCreateSchedule, ZUpdateLineControls } from "@/server/admin/admin.schema";
import { ZPageQuery } from "@/server/infra/cursor";
import { ZChargePoints } from "@/server/points/points.schema";
import { ZHoldSeats } from "@/server/reservations/reservations.schema";
import { ZCreateUser } from "@/server/users/users.schema";
import { ZSignUp } from "@/server/accounts/accounts.schema";
import { ZCreateStaff } from "@/server/staff/staff.schema";
import { LIMITS, textLength } from "./limits";

/** The forms' limits are the server's: the schema takes each limit and refuses one past it. */
const SCHEDULE = { concertId: "4b1c3c2e-8f5e-4d6a-9c1b-2f3e4d5c6b7a", startsAt: "2030-01-01T19:00:00Z", price: 0 };
const CONCERT = { title: "T", artist: "A", venue: "V" };

function accepts(schema: { safeParse: (v: unknown) => { success: boolean } }, input: unknown): boolean {
  return schema.safeParse(input).success;
}

describe("LIMITS", () => {
  it("seats per hold", () => {
    const seats = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    const hold = (n: number) => ({ scheduleId: SCHEDULE.concertId, seatNumbers: seats(n) });
    expect(accepts(ZHoldSeats, hold(LIMITS.seatsPerHold))).toBe(true);
    expect(accepts(ZHoldSeats, hold(LIMITS.seatsPerHold + 1))).toBe(false);
  });

  it("a new account's and a new staff member's password, counted in characters", () => {
    const signUp = (password: string) => ({ email: "fan@example.com", password });
    const staff = (password: string) => ({ login: "door.1", password, role: "staff" });
    expect(accepts(ZSignUp, signUp("🎤".repeat(LIMITS.accountPassword.min)))).toBe(true);
    expect(accepts(ZSignUp, signUp("a".repeat(LIMITS.accountPassword.min - 1)))).toBe(false);
    expect(accepts(ZCreateStaff, staff("🎤".repeat(LIMITS.staffPassword.min)))).toBe(true);
    expect(accepts(ZCreateStaff, staff("a".repeat(LIMITS.staffPassword.min - 1)))).toBe(false);
  });

  it("points per charge", () => {
    expect(accepts(ZChargePoints, { amount: LIMITS.charge })).toBe(true);
    expect(accepts(ZChargePoints, { amount: LIMITS.charge + 1 })).toBe(false);
  });

  it("a fan's name, counted in characters", () => {
    const { min, max } = LIMITS.userName;
    expect(accepts(ZCreateUser, { name: "🎤".repeat(max) })).toBe(true);
    expect(accepts(ZCreateUser, { name: "a".repeat(max + 1) })).toBe(false);
    expect(accepts(ZCreateUser, { name: "a".repeat(min) })).toBe(true);
    expect(accepts(ZCreateUser, { name: " ".repeat(min) })).toBe(false);
  });

  it("a concert's title, artist, venue and description", () => {
    const { max } = LIMITS.concertName;
    for (const field of ["title", "artist", "venue"] as const) {
      expect(accepts(ZCreateConcert, { ...CONCERT, [field]: "x".repeat(max) }), field).toBe(true);
      expect(accepts(ZCreateConcert, { ...CONCERT, [field]: "x".repeat(max + 1) }), field).toBe(false);
    }
    const description = LIMITS.concertDescription.max;
    expect(accepts(ZCreateConcert, { ...CONCERT, description: "x".repeat(description) })).toBe(true);
    expect(accepts(ZCreateConcert, { ...CONCERT, description: "x".repeat(description + 1) })).toBe(false);
  });

  it("a date's price and seat count", () => {
    const { max: price } = LIMITS.schedulePrice;
    const { min, max, default: seats } = LIMITS.scheduleSeats;
    expect(accepts(ZCreateSchedule, { ...SCHEDULE, price })).toBe(true);
    expect(accepts(ZCreateSchedule, { ...SCHEDULE, price: price + 1 })).toBe(false);
    for (const seatCount of [min, max, seats]) expect(accepts(ZCreateSchedule, { ...SCHEDULE, seatCount })).toBe(true);
    expect(accepts(ZCreateSchedule, { ...SCHEDULE, seatCount: min - 1 })).toBe(false);
    expect(accepts(ZCreateSchedule, { ...SCHEDULE, seatCount: max + 1 })).toBe(false);
  });

  it("a line's cap and pace", () => {
    const line = (fields: object) => ({ concertId: SCHEDULE.concertId, ...fields });
    expect(accepts(ZUpdateLineControls, line({ maxActive: LIMITS.lineMaxActive.max }))).toBe(true);
    expect(accepts(ZUpdateLineControls, line({ maxActive: LIMITS.lineMaxActive.max + 1 }))).toBe(false);
    expect(accepts(ZUpdateLineControls, line({ admitPerMinute: LIMITS.lineAdmitPerMinute.max }))).toBe(true);
    expect(accepts(ZUpdateLineControls, line({ admitPerMinute: LIMITS.lineAdmitPerMinute.max + 1 }))).toBe(false);
  });
});

describe("textLength", () => {
  it("counts characters, not UTF-16 units", () => {
    expect(textLength("🎤방a")).toBe(3);
  });
});

describe("LIMITS.pageSize", () => {
  it("is the largest page a list takes", () => {
    expect(accepts(ZPageQuery, { limit: LIMITS.pageSize })).toBe(true);
    expect(accepts(ZPageQuery, { limit: LIMITS.pageSize + 1 })).toBe(false);
  });
});

describe("limits.ts in the browser", () => {
  /** Every module limits.ts loads at run time (type-only imports are erased), by its specifier. */
  function runtimeImports(file: string, seen = new Set<string>()): Set<string> {
    const source = readFileSync(file, "utf8");
    for (const [, specifier] of source.matchAll(/^import (?!type )[^"]*"([^"]+)";/gm)) {
      const local = specifier!.startsWith("@/")
        ? path.join(SRC, specifier!.slice(2))
        : specifier!.startsWith(".")
          ? path.resolve(path.dirname(file), specifier!)
          : undefined;
      if (!local) {
        seen.add(specifier!);
        continue;
      }
      const resolved = `${local}.ts`;
      if (seen.has(resolved)) continue;
      seen.add(resolved);
      runtimeImports(resolved, seen);
    }
    return seen;
  }
  const SRC = path.resolve(import.meta.dirname, "..");

  it("loads only zod and the schema modules, nothing of the server's run time", () => {
    const loaded = [...runtimeImports(path.join(SRC, "lib/limits.ts"))];
    expect(loaded.filter((m) => !m.startsWith(SRC))).toEqual(["zod"]);
    expect(
      loaded.filter((m) => m.startsWith(SRC)).every((m) => /\.schema\.ts$|\/errors\.ts$|\/cursor\.ts$/.test(m)),
    ).toBe(true);
  });
});
