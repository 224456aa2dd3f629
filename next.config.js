// @ts-check
import createNextIntlPlugin from "next-intl/plugin";
import { nextSecurityHeaders } from "./src/server/security/next-headers.js";

/** The locale, messages and venue time zone of each request: src/i18n/request.ts. */
const withNextIntl = createNextIntlPlugin("./src/i18n/request.ts");

/** @type {import('next').NextConfig} */
const config = {
  poweredByHeader: false,
  // The Docker image runs Next's standalone server (see Dockerfile).
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  // Server-only packages loaded from node_modules at run time rather than bundled.
  serverExternalPackages: ["pino", "pg", "ioredis", "@prisma/adapter-pg", "rate-limiter-flexible"],
  // CSP, framing, sniffing, referrer: see SECURITY.md.
  headers: async () => nextSecurityHeaders(process.env.NODE_ENV !== "production"),
};

export default withNextIntl(config);
