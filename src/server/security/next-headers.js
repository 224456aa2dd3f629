// @ts-check
/**
 * Security headers of every response: next.config.js `headers()` applies them, and an HTTP entry
 * that serves the API outside Next.js adds the same rules itself (http/response-headers.ts).
 * Plain JavaScript with no imports, because next.config.js loads it at run time where nothing
 * compiles TypeScript; the TypeScript code reads it through headers.ts (types: next-headers.d.ts).
 */

/** @typedef {{ key: string; value: string }} Header */

/**
 * Pages: our own origin only; nothing may frame us.
 * @param {boolean} dev
 * @returns {string}
 */
function pageContentSecurityPolicy(dev) {
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

/**
 * Everything, pages and API alike.
 * @param {boolean} dev
 * @returns {Header[]}
 */
export function commonSecurityHeaders(dev) {
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

/**
 * The API answers JSON and text only: it needs no sources at all and leaks no referrer.
 * @type {Header[]}
 */
export const API_SECURITY_HEADERS = [
  { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
];

/** The common Permissions-Policy with the camera allowed to our own origin. */
const CHECK_IN_PERMISSIONS = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()";

/**
 * next.config.js `headers()`: later entries override earlier ones for the same key.
 * @param {boolean} dev
 * @returns {{ source: string; headers: Header[] }[]}
 */
export function nextSecurityHeaders(dev) {
  return [
    { source: "/:path*", headers: commonSecurityHeaders(dev) },
    { source: "/api/:path*", headers: API_SECURITY_HEADERS },
    // The check-in page scans tickets with the device's camera (ours only).
    { source: "/admin/check-in", headers: [{ key: "Permissions-Policy", value: CHECK_IN_PERMISSIONS }] },
  ];
}
