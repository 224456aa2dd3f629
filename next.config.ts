import type { NextConfig } from "next";

const config: NextConfig = {
  poweredByHeader: false,
  // The Docker image runs Next's standalone server (see Dockerfile).
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  // Server-only packages loaded from node_modules at run time rather than bundled.
  serverExternalPackages: ["pino", "pg", "ioredis", "@prisma/adapter-pg"],
};

export default config;
