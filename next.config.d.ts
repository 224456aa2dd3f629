import type { NextConfig } from "next";

/** The type of next.config.js, for the TypeScript code that reads it (tests). */
declare const config: NextConfig;
export default config;
