import type { DbClient } from "../infra/db";
import type { StaffRole } from "./staff.schema";

export type StaffRow = { id: string; login: string; passwordHash: string; role: StaffRole; createdAt: Date };

const asRole = (role: string): StaffRole => (role === "owner" ? "owner" : "staff");
const toRow = (r: { id: string; login: string; passwordHash: string; role: string; createdAt: Date }): StaffRow => ({
  ...r,
  role: asRole(r.role),
});

export async function findStaffByLogin(db: DbClient, login: string): Promise<StaffRow | null> {
  const row = await db.staff.findUnique({ where: { login } });
  return row && toRow(row);
}

export async function listStaff(db: DbClient): Promise<StaffRow[]> {
  return (await db.staff.findMany({ orderBy: [{ createdAt: "asc" }, { login: "asc" }] })).map(toRow);
}

/** The new row, or null when the login is taken (the unique index decides, also under a race). */
export async function insertStaff(
  db: DbClient,
  data: { login: string; passwordHash: string; role: StaffRole },
  at: Date,
): Promise<StaffRow | null> {
  const rows = await db.$queryRaw<{ id: string; created_at: Date }[]>`
    INSERT INTO staff (login, password_hash, role, created_at, updated_at)
    VALUES (${data.login}, ${data.passwordHash}, ${data.role}, ${at}, ${at})
    ON CONFLICT (login) DO NOTHING
    RETURNING id, created_at`;
  const row = rows[0];
  return row ? { id: row.id, createdAt: row.created_at, ...data } : null;
}

/** The first owner, only while no account exists at all; null when one does. */
export async function insertFirstOwner(
  db: DbClient,
  data: { login: string; passwordHash: string },
  at: Date,
): Promise<string | null> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO staff (login, password_hash, role, created_at, updated_at)
    SELECT ${data.login}, ${data.passwordHash}, 'owner', ${at}, ${at}
    WHERE NOT EXISTS (SELECT 1 FROM staff)
    ON CONFLICT (login) DO NOTHING
    RETURNING id`;
  return rows[0]?.id ?? null;
}

export async function hasStaff(db: DbClient): Promise<boolean> {
  return (await db.staff.findFirst({ select: { id: true } })) !== null;
}

/** Every owner's row, locked: deciding whether an owner may go needs them all to stay put. */
export async function lockOwners(db: DbClient): Promise<{ id: string; login: string }[]> {
  return db.$queryRaw<{ id: string; login: string }[]>`
    SELECT id, login FROM staff WHERE role = 'owner' ORDER BY id FOR UPDATE`;
}

/** Its sessions go with it (ON DELETE CASCADE). */
export async function deleteStaff(db: DbClient, id: string): Promise<void> {
  await db.staff.delete({ where: { id } });
}

export async function updateStaffPassword(db: DbClient, id: string, passwordHash: string, at: Date): Promise<void> {
  await db.staff.update({ where: { id }, data: { passwordHash, updatedAt: at } });
}

export async function insertSession(db: DbClient, staffId: string, at: Date, expiresAt: Date): Promise<string> {
  const row = await db.staffSession.create({ data: { staffId, createdAt: at, expiresAt }, select: { id: true } });
  return row.id;
}

export async function deleteSession(db: DbClient, id: string): Promise<void> {
  await db.staffSession.deleteMany({ where: { id } });
}

/** Every session of one account, or only those that have lapsed by `before`. */
export async function deleteSessionsOf(db: DbClient, staffId: string, before?: Date): Promise<void> {
  await db.staffSession.deleteMany({ where: { staffId, ...(before ? { expiresAt: { lte: before } } : {}) } });
}

/** The live session and its account, or null when either is gone. */
export async function findLiveSession(
  db: DbClient,
  sessionId: string,
  now: Date,
): Promise<{ staffId: string; login: string; role: StaffRole } | null> {
  const row = await db.staffSession.findFirst({
    where: { id: sessionId, expiresAt: { gt: now } },
    select: { staff: { select: { id: true, login: true, role: true } } },
  });
  return row && { staffId: row.staff.id, login: row.staff.login, role: asRole(row.staff.role) };
}
