import { describe, expect, it } from "vitest";
import { readCookie, serializeCookie } from "./session.service";

describe("session cookies", () => {
  it("marks the cookie Secure only when asked (production)", () => {
    expect(serializeCookie("cb_access", "t", { maxAge: 60, secure: true })).toBe(
      "cb_access=t; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure",
    );
    expect(serializeCookie("cb_access", "t", { maxAge: 60, secure: false })).not.toContain("Secure");
  });

  it("reads one cookie among several and round-trips encoded values", () => {
    const value = "a b;c";
    const pair = serializeCookie("cb_admin", value, { maxAge: 1, secure: false }).split("; ")[0];
    const headers = new Headers({ cookie: `other=1; ${pair}; cb_access_x=2` });
    expect(readCookie(headers, "cb_admin")).toBe(value);
    expect(readCookie(headers, "cb_access")).toBeUndefined();
    expect(readCookie(new Headers(), "cb_admin")).toBeUndefined();
  });
});
