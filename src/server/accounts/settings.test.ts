import { describe, expect, it } from "vitest";
import { parseConfig } from "@/env";

const base = { DATABASE_URL: "postgresql://x/y", AUTH_SECRET: "s".repeat(32), ADMIN_PASSWORD: "pw" };

describe("account settings", () => {
  it("limit fan sign-in to 30 per 15 min per address and 10 per 15 min per email by default", () => {
    const c = parseConfig(base);
    expect(c.RATE_LIMIT_FAN_LOGIN_IP).toEqual({ points: 30, seconds: 900 });
    expect(c.RATE_LIMIT_FAN_LOGIN_EMAIL).toEqual({ points: 10, seconds: 900 });
    expect([c.SMTP_URL, c.PUBLIC_URL, c.MAIL_FROM]).toEqual([undefined, undefined, "Encore <no-reply@localhost>"]);
  });

  it("take an smtp or smtps SMTP_URL and an http or https PUBLIC_URL, and refuse others", () => {
    const c = parseConfig({
      ...base,
      SMTP_URL: "smtps://u:p@mail.example.com:465",
      PUBLIC_URL: "https://tickets.example.com",
    });
    expect([c.SMTP_URL, c.PUBLIC_URL]).toEqual(["smtps://u:p@mail.example.com:465", "https://tickets.example.com"]);
    expect(() => parseConfig({ ...base, SMTP_URL: "http://mail.example.com" })).toThrow(/SMTP_URL/);
    expect(() => parseConfig({ ...base, SMTP_URL: "not a url" })).toThrow(/SMTP_URL/);
    expect(() => parseConfig({ ...base, PUBLIC_URL: "javascript:alert(1)" })).toThrow(/PUBLIC_URL/);
  });
});
