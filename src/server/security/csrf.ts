import { AppError } from "../errors";

/**
 * Cross-site request forgery: a page on another site making the browser send our cookies with a
 * state-changing call. Cookies are SameSite=Lax already (other sites cannot POST with them);
 * this covers what Lax does not: sibling subdomains (same-site, cross-origin) and browsers
 * without SameSite. Bearer tokens and X-Queue-Token are headers a page cannot make a browser send
 * to us, so only calls authenticated by cookie are checked.
 *
 * A call passes when the browser itself says it is same-origin (Sec-Fetch-Site, or an Origin equal
 * to the Host: both are headers scripts cannot set). A client that sends neither (an old browser,
 * or no browser at all) must send CSRF_HEADER: a custom header makes any cross-origin browser
 * request a CORS preflight, which this service never grants.
 */
export const CSRF_HEADER = "x-csrf";

const SAME_ORIGIN_SITES = new Set(["same-origin", "none"]);

export function isSameOriginRequest(headers: Headers, trustProxy: number): boolean {
  const site = headers.get("sec-fetch-site");
  if (site) return SAME_ORIGIN_SITES.has(site.toLowerCase());
  const origin = headers.get("origin");
  if (origin) {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return false;
    }
    const own = [headers.get("host"), trustProxy > 0 ? headers.get("x-forwarded-host") : null];
    return own.some((h) => h !== null && h.toLowerCase() === host.toLowerCase());
  }
  return Boolean(headers.get(CSRF_HEADER));
}

/** Throws 403 unless a cookie-authenticated mutation provably comes from our own pages. */
export function assertNotCrossSite(headers: Headers, trustProxy: number): void {
  if (!isSameOriginRequest(headers, trustProxy)) {
    throw new AppError(
      "FORBIDDEN",
      `Cross-site request refused: a call signed in by cookie must come from this site (or send ${CSRF_HEADER}: 1)`,
    );
  }
}
