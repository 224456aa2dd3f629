import { describe, expect, it } from "vitest";
import { responseHeaderRules } from "../http/response-headers";
import { nextSecurityHeaders } from "../security/headers";

describe("the check-in page's permissions", () => {
  it("may use the camera of its own origin (to scan tickets); every other page may not", () => {
    const headers = responseHeaderRules(false);
    expect(headers("/admin/check-in")["permissions-policy"]).toBe(
      "camera=(self), microphone=(), geolocation=(), payment=(), usb=()",
    );
    for (const page of ["/", "/admin", "/tickets", "/admin/check-in/x"]) {
      expect(headers(page)["permissions-policy"], page).toBe(
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
      );
    }
    // next.config.js serves pages from the same rules.
    expect(nextSecurityHeaders(false).map((r) => r.source)).toContain("/admin/check-in");
  });
});
