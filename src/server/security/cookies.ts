/** The web UI's session cookies: HttpOnly, SameSite=Lax, Secure in production (session.service.ts). */
export const ACCESS_COOKIE = "cb_access";
export const ADMIN_COOKIE = "cb_admin";

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
