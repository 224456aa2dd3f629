import type { NextConfig } from "next";

const config: NextConfig = {
  poweredByHeader: false,
  // Server-only packages loaded from node_modules at run time rather than bundled.
  serverExternalPackages: ["pino", "pg", "ioredis", "@prisma/adapter-pg"],
};

export default config;
