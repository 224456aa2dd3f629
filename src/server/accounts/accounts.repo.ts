import type { DbClient } from "../infra/db";

type AccountRow = { userId: string; email: string; passwordHash: string };

/**
 * The new account, or null when the email or the user already has one: the unique index on the
 * email and the primary key on the user decide, also between sign-ups racing for one email.
 */
export async function insertAccount(
  db: DbClient,
  data: { userId: string; email: string; passwordHash: string },
  at: Date,
): Promise<boolean> {
  const rows = await db.$queryRaw<{ user_id: string }[]>`
    INSERT INTO accounts (user_id, email, password_hash, created_at)
    VALUES (${data.userId}::uuid, ${data.email}, ${data.passwordHash}, ${at})
    ON CONFLICT DO NOTHING
    RETURNING user_id`;
  return rows.length === 1;
}

export async function emailTaken(db: DbClient, email: string): Promise<boolean> {
  return (await db.account.findUnique({ where: { email }, select: { userId: true } })) !== null;
}

export function findAccountByEmail(db: DbClient, email: string): Promise<AccountRow | null> {
  return db.account.findUnique({ where: { email }, select: { userId: true, email: true, passwordHash: true } });
}

export async function findAccountEmail(db: DbClient, userId: string): Promise<string | null> {
  return (await db.account.findUnique({ where: { userId }, select: { email: true } }))?.email ?? null;
}

export async function hasAccount(db: DbClient, userId: string): Promise<boolean> {
  return (await db.account.findUnique({ where: { userId }, select: { userId: true } })) !== null;
}

/** The accounts made at or after `since` (accounts_created_at_idx). */
export function findAccountsMadeSince(db: DbClient, since: Date): Promise<{ userId: string; createdAt: Date }[]> {
  return db.account.findMany({ where: { createdAt: { gte: since } }, select: { userId: true, createdAt: true } });
}

export async function updateAccountPassword(db: DbClient, userId: string, passwordHash: string): Promise<void> {
  await db.account.update({ where: { userId }, data: { passwordHash } });
}

export async function insertAccountSession(
  db: DbClient,
  data: { userId: string; refreshHash: string },
  at: Date,
  expiresAt: Date,
): Promise<string> {
  const row = await db.accountSession.create({
    data: { userId: data.userId, refreshHash: data.refreshHash, createdAt: at, expiresAt },
    select: { id: true },
  });
  return row.id;
}

/**
 * Swaps a live session's refresh token for the next one, in one conditional UPDATE: of two
 * requests presenting the same token, exactly one finds it current and wins; the other finds it
 * as the previous one (see findRotatedSession). Null when no live session has that token now.
 */
export async function rotateRefreshToken(
  db: DbClient,
  hashes: { current: string; next: string },
  now: Date,
  expiresAt: Date,
): Promise<{ sessionId: string; userId: string } | null> {
  const rows = await db.$queryRaw<{ id: string; user_id: string }[]>`
    UPDATE account_sessions
       SET refresh_hash = ${hashes.next}, previous_hash = ${hashes.current}, rotated_at = ${now},
           expires_at = ${expiresAt}
     WHERE refresh_hash = ${hashes.current} AND revoked_at IS NULL AND expires_at > ${now}
     RETURNING id, user_id`;
  const row = rows[0];
  return row ? { sessionId: row.id, userId: row.user_id } : null;
}

/** The live session whose previous refresh token this is, and when it was replaced. */
export async function findRotatedSession(
  db: DbClient,
  previousHash: string,
  now: Date,
): Promise<{ sessionId: string; userId: string; rotatedAt: Date } | null> {
  const row = await db.accountSession.findFirst({
    where: { previousHash, revokedAt: null, expiresAt: { gt: now } },
    select: { id: true, userId: true, rotatedAt: true },
  });
  return row && row.rotatedAt ? { sessionId: row.id, userId: row.userId, rotatedAt: row.rotatedAt } : null;
}

/** A user's sessions that can no longer be used (revoked or lapsed): kept until their next sign-in. */
export async function deleteEndedSessionsOf(db: DbClient, userId: string, now: Date): Promise<void> {
  await db.accountSession.deleteMany({
    where: { userId, OR: [{ revokedAt: { not: null } }, { expiresAt: { lte: now } }] },
  });
}

/** Ends one session of a user; the count of sessions it ended (0 or 1). */
export async function revokeSession(db: DbClient, sessionId: string, userId: string, at: Date): Promise<number> {
  const { count } = await db.accountSession.updateMany({
    where: { id: sessionId, userId, revokedAt: null },
    data: { revokedAt: at },
  });
  return count;
}

export async function revokeSessionsOf(db: DbClient, userId: string, at: Date): Promise<number> {
  const { count } = await db.accountSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: at } });
  return count;
}

export async function insertPasswordReset(
  db: DbClient,
  data: { userId: string; tokenHash: string },
  at: Date,
  expiresAt: Date,
): Promise<void> {
  await db.passwordReset.create({ data: { ...data, createdAt: at, expiresAt } });
}

/**
 * Uses a reset link once: the conditional UPDATE lets one of two confirmations of the same link
 * through, and none of a used or lapsed one. The user it was for, or null.
 */
export async function consumePasswordReset(db: DbClient, tokenHash: string, now: Date): Promise<string | null> {
  const rows = await db.$queryRaw<{ user_id: string }[]>`
    UPDATE password_resets SET used_at = ${now}
     WHERE token_hash = ${tokenHash} AND used_at IS NULL AND expires_at > ${now}
     RETURNING user_id`;
  return rows[0]?.user_id ?? null;
}

/** A user's links that can no longer be used: kept until their next request. */
export async function deleteEndedPasswordResetsOf(db: DbClient, userId: string, now: Date): Promise<void> {
  await db.passwordReset.deleteMany({
    where: { userId, OR: [{ usedAt: { not: null } }, { expiresAt: { lte: now } }] },
  });
}

/** Every other open link of the user: a new password makes them pointless. */
export async function closePasswordResetsOf(db: DbClient, userId: string, now: Date): Promise<void> {
  await db.passwordReset.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
}
