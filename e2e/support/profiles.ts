import { createHash, randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";

/**
 * The settings profiles the end-to-end suite runs the app with: one server each, on its own port,
 * database and Redis key prefix. The run id is made once in the runner process and inherited by
 * the workers and the servers through the environment.
 */
const RUN_ID = (process.env.CB_E2E_RUN ??= `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`);

export const ADMIN_PASSWORD = "e2e-admin-password";

/**
 * The PostgreSQL server and Redis of the run, which `npm run test:e2e` starts and names here
 * (src/test/with-services.ts). Read when a server starts, not when the config loads: tools that
 * only read the config (the linters) need neither.
 */
export const PG_URL = process.env.TEST_DATABASE_URL ?? "";
export const REDIS_URL = process.env.TEST_REDIS_URL ?? "";

export const HOLD_TTL_SECONDS = 8;
/** The venue's zone of every profile: the UI shows, and the admin forms take, its wall-clock time. */
export const VENUE_TIME_ZONE = "Asia/Seoul";
/** The seat limit of the short-hold profile: not the default, so the page must show the server's. */
export const SHORT_HOLD_MAX_SEATS = 2;

/**
 * `entry`: what serves the app. `production` is the production entry, what `npm start` and the
 * Docker image run (src/server/http/server.ts, compiled by build-server.ts, run with plain node);
 * `next` is `next start`, where the API goes through the route handlers under src/app/api.
 */
export const PROFILES = {
  default: { port: 3211, entry: "production", settings: {} },
  "single-active": { port: 3212, entry: "production", settings: { QUEUE_MAX_ACTIVE: "1" } },
  "short-hold": {
    port: 3213,
    entry: "production",
    settings: { HOLD_TTL_SECONDS: String(HOLD_TTL_SECONDS), MAX_SEATS_PER_USER: String(SHORT_HOLD_MAX_SEATS) },
  },
  "route-handlers": { port: 3214, entry: "next", settings: {} },
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

/** The production entry compiled for this run (by e2e/support/serve.ts), inside the project so it finds Next.js. */
export const SERVER_BUNDLE = fileURLToPath(new URL(`../../.next/e2e-server-${RUN_ID}.mjs`, import.meta.url));

export function serverEnv(profile: ProfileName): Record<string, string> {
  if (!PG_URL || !REDIS_URL) {
    throw new Error(
      "TEST_DATABASE_URL and TEST_REDIS_URL are not set. Run the end-to-end tests with `npm run test:e2e` " +
        "(or `node --import tsx src/test/with-services.ts playwright test`), which starts PostgreSQL and Redis " +
        "for the run, or set both to servers of your own.",
    );
  }
  return {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(PROFILES[profile].port),
    DATABASE_URL: databaseUrl(databaseName(profile)),
    REDIS_URL,
    REDIS_KEY_PREFIX: `${REDIS_PREFIX}${profile}:`,
    ADMIN_PASSWORD,
    AUTH_SECRET: `e2e-only-secret-of-run-${RUN_ID}-not-for-production`,
    // An Ed25519 seed of this run's own.
    TICKET_SIGNING_KEY: createHash("sha256").update(`e2e-ticket-key-${RUN_ID}`).digest("base64url"),
    RATE_LIMITS: "off",
    VENUE_TIME_ZONE,
    ...PROFILES[profile].settings,
  };
}
