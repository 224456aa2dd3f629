import type { Config } from "@/env";

/** The web UI's session cookies: HttpOnly, SameSite=Lax, Secure in production and over HTTPS (serializeCookie below). */
const ACCESS_COOKIE = "cb_access";
const ADMIN_COOKIE = "cb_admin";
/** An account's refresh token, beside its short-lived access token in ACCESS_COOKIE. */
const REFRESH_COOKIE = "cb_refresh";

/**
 * Over HTTPS the cookies are named `__Host-<name>`. A browser keeps such a cookie only when it is
 * Secure, has Path=/ and no Domain and comes from a secure origin, so neither a sibling subdomain
 * nor anyone on plain HTTP can plant one, and only these names are read then: a plain-named cookie
 * could have been planted (with Domain=<parent>) and would otherwise be sent before ours. Over
 * plain HTTP (local development, the end-to-end tests) browsers refuse the prefix: plain names.
 */
const HOST_PREFIX = "__Host-";

export type SessionCookies = { access: string; refresh: string; admin: string; secure: boolean };

/**
 * Whether the request reached the site over HTTPS. The app's own servers speak plain HTTP, so TLS
 * ends at a proxy in front, which says so in X-Forwarded-Proto; like X-Forwarded-For it is believed
 * only with TRUST_PROXY set (anyone can write it). A list is read like X-Forwarded-For: the entry
 * of the outermost trusted proxy, or the first when the proxies replaced the header (nginx does).
 */
export function isHttps(headers: Headers, trustProxy: number): boolean {
  if (trustProxy === 0) return false;
  const protos = (headers.get("x-forwarded-proto") ?? "")
    .split(",")
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  const proto = protos.length >= trustProxy ? protos[protos.length - trustProxy] : protos[0];
  return proto === "https";
}

/** The cookie names this request uses, and whether they are Secure. */
export function sessionCookies(headers: Headers, config: Pick<Config, "NODE_ENV" | "TRUST_PROXY">): SessionCookies {
  const https = isHttps(headers, config.TRUST_PROXY);
  const prefix = https ? HOST_PREFIX : "";
  return {
    access: prefix + ACCESS_COOKIE,
    refresh: prefix + REFRESH_COOKIE,
    admin: prefix + ADMIN_COOKIE,
    secure: https || config.NODE_ENV === "production",
  };
}

/** A cookie's value; a value that is not valid percent-encoding is returned as sent (and then fails verification). */
export function cookieValue(headers: Headers, name: string): string | undefined {
  const raw = headers.get("cookie");
  if (!raw) return undefined;
  for (const part of raw.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return undefined;
}

type CookieOptions = { maxAge: number; secure: boolean };

/**
 * A Set-Cookie value that scripts cannot read and other sites cannot send on a POST. Path=/ and no
 * Domain always, and Secure whenever the name is `__Host-`: browsers drop such a cookie otherwise.
 */
export function serializeCookie(name: string, value: string, { maxAge, secure }: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, "Path=/", `Max-Age=${maxAge}`, "HttpOnly", "SameSite=Lax"];
  if (secure || name.startsWith(HOST_PREFIX)) parts.push("Secure");
  return parts.join("; ");
}
