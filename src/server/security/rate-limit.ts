import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  RLWrapperTimeouts,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import type { Config, RateLimit } from "@/env";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import { logger } from "../infra/logger";

/** The settings that are rate limits, each one bucket (several routes may share a bucket). */
type RateLimitSetting = {
  [K in keyof Config]-?: Config[K] extends RateLimit ? K : never;
}[keyof Config];

export type RateRule = {
  /** Counted per client address, before the caller is known (so failed sign-ins count too). */
  ip?: RateLimitSetting;
  /** Counted per signed-in user, once the access token is verified. */
  user?: RateLimitSetting;
  /**
   * Where the client's address is unknown, per-address limits do not apply (never one bucket
   * shared by the world). A rule whose `ip` limit must stay bounded even then counts every such
   * caller in one bucket of `ip`'s budget times this.
   */
  ipUnknownShared?: number;
  /** `ip` counts only the calls that make a new guest, counted by the procedure (consumeIpLimit in trpc/init.ts). */
  newGuestsOnly?: true;
};

/**
 * Per-user budgets are this share of their setting for a caller whose address is unknown: no
 * per-address limit backs them up then.
 */
export const UNKNOWN_ADDRESS_USER_SHARE = 0.5;

/**
 * Admin sign-in where callers cannot be told apart (one admin login, so "per login" would be the
 * same one bucket): all of them share ten addresses' worth (100 tries per 15 minutes by default).
 * Guessing stays bounded; a few wrong passwords from anyone do not lock the admins out, though a
 * determined guesser can. Per-address limits need the address: the warning logged says how.
 */
const UNKNOWN_ADDRESS_ADMIN_LOGIN_SHARED = 10;

/**
 * The limit classes a procedure declares in its meta (`rateLimit`, see trpc/init.ts): the calls a
 * bot repeats to create identities, jump the line, grab seats, move money or guess the admin
 * password. Procedures of one class share its buckets, so the REST route and the tRPC call of one
 * procedure, or two procedures doing one thing, share their budget.
 */
export const RATE_LIMIT_CLASSES = {
  signup: { ip: "RATE_LIMIT_SIGNUP_IP" },
  // The web UI's guest sign-up, in the same bucket; a returning guest is not counted.
  guestSignup: { ip: "RATE_LIMIT_SIGNUP_IP", newGuestsOnly: true },
  queueJoin: { ip: "RATE_LIMIT_QUEUE_IP", user: "RATE_LIMIT_QUEUE_USER" },
  hold: { ip: "RATE_LIMIT_HOLD_IP", user: "RATE_LIMIT_HOLD_USER" },
  charge: { ip: "RATE_LIMIT_CHARGE_IP", user: "RATE_LIMIT_CHARGE_USER" },
  adminLogin: { ip: "RATE_LIMIT_ADMIN_LOGIN_IP", ipUnknownShared: UNKNOWN_ADDRESS_ADMIN_LOGIN_SHARED },
  // Fan sign-in and password resets; each email is counted too (accounts.service.ts).
  accountLogin: { ip: "RATE_LIMIT_FAN_LOGIN_IP" },
} as const satisfies Record<string, RateRule>;

export type RateLimitClass = keyof typeof RATE_LIMIT_CLASSES;

/** The rule of a declared class; none for `"none"` or no declaration. */
export function rateRuleOf(declared: RateLimitClass | "none" | undefined): RateRule | undefined {
  return declared === undefined || declared === "none" ? undefined : RATE_LIMIT_CLASSES[declared];
}

/**
 * A Redis answer slower than this counts against this instance's own (memory) limiter instead.
 * A call checks at most two limits before its own Redis work (see COMMAND_TIMEOUT_MS in
 * infra/redis.ts): together they stay well inside the second in which a gated route answers 503.
 */
const REDIS_TIMEOUT_MS = 150;

export type RateLimiter = {
  /**
   * Counts one call of `key` against `setting`; throws RATE_LIMITED (429 + Retry-After) past it.
   * `scale` multiplies the setting's budget (at least 1 call); calls of one key share one count
   * whatever the scale.
   */
  consume(setting: RateLimitSetting, key: string, scale?: number): Promise<void>;
};

function bucketName(setting: RateLimitSetting): string {
  return setting.replace("RATE_LIMIT_", "").toLowerCase();
}

/**
 * Fixed-window counters in Redis (one Lua call per check), shared by every instance. While Redis
 * is down or slow, each instance keeps counting in memory (the insurance limiter), so limits stay
 * on (per instance) and the routes that do not need Redis keep working. Without Redis (embedded
 * single-instance mode) the memory limiter is the limiter.
 */
export function createRateLimiter(config: Config, redis: Deps["redis"]): RateLimiter {
  if (config.RATE_LIMITS === "off") return { consume: async () => {} };
  const limiters = new Map<RateLimitSetting, RateLimiterAbstract>();
  const limiterFor = (setting: RateLimitSetting) => {
    let limiter = limiters.get(setting);
    if (!limiter) {
      const { points, seconds } = config[setting];
      const options = { points, duration: seconds, keyPrefix: `rl:${bucketName(setting)}` };
      const memory = new RateLimiterMemory(options);
      limiter = redis
        ? new RLWrapperTimeouts({
            limiter: new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true }),
            timeoutMs: REDIS_TIMEOUT_MS,
            insuranceLimiter: memory,
          })
        : memory;
      limiters.set(setting, limiter);
    }
    return limiter;
  };

  return {
    async consume(setting, key, scale = 1) {
      let counted: RateLimiterRes;
      try {
        counted = await limiterFor(setting).consume(key);
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) {
          // Both limiters failed: let the call through rather than fail it for want of a counter.
          logger.warn({ err: e, bucket: bucketName(setting) }, "rate limiter unavailable");
          return;
        }
        // Over the setting's budget; still counted, so a larger scale compares the count below.
        counted = e;
      }
      // One count per key, compared with the budget this call has.
      if (counted.consumedPoints <= Math.max(1, Math.floor(config[setting].points * scale))) return;
      const seconds = Math.max(1, Math.ceil(counted.msBeforeNext / 1000));
      throw new AppError("RATE_LIMITED", `Too many requests; try again in ${seconds} s`, {
        "Retry-After": String(seconds),
      });
    },
  };
}

const byDeps = new WeakMap<object, RateLimiter>();

/** The rate limiter of a set of dependencies (one per process, or per test app). */
export function rateLimiterOf(deps: Pick<Deps, "config" | "rateLimitRedis">): RateLimiter {
  let limiter = byDeps.get(deps);
  if (!limiter) {
    limiter = createRateLimiter(deps.config, deps.rateLimitRedis);
    byDeps.set(deps, limiter);
  }
  return limiter;
}
