import { describe, expect, it } from "vitest";
import { parseConfig } from "./env";

describe("settings", () => {
  it("has the contract's defaults", () => {
    const c = parseConfig({ DATABASE_URL: "postgresql://x/y" });
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

  it("refuses to run in production without its own secret and admin password", () => {
    const base = { NODE_ENV: "production", DATABASE_URL: "postgresql://x/y" };
    expect(() => parseConfig(base)).toThrow(/AUTH_SECRET: must be set[\s\S]*ADMIN_PASSWORD: must be set/);
    const secret = "s".repeat(40);
    expect(parseConfig({ ...base, AUTH_SECRET: secret, ADMIN_PASSWORD: "pw" }).AUTH_SECRET).toBe(secret);
  });

  it("reads numbers from strings and names every bad setting", () => {
    const db = { DATABASE_URL: "postgresql://x/y" };
    expect(parseConfig({ ...db, QUEUE_MAX_ACTIVE: "7" }).QUEUE_MAX_ACTIVE).toBe(7);
    expect(() => parseConfig({ ...db, QUEUE_MAX_ACTIVE: "0", HOLD_TTL_SECONDS: "x" })).toThrow(/QUEUE_MAX_ACTIVE[\s\S]*HOLD_TTL_SECONDS/);
    expect(() => parseConfig({ ...db, MAX_BALANCE: "20000000" })).toThrow(/MAX_BALANCE/);
    expect(() => parseConfig({ ...db, AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET/);
    expect(() => parseConfig({})).toThrow(/DATABASE_URL/);
  });
});
