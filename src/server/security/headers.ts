/**
 * Security headers of every response, for the TypeScript code. The values are in next-headers.js,
 * plain JavaScript, so that next.config.js can load them at run time too.
 */
export { API_SECURITY_HEADERS, commonSecurityHeaders, nextSecurityHeaders } from "./next-headers.js";
