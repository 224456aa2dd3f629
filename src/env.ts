import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import { z } from "zod";
import { parseTicketSigningKey } from "./server/tickets/ticket-keys";

/** Every setting of the service, parsed once. Nothing else reads process.env. */
const int = (def: number, min = 1, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(def);

const DAY = 86_400;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** A rate limit: `<count>/<window>`, the window in s, m or h: `30/10m` = 30 calls per 10 minutes. */
export type RateLimit = { points: number; seconds: number };
const UNIT_SECONDS = { s: 1, m: 60, h: 3_600 } as const;
const rate = (def: string) =>
  z
    .string()
    .regex(/^\d{1,7}\/\d{1,5}[smh]$/, "expected <count>/<window>, e.g. 30/10m (window in s, m or h)")
    .default(def)
    .transform((value, ctx): RateLimit => {
      const [count, window] = value.split("/") as [string, string];
      const points = Number(count);
      const seconds = Number(window.slice(0, -1)) * UNIT_SECONDS[window.slice(-1) as keyof typeof UNIT_SECONDS];
      if (points < 1 || seconds < 1 || seconds > 86_400) {
        ctx.addIssue({ code: "custom", message: "count must be at least 1 and the window 1s..24h" });
        return z.NEVER;
      }
      return { points, seconds };
    });

/**
 * The two secrets have no default, whatever NODE_ENV says: a published one would let anyone sign
 * tokens or sign in as the admin against a real database. `npm start` generates both in its
 * embedded mode (src/cli/start.ts); test runs get random ones (see parseConfig).
 */
const PUBLISHED_SECRETS = new Set(["dev-only-secret-change-me-in-production-0123456789", "admin"]);
const secret = (min: number) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? `must be set${min > 1 ? ` (${min}+ random characters)` : ""}: there is no default (\`npm start\` without DATABASE_URL generates one)`
          : undefined,
    })
    .min(min)
    .refine((value) => !PUBLISHED_SECRETS.has(value), "is a value once published as the default: set one of your own");

/** WEB_CONCURRENCY's ceiling: each worker has its own database pool (DATABASE_POOL_SIZE). */
const MAX_WORKERS = 64;
const WORKERS_EXPECTED = `expected 1..${MAX_WORKERS} worker processes, or auto (one per CPU)`;

export const ZConfig = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: int(3000, 0, 65535),
  /**
   * Worker processes of the production entry (src/server/http/cluster.ts), sharing PORT: one per
   * core uses every core of a machine. `auto`: one per CPU this process may run on.
   */
  WEB_CONCURRENCY: z
    .string()
    .regex(/^(auto|\d{1,3})$/, WORKERS_EXPECTED)
    .default("1")
    .transform((value, ctx) => {
      const count = value === "auto" ? Math.min(availableParallelism(), MAX_WORKERS) : Number(value);
      if (count >= 1 && count <= MAX_WORKERS) return count;
      ctx.addIssue({ code: "custom", message: WORKERS_EXPECTED });
      return z.NEVER;
    }),
  /** Set by `npm start` in the embedded mode; required otherwise. */
  DATABASE_URL: z.string().min(1, "is not set: run `npm start` for the embedded default, or point it at PostgreSQL"),
  /** Unset: the waiting room lives in this process (one instance only). */
  REDIS_URL: z.string().min(1).optional(),
  /**
   * A Redis Cluster instead of one server (exclusive with REDIS_URL): some of its nodes as
   * `host:port` separated by commas; the client finds the others from any one of them.
   */
  REDIS_CLUSTER_NODES: z
    .string()
    .transform((value, ctx) => {
      const nodes = value.split(",").map((item) => {
        const match = /^(?:\[([0-9a-fA-F:.]+)\]|([\w.-]+)):(\d{1,5})$/.exec(item.trim());
        const port = Number(match?.[3]);
        return match && port >= 1 && port <= 65535 ? { host: (match[1] ?? match[2])!, port } : item.trim();
      });
      const bad = nodes.find((n) => typeof n === "string");
      if (bad !== undefined) {
        ctx.addIssue({
          code: "custom",
          message: `expected host:port separated by commas, e.g. 10.0.0.1:6379,10.0.0.2:6379 ("${bad}" is not one)`,
        });
        return z.NEVER;
      }
      return nodes as { host: string; port: number }[];
    })
    .optional(),
  /** Prefix for every Redis key, so several deployments or test runs can share one Redis. */
  REDIS_KEY_PREFIX: z.string().default("cb:"),
  DATABASE_POOL_SIZE: int(10, 1, 200),
  /** `off` behind a transaction-mode pooler (PgBouncer), where SQL PREPARE cannot work. */
  DATABASE_PREPARED_BATCHES: z.enum(["on", "off"]).default("on"),
  /**
   * How holds and payments reach PostgreSQL; every mode gives the same answers and writes the same
   * rows (src/server/reservations/reservations.repo.ts, src/server/payments/payments.repo.ts).
   * `batch`: their statements as one batch, one round trip (src/server/infra/batch.ts).
   * `prisma`: a Prisma interactive transaction taking the same row locks with SELECT ... FOR UPDATE.
   * `optimistic`: a comparison mode for the benchmark: no row locks; rows are read with their
   * `version` and written only where it is unchanged, the attempt starting over (a few times) when not.
   */
  DATABASE_HOT_PATH: z.enum(["batch", "prisma", "optimistic"]).default("batch"),
  /** The default cap of a line; an admin may set another per concert (1..100,000 as there). */
  QUEUE_MAX_ACTIVE: int(100, 1, 100_000),
  QUEUE_ACTIVE_TTL_SECONDS: int(600, 1, DAY),
  /** The hard end of a pass, counted from its admission: holds extend a pass up to here, never past. */
  QUEUE_PASS_MAX_SECONDS: int(900, 1, DAY),
  QUEUE_IDLE_TIMEOUT_SECONDS: int(300, 1, DAY),
  /** How often each instance admits from the line and drops idle waiters. */
  QUEUE_TICK_MS: int(250, 10, 10_000),
  HOLD_TTL_SECONDS: int(300, 1, DAY),
  /** How often each instance marks lapsed holds EXPIRED (reads never depend on it). */
  HOLD_SWEEP_MS: int(5_000, 100, 600_000),
  MAX_SEATS_PER_USER: int(4, 1, 50),
  /** Fans may give back a paid ticket until this many hours before the show. */
  REFUND_CUTOFF_HOURS: int(24, 0, 8760),
  /** The venue's IANA time zone: every date and time the UI shows or an admin types is in it. */
  VENUE_TIME_ZONE: z
    .string()
    .default("Asia/Seoul")
    .refine(
      (value) => /^[A-Za-z][\w+/-]*$/.test(value) && isTimeZone(value),
      "expected an IANA time zone, e.g. Asia/Seoul or Europe/London",
    ),
  /** May lower, never raise, the database's ceiling of 10,000,000. */
  MAX_BALANCE: int(10_000_000, 1, 10_000_000),
  AUTH_SECRET: secret(32),
  ADMIN_PASSWORD: secret(1),
  /**
   * The Ed25519 private key that signs ticket codes: its 32-byte seed in base64 or base64url
   * (`openssl rand -base64 32`), or a PKCS#8 PEM (`openssl genpkey -algorithm ed25519`). Required
   * in production; `npm start` generates and keeps one in its embedded mode; elsewhere a process
   * without one signs with a random key of its own (see parseConfig).
   */
  TICKET_SIGNING_KEY: z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? "must be set in production: there is no default (`npm start` without DATABASE_URL generates one; `openssl rand -base64 32` makes one)"
          : undefined,
    })
    .superRefine((value, ctx) => {
      try {
        parseTicketSigningKey(value);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: (e as Error).message });
      }
    }),
  /**
   * The login of the owner account that ADMIN_PASSWORD makes when the staff table is empty (and
   * the account `POST /admin/session` signs in when a request gives no login).
   */
  ADMIN_LOGIN: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._@-]{0,99}$/, "1-100 of a-z, 0-9, '.', '_', '@', '-', starting with a letter or digit")
    .default("owner"),
  /**
   * `GET /api/metrics` answers only `Authorization: Bearer <METRICS_TOKEN>`; unset, it is 404 for
   * everyone (the metrics name every route and line: not for the public).
   */
  METRICS_TOKEN: z
    .string()
    .regex(/^\S{16,}$/, "at least 16 characters, no spaces")
    .optional(),
  /** `off` disables every rate limit (load tests, benchmarks). Defaults to `off` when NODE_ENV=test. */
  RATE_LIMITS: z.enum(["on", "off"]).default("on"),
  /**
   * Reverse proxies in front of the app that append to X-Forwarded-For (1 behind one load balancer).
   * 0: X-Forwarded-For is ignored, as any client can write it. See src/server/security/client-ip.ts.
   */
  TRUST_PROXY: int(0, 0, 10),
  /** Generous for a fan (one account, a few retries), tight for a script. See SECURITY.md. */
  RATE_LIMIT_SIGNUP_IP: rate("30/10m"),
  RATE_LIMIT_QUEUE_USER: rate("30/1m"),
  RATE_LIMIT_QUEUE_IP: rate("300/1m"),
  RATE_LIMIT_HOLD_USER: rate("30/1m"),
  RATE_LIMIT_HOLD_IP: rate("300/1m"),
  RATE_LIMIT_CHARGE_USER: rate("10/1m"),
  RATE_LIMIT_CHARGE_IP: rate("100/1m"),
  RATE_LIMIT_ADMIN_LOGIN_IP: rate("10/15m"),
  /** Fan sign-in attempts, right or wrong, per address and per account (email). */
  RATE_LIMIT_FAN_LOGIN_IP: rate("30/15m"),
  RATE_LIMIT_FAN_LOGIN_EMAIL: rate("10/15m"),
  /**
   * Outgoing mail (password reset links), e.g. `smtp://user:pass@mail.example.com:587`. Unset: messages
   * are only kept in the mail outbox table (embedded mode, tests), where admins read them.
   */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).default("Encore <no-reply@localhost>"),
  /** The site's address as fans reach it, for links in mail; unset: http://localhost:<PORT>. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Run the admission ticker and hold sweeper in this process. */
  BACKGROUND_JOBS: z.enum(["on", "off"]).default("on"),
});

export type Config = z.infer<typeof ZConfig>;

let testSecrets: { AUTH_SECRET: string; ADMIN_PASSWORD: string } | undefined;
let ownTicketKey: string | undefined;

export function parseConfig(source: Record<string, string | undefined>): Config {
  const test = source.NODE_ENV === "test";
  // Test runs make hundreds of users from one address; a test that checks the limits turns them on.
  const RATE_LIMITS = source.RATE_LIMITS ?? (test ? "off" : undefined);
  // Random for the life of this process, so no known value can ship: a test that starts other
  // processes passes them its own (src/test/processes.ts).
  if (test)
    testSecrets ??= {
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      ADMIN_PASSWORD: randomBytes(12).toString("base64url"),
    };
  const secrets = test
    ? {
        AUTH_SECRET: source.AUTH_SECRET ?? testSecrets!.AUTH_SECRET,
        ADMIN_PASSWORD: source.ADMIN_PASSWORD ?? testSecrets!.ADMIN_PASSWORD,
      }
    : {};
  // Outside production a process without a ticket key signs with a random one, the same for its
  // whole life (its codes last as long as it runs); test processes pass theirs on (src/test/processes.ts).
  const TICKET_SIGNING_KEY =
    source.TICKET_SIGNING_KEY ??
    (source.NODE_ENV === "production" ? undefined : (ownTicketKey ??= randomBytes(32).toString("base64url")));
  const result = ZConfig.safeParse({ ...source, RATE_LIMITS, ...secrets, TICKET_SIGNING_KEY });
  if (!result.success) {
    throw new Error(
      `Invalid settings:\n${result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`,
    );
  }
  const { REDIS_URL, REDIS_CLUSTER_NODES, REDIS_KEY_PREFIX } = result.data;
  // Which Redis holds the lines must never be a guess; and a hash tag in the prefix would put every
  // line in the one slot it names, on one master.
  if (REDIS_CLUSTER_NODES && (REDIS_URL || /[{}]/.test(REDIS_KEY_PREFIX))) {
    throw new Error(
      REDIS_URL
        ? "Invalid settings:\n  REDIS_CLUSTER_NODES: set either REDIS_URL (one Redis server) or REDIS_CLUSTER_NODES (a Redis Cluster), not both"
        : "Invalid settings:\n  REDIS_KEY_PREFIX: must not contain { or } with REDIS_CLUSTER_NODES (a hash tag in it would put every line on one node)",
    );
  }
  // One waiting room per worker process would split every line: several workers need a shared Redis.
  if (result.data.WEB_CONCURRENCY > 1 && !result.data.REDIS_URL && !result.data.REDIS_CLUSTER_NODES) {
    throw new Error(
      "Invalid settings:\n  WEB_CONCURRENCY: above 1 needs REDIS_URL or REDIS_CLUSTER_NODES (without them each worker process would keep a waiting room of its own)",
    );
  }
  return result.data;
}

let cached: Config | undefined;

/** The settings of this process, from its environment. */
export function env(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
