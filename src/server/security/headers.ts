/**
 * Security headers of every response (applied by next.config.ts `headers()`; an HTTP entry that
 * serves the API outside Next.js adds API_SECURITY_HEADERS itself). Plain data, no imports, so
 * that next.config.ts can load this file.
 */
export type Header = { key: string; value: string };

/** Pages: our own origin only; nothing may frame us. */
export function pageContentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    // Next.js streams its bootstrap as inline scripts; nonces would force every page dynamic.
    // Development adds eval (React Refresh) and the dev server's websocket.
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Everything, pages and API alike. */
export function commonSecurityHeaders(dev: boolean): Header[] {
  return [
    { key: "Content-Security-Policy", value: pageContentSecurityPolicy(dev) },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
    // Browsers honour it over HTTPS only, so plain-HTTP local runs are unaffected.
    { key: "Strict-Transport-Security", value: "max-age=31536000" },
  ];
}

/** The API answers JSON and text only: it needs no sources at all and leaks no referrer. */
export const API_SECURITY_HEADERS: Header[] = [
  { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
];

/** next.config.ts `headers()`: later entries override earlier ones for the same key. */
export function nextSecurityHeaders(dev: boolean): { source: string; headers: Header[] }[] {
  return [
    { source: "/:path*", headers: commonSecurityHeaders(dev) },
    { source: "/api/:path*", headers: API_SECURITY_HEADERS },
  ];
}
