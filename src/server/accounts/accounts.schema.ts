import { z } from "zod";
import { ZText } from "../text.schema";
import { ZUserName } from "../users/users.schema";

/**
 * An email as it is stored: trimmed and lower case, so that `Mina@Example.com` and
 * `mina@example.com` are one account. A plain shape check (one @, a dot in the domain, no spaces):
 * whether it receives mail is proven by the reset link, not by a pattern.
 */
const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/, "Not an email address");

const MIN_PASSWORD = 12;
/** 12..200 characters, kept exactly as typed (never trimmed). */
const ZAccountPassword = ZText({ min: MIN_PASSWORD, max: 200 });

export const ZSignUp = z.object({ email: ZEmail, password: ZAccountPassword, name: ZUserName.optional() }).strict();
export type SignUp = z.infer<typeof ZSignUp>;

export const ZSignIn = z.object({ email: ZEmail, password: ZText({ min: 1, max: 200 }) }).strict();
export type SignIn = z.infer<typeof ZSignIn>;

export const ZRefresh = z.object({ refreshToken: z.string().min(1).max(200) }).strict();

export const ZSignOut = z
  .object({
    all: z
      .enum(["true", "false"])
      .optional()
      .describe("true: end every session of the account")
      .transform((v) => v === "true"),
  })
  .strict()
  .prefault({});

export const ZResetRequest = z.object({ email: ZEmail }).strict();

export const ZResetConfirm = z.object({ token: z.string().min(1).max(200), password: ZAccountPassword }).strict();
export type ResetConfirm = z.infer<typeof ZResetConfirm>;

export const ZTokenPair = z.object({ accessToken: z.string(), refreshToken: z.string() });
export type TokenPair = z.infer<typeof ZTokenPair>;

export const ZAccountCreated = ZTokenPair.extend({ userId: z.uuid(), email: z.string() });
export type AccountCreated = z.infer<typeof ZAccountCreated>;

export const ZResetRequested = z.object({ accepted: z.literal(true) });
export const ZResetDone = z.object({ email: z.string() });

const ZMail = z.object({
  mailId: z.uuid(),
  to: z.string(),
  subject: z.string(),
  body: z.string(),
  createdAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
});
export const ZOutboxPage = z.object({ items: z.array(ZMail), nextCursor: z.string().nullable() });
export type OutboxPage = z.infer<typeof ZOutboxPage>;

/** What the web UI shows of the signed-in fan's account. */
export const ZAccountView = z.union([
  z.object({ signedIn: z.literal(false) }),
  z.object({ signedIn: z.literal(true), email: z.string() }),
]);
export type AccountView = z.infer<typeof ZAccountView>;
