import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { assertPassFor, effectiveSeatStatus, isBookingOpen } from "./availability";
import { ZConcertId, ZScheduleId } from "./catalog.schema";

const now = new Date("2030-01-01T12:00:00.000Z");
const at = (ms: number) => new Date(now.getTime() + ms);

describe("effectiveSeatStatus", () => {
  it("keeps a hold that has time left", () => {
    expect(effectiveSeatStatus({ status: "HELD", heldUntil: at(1) }, now)).toBe("HELD");
  });

  it("frees a hold the moment it ends, and after", () => {
    expect(effectiveSeatStatus({ status: "HELD", heldUntil: at(0) }, now)).toBe("AVAILABLE");
    expect(effectiveSeatStatus({ status: "HELD", heldUntil: at(-60_000) }, now)).toBe("AVAILABLE");
  });

  it("leaves free and sold seats as they are", () => {
    expect(effectiveSeatStatus({ status: "AVAILABLE", heldUntil: null }, now)).toBe("AVAILABLE");
    expect(effectiveSeatStatus({ status: "SOLD", heldUntil: null }, now)).toBe("SOLD");
  });
});

describe("isBookingOpen", () => {
  const window = { bookingOpensAt: at(-1000), bookingClosesAt: at(1000) };

  it("is open from the opening instant up to, not including, the close", () => {
    expect(isBookingOpen(window, at(-1000))).toBe(true);
    expect(isBookingOpen(window, now)).toBe(true);
    expect(isBookingOpen(window, at(999))).toBe(true);
    expect(isBookingOpen(window, at(1000))).toBe(false);
  });

  it("is closed before it opens", () => {
    expect(isBookingOpen(window, at(-1001))).toBe(false);
  });
});

describe("assertPassFor", () => {
  const pass = { concertId: "c1", tokenId: "7", hardEnd: Date.UTC(2030, 0, 1) };

  it("lets a pass through for its own concert", () => {
    expect(() => assertPassFor(pass, "c1")).not.toThrow();
  });

  it("refuses a pass for another concert with QUEUE_PASS_WRONG_CONCERT (403)", () => {
    const err = (() => {
      try {
        assertPassFor(pass, "c2");
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "QUEUE_PASS_WRONG_CONCERT", status: 403 });
  });
});

describe("catalog inputs", () => {
  const id = "6f1c1f5e-2b6a-4d0e-9a51-3f1a2b3c4d5e";

  it("accept a UUID and nothing else", () => {
    expect(ZConcertId.safeParse({ concertId: id }).success).toBe(true);
    expect(ZScheduleId.safeParse({ scheduleId: id }).success).toBe(true);
    expect(ZConcertId.safeParse({ concertId: "42" }).success).toBe(false);
    expect(ZConcertId.safeParse({ concertId: id, extra: 1 }).success).toBe(false);
    expect(ZScheduleId.safeParse({}).success).toBe(false);
  });
});
