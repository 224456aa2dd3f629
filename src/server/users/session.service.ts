import { verifyUserAccess } from "../accounts/access";
import { refreshSession } from "../accounts/accounts.service";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import type { AccessClaims } from "../infra/tokens";
import { ADMIN_SESSION_SECONDS, signInStaff, signOutStaff, staffOfToken } from "../staff/staff.service";
import type { StaffRole } from "../staff/staff.schema";
import { updateUserName } from "./users.repo";
import type { User } from "./users.schema";
import { createUser, getUser } from "./users.service";

/**
 * The web UI's sessions: a fan is a guest held in an HttpOnly cookie from the first visit on (no
 * sign-up form needed), or an account: a short-lived access token in that cookie and a refresh
 * token in a second one, renewed transparently. An admin holds a cookie after typing the password.
 * The cookies carry the same signed tokens the REST clients send as Bearer, so every procedure
 * reads either.
 */
export const ACCESS_COOKIE_MAX_AGE = 30 * 86_400;
export const ADMIN_COOKIE_MAX_AGE = ADMIN_SESSION_SECONDS;

export type ResumedSession = {
  claims: AccessClaims;
  /** New tokens for the cookies, when the access token had lapsed and the refresh token renewed it. */
  renewed?: { access: string; refresh?: string };
};

const isUnauthorized = (e: unknown) => e instanceof AppError && e.code === "UNAUTHORIZED";

/**
 * The caller the cookies stand for: the access token's, or, once it has lapsed (an account's lives
 * a minute), the session of the refresh token, renewed. 401 when neither names one.
 */
export async function resumeSession(
  deps: Pick<Deps, "db" | "tokens" | "clock" | "config" | "rateLimitRedis">,
  cookies: { access?: string; refresh?: string },
): Promise<ResumedSession> {
  if (cookies.access) {
    try {
      return { claims: await verifyUserAccess(deps, cookies.access) };
    } catch (e) {
      if (!cookies.refresh || !isUnauthorized(e)) throw e;
    }
  }
  if (!cookies.refresh) throw new AppError("UNAUTHORIZED", "Sign in first: missing access token");
  const refreshed = await refreshSession(deps, cookies.refresh);
  const claims = { userId: refreshed.userId, sessionId: refreshed.sessionId };
  if (refreshed.kind === "rotated") {
    return { claims, renewed: { access: refreshed.tokens.accessToken, refresh: refreshed.tokens.refreshToken } };
  }
  // Another request of this device renewed the pair a moment ago and set the cookies: an access
  // token for this one is enough.
  return { claims, renewed: { access: await deps.tokens.signAccess(claims) } };
}

export type EnsuredSession = {
  user: User;
  /** Set only when a new guest was made: the caller sends it back as the cookie. */
  newAccessToken?: string;
};

/**
 * The user of the session the cookies stand for (`resume`), or a new guest when they name none
 * (no cookie, expired, signed with another secret, a session ended, or the user is gone);
 * `beforeNewGuest` runs first then (the guest sign-up's rate limit, which may refuse).
 */
export async function ensureSession(
  deps: Pick<Deps, "db" | "tokens">,
  resume: () => Promise<ResumedSession>,
  beforeNewGuest: () => Promise<void> = async () => {},
): Promise<EnsuredSession> {
  const known = await resume()
    .then(({ claims }) => getUser(deps, claims.userId))
    .catch((e: unknown) => {
      if (e instanceof AppError && (e.code === "UNAUTHORIZED" || e.code === "NOT_FOUND")) return undefined;
      throw e;
    });
  if (known) return { user: known };
  await beforeNewGuest();
  const { accessToken: newAccessToken, ...user } = await createUser(deps, {});
  return { user, newAccessToken };
}

export async function renameUser(deps: Pick<Deps, "db">, userId: string, name: string): Promise<User> {
  const { count } = await updateUserName(deps.db, userId, name);
  if (count === 0) throw new AppError("NOT_FOUND", "User not found");
  return { userId, name };
}

export async function adminLogin(
  deps: Pick<Deps, "db" | "tokens" | "config" | "clock">,
  credentials: { login?: string; password: string },
): Promise<string> {
  return (await signInStaff(deps, credentials)).adminToken;
}

export type AdminSignedIn = { signedIn: false } | { signedIn: true; login: string; role: StaffRole };

/** Whether the admin cookie stands for a live session, and whose. */
export async function adminOfCookie(
  deps: Pick<Deps, "db" | "tokens" | "clock">,
  adminToken: string | undefined,
): Promise<AdminSignedIn> {
  if (!adminToken) return { signedIn: false };
  return staffOfToken(deps, adminToken).then(
    ({ login, role }) => ({ signedIn: true, login, role }),
    (e: unknown) => {
      if (e instanceof AppError && e.code === "UNAUTHORIZED") return { signedIn: false };
      throw e;
    },
  );
}

/** Ends the cookie's session everywhere (its row goes); a cookie that names none ends nothing. */
export async function adminLogout(
  deps: Pick<Deps, "db" | "tokens" | "clock">,
  adminToken: string | undefined,
): Promise<void> {
  if (!adminToken) return;
  const session = await staffOfToken(deps, adminToken).catch(() => undefined);
  if (session) await signOutStaff(deps, session);
}
