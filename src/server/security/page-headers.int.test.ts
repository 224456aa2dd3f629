import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { createConcertWithSchedule } from "@/test/factories";
import { useAppInstances } from "@/test/processes";

/**
 * The security headers SECURITY.md promises on pages, as a browser receives them from the
 * production entry serving real pages through Next.js (needs `npm run build`): the home page, a
 * concert's page, and a page that does not exist.
 */
const app = useTestApp();
const instances = useAppInstances(app, 1);

/** The CSP's directives by name. */
function directives(csp: string | null): Map<string, string> {
  expect(csp).toBeTruthy();
  return new Map(
    csp!
      .split(";")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!, values.join(" ")] as const;
      }),
  );
}

function expectPageHeaders(res: Response): void {
  const csp = directives(res.headers.get("content-security-policy"));
  expect(csp.get("default-src")).toBe("'self'");
  expect(csp.get("object-src")).toBe("'none'");
  expect(csp.get("base-uri")).toBe("'self'");
  expect(csp.get("form-action")).toBe("'self'");
  expect(csp.get("frame-ancestors")).toBe("'none'");
  // Production: no eval, no websocket sources (those are for the dev server only).
  expect(csp.get("script-src")).not.toContain("'unsafe-eval'");
  expect(csp.get("connect-src")).toBe("'self'");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(res.headers.get("permissions-policy")).toBe("camera=(), microphone=(), geolocation=(), payment=(), usb=()");
  expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
  expect(res.headers.get("cross-origin-resource-policy")).toBe("same-origin");
  expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000");
  expect(res.headers.get("x-powered-by")).toBeNull();
}

describe("security headers on real pages from the production entry", () => {
  it("GET / is an HTML page with the page CSP, frame-ancestors 'none', X-Frame-Options, nosniff and the referrer policy", async () => {
    const res = await fetch(`${instances.via(0).url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toContain("<html");
    expectPageHeaders(res);
  });

  it("a concert's page carries the same headers", async () => {
    const { concertId } = await createConcertWithSchedule(app.deps);
    const res = await fetch(`${instances.via(0).url}/concerts/${concertId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toContain("<html");
    expectPageHeaders(res);
  });

  it("a page that does not exist (404) carries them too", async () => {
    const res = await fetch(`${instances.via(0).url}/no-such-page`);
    expect(res.status).toBe(404);
    expectPageHeaders(res);
  });

  it("the API beside them has its own stricter policy: default-src 'none', no referrer", async () => {
    const res = await fetch(`${instances.via(0).url}/api/v1/concerts`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });
});
