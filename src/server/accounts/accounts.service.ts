import { createHash, randomBytes, randomInt } from "node:crypto";
import type { Deps } from "../deps";
import type { Locale } from "@/i18n/locale";
import { AppError } from "../errors";
import type { DbClient } from "../infra/db";
import type { AccessClaims } from "../infra/tokens";
import { rateLimiterOf } from "../security/rate-limit";
import { decoyHash, hashPassword, verifyPassword } from "../staff/password";
import { findUser, insertUser, updateUserName } from "../users/users.repo";
import { rememberAccount } from "./access";
import {
  closePasswordResetsOf,
  consumePasswordReset,
  deleteEndedPasswordResetsOf,
  deleteEndedSessionsOf,
  emailTaken,
  findAccountByEmail,
  findAccountEmail,
  findRotatedSession,
  insertAccount,
  insertAccountSession,
  insertPasswordReset,
  revokeSession,
  revokeSessionsOf,
  rotateRefreshToken,
  updateAccountPassword,
} from "./accounts.repo";
import type { AccountCreated, AccountView, ResetConfirm, SignIn, SignUp, TokenPair } from "./accounts.schema";
import { insertMail } from "./mail.repo";
import { deliverMail } from "./mail.service";

/** A session lasts this long from its last refresh (its refresh token and its row alike). */
export const REFRESH_SECONDS = 30 * 86_400;
/** How long a password reset link works. */
const RESET_LINK_SECONDS = 30 * 60;
/**
 * A refresh token replaced less than this long ago is presented again by a race between two tabs
 * or requests of one device rather than by a stolen copy: it is refused without ending the session.
 */
const ROTATION_GRACE_MS = 10_000;

type AccountDeps = Pick<Deps, "db" | "tokens" | "clock" | "config" | "rateLimitRedis">;

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");
/** 32 random bytes: only their sha256 is kept. */
const newSecret = () => randomBytes(32).toString("base64url");
const later = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000);

async function openSession(
  db: DbClient,
  userId: string,
  now: Date,
): Promise<{ sessionId: string; refreshToken: string }> {
  const refreshToken = newSecret();
  const sessionId = await insertAccountSession(
    db,
    { userId, refreshHash: sha256(refreshToken) },
    now,
    later(now, REFRESH_SECONDS),
  );
  return { sessionId, refreshToken };
}

const signFor = (deps: Pick<Deps, "tokens">, userId: string, sessionId: string) =>
  deps.tokens.signAccess({ userId, sessionId });

/**
 * Makes an account. A guest caller (their own token, no session) becomes it: the same user, so
 * their holds, tickets, points and place in line stay theirs. Anyone else gets a new user. The
 * user, the account and its first session are one transaction: a taken email (409) leaves nothing.
 */
export async function signUp(
  deps: AccountDeps,
  caller: AccessClaims | undefined,
  input: SignUp,
): Promise<AccountCreated> {
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  const guestId = caller && caller.sessionId === undefined ? caller.userId : undefined;
  const { userId, sessionId, refreshToken } = await deps.db.$transaction(async (tx) => {
    let userId: string;
    if (guestId) {
      if (!(await findUser(tx, guestId))) throw new AppError("UNAUTHORIZED", "This guest no longer exists");
      userId = guestId;
    } else {
      userId = (await insertUser(tx, input.name ?? `Fan ${randomInt(1000, 10000)}`)).id;
    }
    if (!(await insertAccount(tx, { userId, email: input.email, passwordHash }, now))) {
      if (await emailTaken(tx, input.email))
        throw new AppError("EMAIL_TAKEN", "An account with this email exists: sign in instead");
      throw new AppError("CONFLICT", "This guest has an account already: sign in");
    }
    if (guestId && input.name) await updateUserName(tx, guestId, input.name);
    return { userId, ...(await openSession(tx, userId, now)) };
  });
  rememberAccount(deps, userId);
  return { userId, email: input.email, accessToken: await signFor(deps, userId, sessionId), refreshToken };
}

/**
 * Signs an account in on one more device. A wrong password and an unknown email get the same 401
 * after the same work (an argon2id verify either way), so neither tells which emails have accounts.
 * Counted per email (the address is counted by the procedure's rate limit), right or wrong.
 */
export async function signIn(deps: AccountDeps, input: SignIn): Promise<TokenPair> {
  await rateLimiterOf(deps).consume("RATE_LIMIT_FAN_LOGIN_EMAIL", input.email);
  const account = await findAccountByEmail(deps.db, input.email);
  const matches = await verifyPassword(account?.passwordHash ?? (await decoyHash()), input.password);
  if (!account || !matches) throw new AppError("UNAUTHORIZED", "Wrong email or password");
  const now = deps.clock.now();
  await deleteEndedSessionsOf(deps.db, account.userId, now);
  const { sessionId, refreshToken } = await openSession(deps.db, account.userId, now);
  return { accessToken: await signFor(deps, account.userId, sessionId), refreshToken };
}

type Refreshed =
  | { kind: "rotated"; userId: string; sessionId: string; tokens: TokenPair }
  /** The token was replaced moments ago by a request of the same device: the session goes on. */
  | { kind: "raced"; userId: string; sessionId: string };

/**
 * A new token pair for a refresh token, which is used up. Presenting a replaced token again, after
 * ROTATION_GRACE_MS, is taken for a stolen copy in use: the session is revoked, for its holder and
 * the thief alike. Unknown, expired and revoked tokens are 401.
 */
export async function refreshSession(deps: AccountDeps, refreshToken: string): Promise<Refreshed> {
  const now = deps.clock.now();
  const current = sha256(refreshToken);
  const next = newSecret();
  const rotated = await rotateRefreshToken(deps.db, { current, next: sha256(next) }, now, later(now, REFRESH_SECONDS));
  if (rotated) {
    const accessToken = await signFor(deps, rotated.userId, rotated.sessionId);
    return { kind: "rotated", ...rotated, tokens: { accessToken, refreshToken: next } };
  }
  const replaced = await findRotatedSession(deps.db, current, now);
  if (replaced && now.getTime() - replaced.rotatedAt.getTime() < ROTATION_GRACE_MS) {
    return { kind: "raced", userId: replaced.userId, sessionId: replaced.sessionId };
  }
  if (replaced) await revokeSession(deps.db, replaced.sessionId, replaced.userId, now);
  throw new AppError("UNAUTHORIZED", "This session has ended: sign in again");
}

/** `POST /accounts/session/refresh`: a racing request gets 401 too (its twin got the pair). */
export async function refreshTokens(deps: AccountDeps, refreshToken: string): Promise<TokenPair> {
  const refreshed = await refreshSession(deps, refreshToken);
  if (refreshed.kind === "raced") throw new AppError("UNAUTHORIZED", "This refresh token was just used");
  return refreshed.tokens;
}

/**
 * Ends the caller's session, or with `all` every session of the account: their refresh tokens are
 * refused at once everywhere, their access tokens lapse within a minute. A guest has nothing to end.
 */
export async function signOut(deps: Pick<Deps, "db" | "clock">, caller: AccessClaims, all: boolean): Promise<void> {
  const now = deps.clock.now();
  if (all) await revokeSessionsOf(deps.db, caller.userId, now);
  else if (caller.sessionId) await revokeSession(deps.db, caller.sessionId, caller.userId, now);
}

export async function accountOf(deps: Pick<Deps, "db">, caller: AccessClaims): Promise<AccountView> {
  const email = caller.sessionId ? await findAccountEmail(deps.db, caller.userId) : null;
  return email ? { signedIn: true, email } : { signedIn: false };
}

function siteUrl(config: Deps["config"]): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, "");
}

/** The reset mail in each language of the UI. */
const RESET_MAIL: Record<Locale, (link: string, minutes: number) => { subject: string; body: string[] }> = {
  en: (link, minutes) => ({
    subject: "Reset your Encore password",
    body: [
      "Someone asked to reset the password of your Encore account.",
      "",
      `Choose a new password here (the link works once, for ${minutes} minutes):`,
      link,
      "",
      "If it was not you, ignore this message: your password stays as it is.",
    ],
  }),
  ko: (link, minutes) => ({
    subject: "Encore 비밀번호 재설정",
    body: [
      "Encore 계정의 비밀번호 재설정이 요청되었습니다.",
      "",
      `아래 링크에서 새 비밀번호를 정해 주세요(한 번만, ${minutes}분 동안 사용할 수 있습니다):`,
      link,
      "",
      "직접 요청하지 않으셨다면 이 메일을 무시하세요. 비밀번호는 그대로 유지됩니다.",
    ],
  }),
};

/**
 * Mails a one-time reset link valid for RESET_LINK_SECONDS when the email has an account, in the
 * language of the page that asked; the same answer either way. The link and its mail are one
 * transaction (the outbox row is the mail).
 */
export async function requestPasswordReset(deps: AccountDeps, email: string, locale: Locale = "en"): Promise<void> {
  await rateLimiterOf(deps).consume("RATE_LIMIT_FAN_LOGIN_EMAIL", `reset:${email}`);
  const account = await findAccountByEmail(deps.db, email);
  if (!account) return;
  const token = newSecret();
  const now = deps.clock.now();
  const text = RESET_MAIL[locale](`${siteUrl(deps.config)}/account/reset?token=${token}`, RESET_LINK_SECONDS / 60);
  const mail = { to: account.email, subject: text.subject, body: text.body.join("\n") };
  const mailId = await deps.db.$transaction(async (tx) => {
    await deleteEndedPasswordResetsOf(tx, account.userId, now);
    await insertPasswordReset(
      tx,
      { userId: account.userId, tokenHash: sha256(token) },
      now,
      later(now, RESET_LINK_SECONDS),
    );
    return insertMail(tx, mail, now);
  });
  // Not awaited: the answer neither waits for the mail server nor tells by its timing that a mail went.
  void deliverMail(deps, mailId, mail);
}

/**
 * Sets the new password through a reset link, once: the link is used up, the account's other
 * links closed and every session ended, in one transaction. A used, lapsed or unknown link is 410.
 */
export async function confirmPasswordReset(deps: AccountDeps, input: ResetConfirm): Promise<{ email: string }> {
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const userId = await consumePasswordReset(tx, sha256(input.token), now);
    if (!userId) throw new AppError("LINK_EXPIRED", "This reset link has expired or was used: ask for a new one");
    await updateAccountPassword(tx, userId, passwordHash);
    await closePasswordResetsOf(tx, userId, now);
    await revokeSessionsOf(tx, userId, now);
    return { email: (await findAccountEmail(tx, userId)) ?? "" };
  });
}
