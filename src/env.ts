import { z } from "zod";

/** Every setting of the service, parsed once. Nothing else reads process.env. */
const int = (def: number, min = 1, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(def);

export const ZConfig = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: int(3000, 0, 65535),
  /** Set by `npm start` in the embedded mode; required otherwise. */
  DATABASE_URL: z.string().min(1, "is not set: run `npm start` for the embedded default, or point it at PostgreSQL"),
  /** Unset: the waiting room lives in this process (one instance only). */
  REDIS_URL: z.string().min(1).optional(),
  /** Prefix for every Redis key, so several deployments or test runs can share one Redis. */
  REDIS_KEY_PREFIX: z.string().default("cb:"),
  DATABASE_POOL_SIZE: int(10, 1, 200),
  QUEUE_MAX_ACTIVE: int(100),
  QUEUE_ACTIVE_TTL_SECONDS: int(600),
  QUEUE_IDLE_TIMEOUT_SECONDS: int(300),
  /** How often each instance admits from the line and drops idle waiters. */
  QUEUE_TICK_MS: int(250, 10, 10_000),
  HOLD_TTL_SECONDS: int(300),
  /** How often each instance marks lapsed holds EXPIRED (reads never depend on it). */
  HOLD_SWEEP_MS: int(5_000, 100, 600_000),
  MAX_SEATS_PER_USER: int(4, 1, 50),
  /** May lower, never raise, the database's ceiling of 10,000,000. */
  MAX_BALANCE: int(10_000_000, 1, 10_000_000),
  AUTH_SECRET: z.string().min(32).default("dev-only-secret-change-me-in-production-0123456789"),
  ADMIN_PASSWORD: z.string().min(1).default("admin"),
  RATE_LIMITS: z.enum(["on", "off"]).default("on"),
  /** Run the admission ticker and hold sweeper in this process. */
  BACKGROUND_JOBS: z.enum(["on", "off"]).default("on"),
});

export type Config = z.infer<typeof ZConfig>;

/** Settings that must be given explicitly in production: their defaults are public. */
const PRODUCTION_REQUIRED = ["AUTH_SECRET", "ADMIN_PASSWORD"] as const;

export function parseConfig(source: Record<string, string | undefined>): Config {
  const result = ZConfig.safeParse(source);
  const lines = result.success ? [] : result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
  if (source.NODE_ENV === "production") {
    for (const name of PRODUCTION_REQUIRED) {
      if (!source[name]) lines.push(`  ${name}: must be set when NODE_ENV=production (the default is not a secret)`);
    }
  }
  if (lines.length || !result.success) throw new Error(`Invalid settings:\n${lines.join("\n")}`);
  return result.data;
}

let cached: Config | undefined;

/** The settings of this process, from its environment. */
export function env(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
