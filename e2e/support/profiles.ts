import { randomBytes } from "node:crypto";

/**
 * The settings profiles the end-to-end suite runs the app with: one `next start` each, on its
 * own port, database and Redis key prefix. The run id is made once in the runner process and
 * inherited by the workers and the servers through the environment.
 */
export const RUN_ID = (process.env.CB_E2E_RUN ??= `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`);

export const ADMIN_PASSWORD = "e2e-admin-password";

export const PG_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export const HOLD_TTL_SECONDS = 8;
/** The seat limit of the short-hold profile: not the default, so the page must show the server's. */
export const SHORT_HOLD_MAX_SEATS = 2;

export const PROFILES = {
  default: { port: 3211, settings: {} },
  "single-active": { port: 3212, settings: { QUEUE_MAX_ACTIVE: "1" } },
  "short-hold": {
    port: 3213,
    settings: { HOLD_TTL_SECONDS: String(HOLD_TTL_SECONDS), MAX_SEATS_PER_USER: String(SHORT_HOLD_MAX_SEATS) },
  },
} as const;

export type ProfileName = keyof typeof PROFILES;

export function databaseName(profile: ProfileName): string {
  return `cb_e2e_${profile.replace(/-/g, "_")}_${RUN_ID}`;
}

/** Every database of this run ends with the run id; teardown drops exactly those. */
export const DATABASE_PATTERN = `cb_e2e_%_${RUN_ID}`;

export const REDIS_PREFIX = `cb_e2e:${RUN_ID}:`;

export function databaseUrl(name: string): string {
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export function baseUrl(profile: ProfileName): string {
  return `http://localhost:${PROFILES[profile].port}`;
}

export function serverEnv(profile: ProfileName): Record<string, string> {
  return {
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(PROFILES[profile].port),
    DATABASE_URL: databaseUrl(databaseName(profile)),
    REDIS_URL,
    REDIS_KEY_PREFIX: `${REDIS_PREFIX}${profile}:`,
    ADMIN_PASSWORD,
    AUTH_SECRET: `e2e-only-secret-of-run-${RUN_ID}-not-for-production`,
    RATE_LIMITS: "off",
    ...PROFILES[profile].settings,
  };
}
