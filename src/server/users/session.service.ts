import { createAdminSession } from "../admin/admin.service";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import { updateUserName } from "./users.repo";
import type { User } from "./users.schema";
import { createUser, getUser } from "./users.service";

/**
 * The web UI's sessions: a fan is a guest held in an HttpOnly cookie from the first visit on (no
 * sign-up form), an admin holds a cookie after typing the password. The cookies carry the same
 * signed tokens the REST clients send as Bearer, so every procedure reads either.
 */
export const ACCESS_COOKIE_MAX_AGE = 30 * 86_400;
export const ADMIN_COOKIE_MAX_AGE = 12 * 3_600;

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

export async function adminLogin(deps: Pick<Deps, "tokens" | "config">, password: string): Promise<string> {
  return (await createAdminSession(deps, password)).adminToken;
}

export async function isAdmin(deps: Pick<Deps, "tokens">, adminToken: string | undefined): Promise<boolean> {
  if (!adminToken) return false;
  return deps.tokens.verifyAdmin(adminToken).then(
    () => true,
    () => false,
  );
}
