import type { Deps } from "../deps";
import { AppError } from "../errors";
import { logger } from "../infra/logger";
import { insertAudit } from "../admin/audit.repo";
import { decoyHash, hashPassword, verifyPassword } from "./password";
import {
  deleteSession,
  deleteSessionsOf,
  deleteStaff,
  findLiveSession,
  findStaffByLogin,
  hasStaff,
  insertFirstOwner,
  insertSession,
  insertStaff,
  listStaff,
  lockOwners,
  updateStaffPassword,
} from "./staff.repo";
import type { CreateStaff, StaffList, StaffMember, StaffPassword, StaffSession } from "./staff.schema";

/** How long an admin session lasts (its token and its row alike). */
export const ADMIN_SESSION_SECONDS = 12 * 3_600;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * On a database without any staff account, ADMIN_PASSWORD makes the first owner (login
 * ADMIN_LOGIN); once one exists, the setting is no longer read. Safe when instances start together:
 * the insert happens only while the table is empty, and the login's unique index keeps one row.
 */
export async function ensureFirstOwner(deps: Pick<Deps, "db" | "config" | "clock">): Promise<void> {
  if (await hasStaff(deps.db)) return;
  const passwordHash = await hashPassword(deps.config.ADMIN_PASSWORD);
  const id = await insertFirstOwner(deps.db, { login: deps.config.ADMIN_LOGIN, passwordHash }, deps.clock.now());
  if (id) logger.info({ login: deps.config.ADMIN_LOGIN }, "first owner account created from ADMIN_PASSWORD");
}

/**
 * Signs a staff member in: a session row and a token naming it. Without a login, the owner account
 * made from ADMIN_PASSWORD (ADMIN_LOGIN) is meant. A wrong login and a wrong password get the same
 * answer after the same work, so neither the answer nor its timing tells which logins exist.
 */
export async function signInStaff(
  deps: Pick<Deps, "db" | "config" | "clock" | "tokens">,
  credentials: { login?: string; password: string },
): Promise<{ adminToken: string }> {
  await ensureFirstOwner(deps);
  const login = credentials.login ?? deps.config.ADMIN_LOGIN;
  const staff = await findStaffByLogin(deps.db, login);
  const matches = await verifyPassword(staff?.passwordHash ?? (await decoyHash()), credentials.password);
  if (!staff || !matches) throw new AppError("UNAUTHORIZED", "Wrong login or password");
  const now = deps.clock.now();
  await deleteSessionsOf(deps.db, staff.id, now);
  const sessionId = await insertSession(deps.db, staff.id, now, new Date(now.getTime() + ADMIN_SESSION_SECONDS * 1000));
  return { adminToken: await deps.tokens.signAdmin({ sessionId, login: staff.login, role: staff.role }) };
}

/**
 * The staff member an admin token stands for, read from PostgreSQL on every call so that a session
 * ended anywhere (signed out, password changed, account removed) is refused on every instance at once.
 */
export async function staffOfToken(deps: Pick<Deps, "db" | "clock" | "tokens">, token: string): Promise<StaffSession> {
  const { sessionId } = await deps.tokens.verifyAdmin(token);
  const live = UUID.test(sessionId) ? await findLiveSession(deps.db, sessionId, deps.clock.now()) : null;
  if (!live) throw new AppError("UNAUTHORIZED", "This admin session has ended; sign in again");
  return { sessionId, ...live };
}

export async function signOutStaff(deps: Pick<Deps, "db">, session: Pick<StaffSession, "sessionId">): Promise<void> {
  await deleteSession(deps.db, session.sessionId);
}

const toMember = (r: { login: string; role: StaffMember["role"]; createdAt: Date }): StaffMember => ({
  login: r.login,
  role: r.role,
  createdAt: r.createdAt.toISOString(),
});

/** Listing, adding and removing accounts are the owners' (ownerProcedure). */
export async function listStaffMembers(deps: Pick<Deps, "db">): Promise<StaffList> {
  return { items: (await listStaff(deps.db)).map(toMember) };
}

/** A new account and its audit entry, in one transaction. */
export async function createStaffMember(
  deps: Pick<Deps, "db" | "clock">,
  actor: Pick<StaffSession, "login">,
  input: CreateStaff,
): Promise<StaffMember> {
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const row = await insertStaff(tx, { login: input.login, passwordHash, role: input.role }, now);
    if (!row) throw new AppError("CONFLICT", `The login ${input.login} is taken`);
    await insertAudit(
      tx,
      {
        actor: actor.login,
        action: "staff.create",
        targetType: "staff",
        targetId: row.id,
        before: null,
        after: { login: row.login, role: row.role },
      },
      now,
    );
    return toMember(row);
  });
}

/**
 * Removes an account, which ends its sessions. The owners' rows are locked first, so two owners
 * removing each other at once cannot leave none: an owner never removes themselves or the last owner.
 */
export async function removeStaffMember(
  deps: Pick<Deps, "db" | "clock">,
  actor: Pick<StaffSession, "login">,
  login: string,
): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    const owners = await lockOwners(tx);
    const target = await findStaffByLogin(tx, login);
    if (!target) throw new AppError("NOT_FOUND", "No staff account with that login");
    if (target.login === actor.login) throw new AppError("CONFLICT", "An owner cannot remove their own account");
    if (target.role === "owner" && owners.length <= 1)
      throw new AppError("CONFLICT", "The last owner cannot be removed");
    await deleteStaff(tx, target.id);
    await insertAudit(
      tx,
      {
        actor: actor.login,
        action: "staff.delete",
        targetType: "staff",
        targetId: target.id,
        before: { login: target.login, role: target.role },
        after: null,
      },
      deps.clock.now(),
    );
  });
}

/**
 * Sets a new password and ends every session of the account (the caller's own included when it is
 * theirs). An owner sets anyone's; a staff member only their own.
 */
export async function changeStaffPassword(
  deps: Pick<Deps, "db" | "clock">,
  actor: Pick<StaffSession, "role" | "login">,
  input: StaffPassword,
): Promise<void> {
  if (actor.role !== "owner" && actor.login !== input.login) {
    throw new AppError("FORBIDDEN", "Only an owner sets another account's password");
  }
  const passwordHash = await hashPassword(input.password);
  await deps.db.$transaction(async (tx) => {
    const target = await findStaffByLogin(tx, input.login);
    if (!target) throw new AppError("NOT_FOUND", "No staff account with that login");
    const now = deps.clock.now();
    await updateStaffPassword(tx, target.id, passwordHash, now);
    await deleteSessionsOf(tx, target.id);
    await insertAudit(
      tx,
      {
        actor: actor.login,
        action: "staff.password",
        targetType: "staff",
        targetId: target.id,
        before: null,
        after: { login: target.login },
      },
      now,
    );
  });
}
