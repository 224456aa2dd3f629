import { createHmac, timingSafeEqual } from "node:crypto";
import { AppError } from "../errors";

/**
 * Signed credentials: compact JWS with HS256 (RFC 7519), the algorithm pinned on verify. The
 * audience separates the three kinds so that no token of one kind is accepted as another.
 *
 * Written on node:crypto rather than jose: every gated request verifies a token, and jose's
 * WebCrypto path costs several times more CPU per verify than this one (docs/BENCHMARKS.md, per-call
 * costs: "verify an HS256 token"). The tokens are standard JWTs, interchangeable with jose's both ways.
 */
const ISSUER = "concert-booking";
const HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");

/** `sessionId` (claim `sid`) only in an account's token: the account session it was issued for. */
export type AccessClaims = { userId: string; sessionId?: string };
export type QueueClaims = { userId: string; concertId: string; tokenId: string };
/** The admin session the token stands for, and whom it names (the session row is the authority). */
type AdminClaims = { sessionId: string; login: string; role: string };

/**
 * An account's access token lives a minute: its session is read only when it is refreshed, so a
 * revoked session ends within that minute on every instance without a lookup per request.
 */
const ACCOUNT_ACCESS_SECONDS = 60;

/**
 * Lifetimes in seconds. A queue token outlives any wait; its pass state lives in the queue store.
 * `access` is a guest's (no `sid`).
 */
const TTL = {
  access: 30 * 86_400,
  queue: 2 * 86_400,
  admin: 12 * 3_600,
} as const;

/** How long a guest's access token lives. */
export const GUEST_ACCESS_SECONDS = TTL.access;

type Audience = keyof typeof TTL;
type Payload = Record<string, unknown> & { sub: string };

export interface Tokens {
  signAccess(c: AccessClaims): Promise<string>;
  verifyAccess(token: string): Promise<AccessClaims>;
  signQueue(c: QueueClaims): Promise<string>;
  verifyQueue(token: string): Promise<QueueClaims>;
  signAdmin(c: AdminClaims): Promise<string>;
  verifyAdmin(token: string): Promise<AdminClaims>;
}

const B64URL = /^[A-Za-z0-9_-]+$/;

export function createTokens(secret: string, now: () => Date = () => new Date()): Tokens {
  const key = Buffer.from(secret, "utf8");
  const mac = (input: string) => createHmac("sha256", key).update(input).digest();

  const sign = (aud: Audience, sub: string, extra: Record<string, string> = {}, ttl: number = TTL[aud]): string => {
    const iat = Math.floor(now().getTime() / 1000);
    const payload = { ...extra, iss: ISSUER, aud, sub, iat, exp: iat + ttl };
    const input = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
    return `${input}.${mac(input).toString("base64url")}`;
  };

  /** The payload of a well-formed, authentic, unexpired token of audience `aud`; throws 401 otherwise. */
  const verify = (aud: Audience, token: string): Payload => {
    const invalid = () => new AppError("UNAUTHORIZED", `Invalid ${aud} token`);
    const parts = token.split(".");
    if (parts.length !== 3) throw invalid();
    const [h, p, s] = parts as [string, string, string];
    if (!B64URL.test(h) || !B64URL.test(p) || !B64URL.test(s)) throw invalid();
    const expected = mac(`${h}.${p}`);
    const given = Buffer.from(s, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    const header = parseObject(h);
    // Only plain HS256: no other algorithm, and no critical extensions we would have to honour.
    if (!header || header.alg !== "HS256" || "crit" in header || "b64" in header) throw invalid();
    const payload = parseObject(p);
    if (!payload) throw invalid();
    const { iss, sub, exp, iat, nbf } = payload;
    const audience = payload.aud;
    const audienceOk = audience === aud || (Array.isArray(audience) && audience.includes(aud));
    if (iss !== ISSUER || !audienceOk || typeof sub !== "string" || !sub) throw invalid();
    if (typeof exp !== "number" || typeof iat !== "number" || (nbf !== undefined && typeof nbf !== "number")) {
      throw invalid();
    }
    const nowSec = Math.floor(now().getTime() / 1000);
    if (typeof nbf === "number" && nbf > nowSec) throw invalid();
    if (exp <= nowSec) throw new AppError("UNAUTHORIZED", `The ${aud} token has expired`);
    return payload as Payload;
  };

  return {
    signAccess: async ({ userId, sessionId }) =>
      sessionId === undefined
        ? sign("access", userId)
        : sign("access", userId, { sid: sessionId }, ACCOUNT_ACCESS_SECONDS),
    async verifyAccess(token) {
      const p = verify("access", token);
      if (p.sid === undefined) return { userId: p.sub };
      if (typeof p.sid !== "string" || !p.sid) throw new AppError("UNAUTHORIZED", "Invalid access token");
      return { userId: p.sub, sessionId: p.sid };
    },
    signQueue: async ({ userId, concertId, tokenId }) => sign("queue", userId, { cid: concertId, jti: tokenId }),
    async verifyQueue(token) {
      const p = verify("queue", token);
      if (typeof p.cid !== "string" || typeof p.jti !== "string") {
        throw new AppError("UNAUTHORIZED", "Invalid queue token");
      }
      return { userId: p.sub, concertId: p.cid, tokenId: p.jti };
    },
    signAdmin: async ({ sessionId, login, role }) => sign("admin", sessionId, { login, role }),
    async verifyAdmin(token) {
      const p = verify("admin", token);
      if (typeof p.login !== "string" || typeof p.role !== "string") {
        throw new AppError("UNAUTHORIZED", "Invalid admin token");
      }
      return { sessionId: p.sub, login: p.login, role: p.role };
    },
  };
}

function parseObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
