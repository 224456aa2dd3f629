import { generateKeyPairSync, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/env";
import { parseTicketSigningKey, ticketKeys } from "./ticket-keys";

const seed = randomBytes(32);

describe("TICKET_SIGNING_KEY", () => {
  it("takes the 32-byte seed in base64url or base64, or the same key as a PKCS#8 PEM", () => {
    const fromSeed = ticketKeys(seed.toString("base64url"));
    expect(ticketKeys(seed.toString("base64")).jwk).toEqual(fromSeed.jwk);
    const pem = fromSeed.privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    expect(ticketKeys(pem).jwk).toEqual(fromSeed.jwk);
    expect(ticketKeys(`\n${pem}\n`).kid).toBe(fromSeed.kid);
    expect(fromSeed.jwk).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig" });
    expect(fromSeed.jwk.x).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fromSeed.jwk).not.toHaveProperty("d");
  });

  it("refuses anything else with a reason", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ format: "pem", type: "pkcs8" });
    expect(() => parseTicketSigningKey(rsa.toString())).toThrow(/not an Ed25519 private key/);
    expect(() => parseTicketSigningKey(randomBytes(31).toString("base64url"))).toThrow(/expected 32 bytes/);
    expect(() => parseTicketSigningKey(randomBytes(64).toString("base64"))).toThrow(/expected 32 bytes/);
    expect(() => parseTicketSigningKey("not a key!")).toThrow(/base64/);
    expect(() => parseTicketSigningKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")).toThrow(/PEM/);
  });

  it("is required in production, checked, and random for a test run (the same for the whole process)", () => {
    const production = {
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://x/y",
      AUTH_SECRET: "s".repeat(40),
      ADMIN_PASSWORD: "pw",
    };
    expect(() => parseConfig(production)).toThrow(/TICKET_SIGNING_KEY: must be set/);
    expect(() => parseConfig({ ...production, TICKET_SIGNING_KEY: "short" })).toThrow(/TICKET_SIGNING_KEY/);
    const key = seed.toString("base64url");
    expect(parseConfig({ ...production, TICKET_SIGNING_KEY: key }).TICKET_SIGNING_KEY).toBe(key);
    const a = parseConfig({ NODE_ENV: "test", DATABASE_URL: "x" });
    const b = parseConfig({ NODE_ENV: "test", DATABASE_URL: "y" });
    expect(a.TICKET_SIGNING_KEY).toBe(b.TICKET_SIGNING_KEY);
    expect(() => ticketKeys(a.TICKET_SIGNING_KEY)).not.toThrow();
  });
});
