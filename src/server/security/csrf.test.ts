import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { assertNotCrossSite, CSRF_HEADER, isSameOriginRequest } from "./csrf";

const h = (init: Record<string, string>) => new Headers({ host: "tickets.example", ...init });

describe("isSameOriginRequest", () => {
  it("believes the browser's Sec-Fetch-Site first", () => {
    expect(isSameOriginRequest(h({ "sec-fetch-site": "same-origin" }), 0)).toBe(true);
    expect(isSameOriginRequest(h({ "sec-fetch-site": "none" }), 0)).toBe(true);
    // A sibling subdomain is same-site (Lax cookies go along) but not same-origin.
    expect(isSameOriginRequest(h({ "sec-fetch-site": "same-site" }), 0)).toBe(false);
    expect(isSameOriginRequest(h({ "sec-fetch-site": "cross-site" }), 0)).toBe(false);
    // The custom header does not overrule a browser that says cross-site.
    expect(isSameOriginRequest(h({ "sec-fetch-site": "cross-site", [CSRF_HEADER]: "1" }), 0)).toBe(false);
  });

  it("then an Origin header, which must be this host", () => {
    expect(isSameOriginRequest(h({ origin: "https://tickets.example" }), 0)).toBe(true);
    expect(isSameOriginRequest(h({ origin: "https://evil.example" }), 0)).toBe(false);
    expect(isSameOriginRequest(h({ origin: "null" }), 0)).toBe(false);
    expect(isSameOriginRequest(h({ origin: "https://evil.example", [CSRF_HEADER]: "1" }), 0)).toBe(false);
    // X-Forwarded-Host counts only behind trusted proxies.
    const proxied = new Headers({
      host: "app:3000",
      origin: "https://tickets.example",
      "x-forwarded-host": "tickets.example",
    });
    expect(isSameOriginRequest(proxied, 0)).toBe(false);
    expect(isSameOriginRequest(proxied, 1)).toBe(true);
  });

  it("without any browser signal, only with the custom header", () => {
    expect(isSameOriginRequest(h({}), 0)).toBe(false);
    expect(isSameOriginRequest(h({ [CSRF_HEADER]: "1" }), 0)).toBe(true);
  });

  it("refuses with 403", () => {
    const err = (() => {
      try {
        assertNotCrossSite(h({ "sec-fetch-site": "cross-site" }), 0);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(403);
  });
});
