import { createHash, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";

/** The DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows it (RFC 8410). */
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/** The public half of the ticket signing key as a JWK (RFC 8037), what a door scanner verifies with. */
export type PublicJwk = { kty: "OKP"; crv: "Ed25519"; x: string; kid: string; alg: "EdDSA"; use: "sig" };

/** The service's ticket signing key, parsed once (deps.ts). */
export type TicketKeys = { privateKey: KeyObject; publicKey: KeyObject; jwk: PublicJwk; kid: string };

/**
 * TICKET_SIGNING_KEY as a private key. Two forms: the 32-byte Ed25519 seed in base64url or base64
 * (`openssl rand -base64 32`), or a PKCS#8 PEM (`openssl genpkey -algorithm ed25519`). Throws a
 * sentence naming what is wrong.
 */
export function parseTicketSigningKey(value: string): KeyObject {
  const text = value.trim();
  let key: KeyObject;
  if (text.startsWith("-----BEGIN")) {
    try {
      key = createPrivateKey({ key: text, format: "pem" });
    } catch {
      throw new Error("is not a readable PEM private key");
    }
  } else {
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
      throw new Error("expected 32 random bytes in base64 (openssl rand -base64 32) or an Ed25519 PEM private key");
    }
    const seed = Buffer.from(text.replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_"), "base64url");
    if (seed.length !== 32) throw new Error(`expected 32 bytes in base64, got ${seed.length}`);
    key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: "der", type: "pkcs8" });
  }
  if (key.type !== "private" || key.asymmetricKeyType !== "ed25519") throw new Error("is not an Ed25519 private key");
  return key;
}

/** The keys of TICKET_SIGNING_KEY: its public JWK and kid, the RFC 7638 thumbprint of that JWK. */
export function ticketKeys(value: string): TicketKeys {
  const privateKey = parseTicketSigningKey(value);
  const publicKey = createPublicKey(privateKey);
  const { x } = publicKey.export({ format: "jwk" }) as { x: string };
  // RFC 7638: the required members only, in lexicographic order, no whitespace.
  const kid = createHash("sha256")
    .update(JSON.stringify({ crv: "Ed25519", kty: "OKP", x }))
    .digest("base64url");
  return { privateKey, publicKey, kid, jwk: { kty: "OKP", crv: "Ed25519", x, kid, alg: "EdDSA", use: "sig" } };
}
