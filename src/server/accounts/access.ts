import type { Deps } from "../deps";
import { AppError } from "../errors";
import type { AccessClaims } from "../infra/tokens";
import { hasAccount } from "./accounts.repo";

/**
 * A guest's token (no `sid`) lives 30 days and names no session, so nothing could end it. Once its
 * user has an account, it is refused: from then on only the account's own tokens (one session
 * each, a minute at a time) stand for that user, and signing out everywhere leaves nothing behind.
 *
 * Checking costs one primary-key lookup per guest and instance per GUEST_RECHECK_MS at most: a
 * guest seen without an account is believed for that long. An account's tokens carry `sid` and
 * are never looked up. So a guest token of a user who just made an account is refused at once on
 * the instance that made it, and within GUEST_RECHECK_MS (the lifetime of an account's access
 * token) on every other.
 */
const GUEST_RECHECK_MS = 60_000;
/** Past this many remembered guests the memory starts over (a burst of one-time guests). */
const MAX_REMEMBERED = 100_000;

type GuestMemory = Map<string, number>;
const memories = new WeakMap<object, GuestMemory>();

function memoryOf(deps: object): GuestMemory {
  let memory = memories.get(deps);
  if (!memory) {
    memory = new Map();
    memories.set(deps, memory);
  }
  return memory;
}

/** The claims of a user's access token, refusing a guest token of a user who has an account (401). */
export async function verifyUserAccess(
  deps: Pick<Deps, "db" | "tokens" | "clock">,
  token: string,
): Promise<AccessClaims> {
  const claims = await deps.tokens.verifyAccess(token);
  if (claims.sessionId !== undefined) return claims;
  const memory = memoryOf(deps);
  const now = deps.clock.now().getTime();
  const until = memory.get(claims.userId);
  if (until !== undefined && until > now) return claims;
  if (await hasAccount(deps.db, claims.userId)) {
    memory.delete(claims.userId);
    throw new AppError("UNAUTHORIZED", "This guest has become an account: sign in");
  }
  if (memory.size >= MAX_REMEMBERED) memory.clear();
  memory.set(claims.userId, now + GUEST_RECHECK_MS);
  return claims;
}

/** Called where a guest becomes an account: this instance refuses the guest's token at once. */
export function forgetGuest(deps: object, userId: string): void {
  memoryOf(deps).delete(userId);
}
