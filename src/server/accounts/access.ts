import type { Deps } from "../deps";
import { AppError } from "../errors";
import { TX_OPTIONS } from "../infra/db";
import { logger } from "../infra/logger";
import { GUEST_ACCESS_SECONDS, type AccessClaims } from "../infra/tokens";
import { findAccountsMadeSince, hasAccount } from "./accounts.repo";

/**
 * A guest's token (no `sid`) lives GUEST_ACCESS_SECONDS and names no session, so nothing could end
 * it. Once its user has an account it is refused: from then on only the account's own tokens (one
 * session each, a minute at a time) stand for that user, and signing out everywhere leaves nothing
 * behind.
 *
 * Guest tokens are only ever issued to new users, so the only guest tokens to refuse belong to
 * accounts made within a guest token's lifetime. Each instance keeps those accounts' user ids in
 * memory and verifies a guest token with a Set lookup, never a query per request (an on-sale is
 * mostly guests; only a token found in that memory is looked up). The memory follows the database by one small indexed query at most every
 * SYNC_MS, started by a request that finds it older than that and not awaited; it is awaited only
 * when the memory is older than STALE_MS (the database has not answered for that long: the request
 * then fails as any request needing the database would, rather than trusting old memory). So a
 * guest token of a user who just made an account is refused at once on the instance that made it,
 * and within about SYNC_MS on every other.
 */
const SYNC_MS = 1_000;
const STALE_MS = 60_000;
/**
 * Each sync asks again for the accounts made this long before the newest it has seen: an account's
 * `created_at` is taken when its transaction starts, which may commit after a later one did.
 */
const OVERLAP_MS = TX_OPTIONS.timeout + 5_000;

type RecentAccounts = {
  /** User id -> when its account was made (ms). */
  made: Map<string, number>;
  /** When the last sync started, by the app's clock (ms). */
  syncedAt: number;
  newest: number | undefined;
  running: Promise<void> | undefined;
};

const memories = new WeakMap<object, RecentAccounts>();

function memoryOf(deps: object): RecentAccounts {
  let memory = memories.get(deps);
  if (!memory) {
    memory = { made: new Map(), syncedAt: -Infinity, newest: undefined, running: undefined };
    memories.set(deps, memory);
  }
  return memory;
}

function sync(deps: Pick<Deps, "db" | "clock">, memory: RecentAccounts): Promise<void> {
  memory.running ??= (async () => {
    const now = deps.clock.now().getTime();
    const oldest = now - GUEST_ACCESS_SECONDS * 1000;
    const from = memory.newest === undefined ? oldest : Math.max(oldest, memory.newest - OVERLAP_MS);
    for (const { userId, createdAt } of await findAccountsMadeSince(deps.db, new Date(from))) {
      const at = createdAt.getTime();
      memory.made.set(userId, at);
      if (memory.newest === undefined || at > memory.newest) memory.newest = at;
    }
    // Accounts older than any live guest token are forgotten.
    for (const [userId, at] of memory.made) if (at < oldest) memory.made.delete(userId);
    memory.syncedAt = now;
  })().finally(() => {
    memory.running = undefined;
  });
  return memory.running;
}

/** The claims of a user's access token, refusing a guest token of a user who has an account (401). */
export async function verifyUserAccess(
  deps: Pick<Deps, "db" | "tokens" | "clock">,
  token: string,
): Promise<AccessClaims> {
  const claims = await deps.tokens.verifyAccess(token);
  if (claims.sessionId !== undefined) return claims;
  const memory = memoryOf(deps);
  const age = deps.clock.now().getTime() - memory.syncedAt;
  // A clock set back counts as stale too.
  if (age > STALE_MS || age < 0) await sync(deps, memory);
  else if (age > SYNC_MS) {
    sync(deps, memory).catch((err: unknown) => logger.warn({ err }, "recent accounts not synced"));
  }
  if (memory.made.has(claims.userId)) {
    // Rare (an old guest token of an account): the database has the last word, so an account no
    // longer there (its user removed) refuses nothing.
    if (await hasAccount(deps.db, claims.userId)) {
      throw new AppError("UNAUTHORIZED", "This guest has become an account: sign in");
    }
    memory.made.delete(claims.userId);
  }
  return claims;
}

/** Called where a guest becomes an account: this instance refuses the guest's token at once. */
export function rememberAccount(deps: Pick<Deps, "clock">, userId: string): void {
  memoryOf(deps).made.set(userId, deps.clock.now().getTime());
}
