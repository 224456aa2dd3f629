import { describe, expect, it } from "vitest";
import { parseConfig } from "@/env";

const base = { DATABASE_URL: "postgresql://x/y", AUTH_SECRET: "s".repeat(32), ADMIN_PASSWORD: "pw" };

describe("rate limit settings", () => {
  it("have generous-for-fans, tight-for-machines defaults, per user and per address", () => {
    const c = parseConfig(base);
    expect(c.RATE_LIMITS).toBe("on");
    expect(c.TRUST_PROXY).toBe(0);
    expect(c.RATE_LIMIT_SIGNUP_IP).toEqual({ points: 30, seconds: 600 });
    expect(c.RATE_LIMIT_QUEUE_USER).toEqual({ points: 30, seconds: 60 });
    expect(c.RATE_LIMIT_QUEUE_IP).toEqual({ points: 300, seconds: 60 });
    expect(c.RATE_LIMIT_HOLD_USER).toEqual({ points: 30, seconds: 60 });
    expect(c.RATE_LIMIT_HOLD_IP).toEqual({ points: 300, seconds: 60 });
    expect(c.RATE_LIMIT_CHARGE_USER).toEqual({ points: 10, seconds: 60 });
    expect(c.RATE_LIMIT_CHARGE_IP).toEqual({ points: 100, seconds: 60 });
    expect(c.RATE_LIMIT_ADMIN_LOGIN_IP).toEqual({ points: 10, seconds: 900 });
  });

  it("read <count>/<window> with the window in s, m or h", () => {
    expect(parseConfig({ ...base, RATE_LIMIT_HOLD_USER: "5/30s" }).RATE_LIMIT_HOLD_USER).toEqual({
      points: 5,
      seconds: 30,
    });
    expect(parseConfig({ ...base, RATE_LIMIT_HOLD_USER: "1000/2h" }).RATE_LIMIT_HOLD_USER).toEqual({
      points: 1000,
      seconds: 7200,
    });
    for (const bad of ["5", "5/", "/1m", "5/1d", "0/1m", "5/0s", "5/25h", "-1/1m", "1.5/1m", "5 / 1m"]) {
      expect(() => parseConfig({ ...base, RATE_LIMIT_HOLD_USER: bad }), bad).toThrow(/RATE_LIMIT_HOLD_USER/);
    }
    expect(() => parseConfig({ ...base, TRUST_PROXY: "-1" })).toThrow(/TRUST_PROXY/);
  });

  it("are off by default under NODE_ENV=test, and a test can turn them on", () => {
    expect(parseConfig({ ...base, NODE_ENV: "test" }).RATE_LIMITS).toBe("off");
    expect(parseConfig({ ...base, NODE_ENV: "test", RATE_LIMITS: "on" }).RATE_LIMITS).toBe("on");
    expect(parseConfig({ ...base, NODE_ENV: "development" }).RATE_LIMITS).toBe("on");
  });
});
