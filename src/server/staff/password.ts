import { hash, verify } from "@node-rs/argon2";

/**
 * argon2id (the library's default algorithm) at OWASP's first recommended setting: 19 MiB of
 * memory, 2 passes, 1 lane. The PHC string keeps its parameters, so raising them later still
 * verifies the older hashes.
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** False for a wrong password and for a malformed hash alike. */
export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

/**
 * A hash to verify against when the login is unknown, so that a wrong login costs the same time
 * as a wrong password and the answer's timing does not tell which logins exist.
 */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword("decoy password never used");
  return decoy;
}
