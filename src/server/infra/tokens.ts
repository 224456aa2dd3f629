import { errors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import { AppError } from "../errors";

/**
 * Signed credentials (HS256, algorithm pinned on verify). The audience separates the three
 * kinds so that no token of one kind is accepted as another.
 */
const ALG = "HS256";
const ISSUER = "concert-booking";

export type AccessClaims = { userId: string };
export type QueueClaims = { userId: string; concertId: string; tokenId: string };
export type AdminClaims = { admin: true };

/** Lifetimes in seconds. A queue token outlives any wait; its pass state lives in the queue store. */
const TTL = {
  access: 30 * 86_400,
  queue: 2 * 86_400,
  admin: 12 * 3_600,
} as const;

export interface Tokens {
  signAccess(c: AccessClaims): Promise<string>;
  verifyAccess(token: string): Promise<AccessClaims>;
  signQueue(c: QueueClaims): Promise<string>;
  verifyQueue(token: string): Promise<QueueClaims>;
  signAdmin(): Promise<string>;
  verifyAdmin(token: string): Promise<AdminClaims>;
}

export function createTokens(secret: string, now: () => Date = () => new Date()): Tokens {
  const key = new TextEncoder().encode(secret);

  const sign = async (aud: keyof typeof TTL, sub: string, extra: JWTPayload = {}) => {
    const iat = Math.floor(now().getTime() / 1000);
    return new SignJWT(extra)
      .setProtectedHeader({ alg: ALG, typ: "JWT" })
      .setIssuer(ISSUER)
      .setAudience(aud)
      .setSubject(sub)
      .setIssuedAt(iat)
      .setExpirationTime(iat + TTL[aud])
      .sign(key);
  };

  const verify = async (aud: keyof typeof TTL, token: string): Promise<JWTPayload & { sub: string }> => {
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: [ALG],
        issuer: ISSUER,
        audience: aud,
        currentDate: now(),
        requiredClaims: ["sub", "exp", "iat"],
      });
      return payload as JWTPayload & { sub: string };
    } catch (e) {
      const expired = e instanceof errors.JWTExpired;
      throw new AppError("UNAUTHORIZED", expired ? `The ${aud} token has expired` : `Invalid ${aud} token`);
    }
  };

  return {
    signAccess: ({ userId }) => sign("access", userId),
    async verifyAccess(token) {
      const p = await verify("access", token);
      return { userId: p.sub };
    },
    signQueue: ({ userId, concertId, tokenId }) => sign("queue", userId, { cid: concertId, jti: tokenId }),
    async verifyQueue(token) {
      const p = await verify("queue", token);
      if (typeof p.cid !== "string" || typeof p.jti !== "string") {
        throw new AppError("UNAUTHORIZED", "Invalid queue token");
      }
      return { userId: p.sub, concertId: p.cid, tokenId: p.jti };
    },
    signAdmin: () => sign("admin", "admin"),
    async verifyAdmin(token) {
      await verify("admin", token);
      return { admin: true };
    },
  };
}
