import type { Deps } from "../deps";
import { AppError } from "../errors";
import { ADMIN_SESSION_SECONDS, signInStaff, signOutStaff, staffOfToken } from "../staff/staff.service";
import type { StaffRole } from "../staff/staff.schema";
import { updateUserName } from "./users.repo";
import type { User } from "./users.schema";
import { createUser, getUser } from "./users.service";

/**
 * The web UI's sessions: a fan is a guest held in an HttpOnly cookie from the first visit on (no
 * sign-up form), an admin holds a cookie after typing the password. The cookies carry the same
 * signed tokens the REST clients send as Bearer, so every procedure reads either.
 */
export const ACCESS_COOKIE_MAX_AGE = 30 * 86_400;
export const ADMIN_COOKIE_MAX_AGE = ADMIN_SESSION_SECONDS;

export type EnsuredSession = {
  user: User;
  /** Set only when a new guest was made: the caller sends it back as the cookie. */
  newAccessToken?: string;
};

/**
 * The user of `accessToken`, or a new guest when there is no token or it no longer names a user
 * (expired, signed with another secret, or the user is gone).
 */
export async function ensureSession(
  deps: Pick<Deps, "db" | "tokens">,
  accessToken: string | undefined,
): Promise<EnsuredSession> {
  if (accessToken) {
    const known = await deps.tokens
      .verifyAccess(accessToken)
      .then(({ userId }) => getUser(deps, userId))
      .catch((e: unknown) => {
        if (e instanceof AppError && (e.code === "UNAUTHORIZED" || e.code === "NOT_FOUND")) return undefined;
        throw e;
      });
    if (known) return { user: known };
  }
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
