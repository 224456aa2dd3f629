import { describe, expect, it } from "vitest";
import { parseConfig } from "./env";

describe("settings", () => {
  it("has the contract's defaults", () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      QUEUE_MAX_ACTIVE: 100,
      QUEUE_ACTIVE_TTL_SECONDS: 600,
      QUEUE_IDLE_TIMEOUT_SECONDS: 300,
      HOLD_TTL_SECONDS: 300,
      MAX_SEATS_PER_USER: 4,
      MAX_BALANCE: 10_000_000,
      RATE_LIMITS: "on",
    });
  });

  it("reads numbers from strings and names every bad setting", () => {
    expect(parseConfig({ QUEUE_MAX_ACTIVE: "7" }).QUEUE_MAX_ACTIVE).toBe(7);
    expect(() => parseConfig({ QUEUE_MAX_ACTIVE: "0", HOLD_TTL_SECONDS: "x" })).toThrow(/QUEUE_MAX_ACTIVE[\s\S]*HOLD_TTL_SECONDS/);
    expect(() => parseConfig({ MAX_BALANCE: "20000000" })).toThrow(/MAX_BALANCE/);
    expect(() => parseConfig({ AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET/);
  });
});
