import { describe, expect, it } from "vitest";
import { cookieValue, isHttps, serializeCookie, sessionCookies } from "./cookies";

const proto = (value?: string) => new Headers(value === undefined ? {} : { "x-forwarded-proto": value });

describe("isHttps", () => {
  it("believes X-Forwarded-Proto only behind trusted proxies", () => {
    expect(isHttps(proto("https"), 0)).toBe(false);
    expect(isHttps(proto("https"), 1)).toBe(true);
    expect(isHttps(proto("HTTPS"), 1)).toBe(true);
    expect(isHttps(proto("http"), 1)).toBe(false);
    expect(isHttps(proto(), 1)).toBe(false);
    expect(isHttps(proto("wss"), 1)).toBe(false);
  });

  it("reads a list like X-Forwarded-For: the outermost trusted proxy's entry, else the first", () => {
    // A client wrote "https"; the one trusted proxy appended what it saw.
    expect(isHttps(proto("https, http"), 1)).toBe(false);
    expect(isHttps(proto("http, https"), 1)).toBe(true);
    // Two proxies, the outer one terminating TLS.
    expect(isHttps(proto("https, http"), 2)).toBe(true);
    // Two trusted proxies, the header replaced along the way: the one value there is.
    expect(isHttps(proto("https"), 2)).toBe(true);
  });
});

describe("sessionCookies", () => {
  const config = { NODE_ENV: "development" as const, TRUST_PROXY: 1 };

  it("over HTTP: the plain names, Secure only in production (as local development and the e2e tests use them)", () => {
    expect(sessionCookies(proto("http"), config)).toEqual({
      access: "cb_access",
      refresh: "cb_refresh",
      admin: "cb_admin",
      secure: false,
    });
    expect(sessionCookies(proto(), { ...config, NODE_ENV: "production" })).toEqual({
      access: "cb_access",
      refresh: "cb_refresh",
      admin: "cb_admin",
      secure: true,
    });
  });

  it("over HTTPS: __Host- names, Secure, in any NODE_ENV", () => {
    for (const NODE_ENV of ["development", "production", "test"] as const) {
      expect(sessionCookies(proto("https"), { NODE_ENV, TRUST_PROXY: 1 })).toEqual({
        access: "__Host-cb_access",
        refresh: "__Host-cb_refresh",
        admin: "__Host-cb_admin",
        secure: true,
      });
    }
    expect(sessionCookies(proto("https"), { ...config, TRUST_PROXY: 0 }).access).toBe("cb_access");
  });

  it("a __Host- cookie is always Secure with Path=/ and no Domain, as browsers require", () => {
    const header = serializeCookie("__Host-cb_access", "t", { maxAge: 60, secure: false });
    expect(header).toBe("__Host-cb_access=t; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure");
    expect(header).not.toMatch(/Domain=/i);
  });
});

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
    expect(cookieValue(headers, "cb_admin")).toBe(value);
    expect(cookieValue(headers, "cb_access")).toBeUndefined();
    expect(cookieValue(new Headers(), "cb_admin")).toBeUndefined();
  });
});
