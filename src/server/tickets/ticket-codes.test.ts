import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import fc from "fast-check";
import { CompactSign, calculateJwkThumbprint, compactVerify, importJWK, importPKCS8 } from "jose";
import { describe, expect, it } from "vitest";
import { signTicket, verifyTicket, type TicketClaims } from "./ticket-codes";
import { ticketKeys } from "./ticket-keys";

const keys = ticketKeys(randomBytes(32).toString("base64url"));
const otherKeys = ticketKeys(randomBytes(32).toString("base64url"));
const claims: TicketClaims = { rid: randomUUID(), sid: randomUUID(), cid: randomUUID(), seat: 17, iat: 1_796_000_000 };
const code = signTicket(keys, claims);
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("ticket codes", () => {
  it("are compact JWS that verify with jose against the public JWK, whose kid is its RFC 7638 thumbprint", async () => {
    expect(keys.kid).toBe(await calculateJwkThumbprint(keys.jwk, "sha256"));
    const { payload, protectedHeader } = await compactVerify(code, await importJWK(keys.jwk, "EdDSA"));
    expect(protectedHeader).toEqual({ alg: "EdDSA", typ: "JWT", kid: keys.kid });
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(claims);
    await expect(compactVerify(code, await importJWK(otherKeys.jwk, "EdDSA"))).rejects.toThrow();
  });

  it("are the same every time for the same ticket (Ed25519 is deterministic) and differ between seats", () => {
    expect(signTicket(keys, claims)).toBe(code);
    expect(signTicket(keys, { ...claims, seat: 18 })).not.toBe(code);
    expect(verifyTicket(keys, code)).toEqual(claims);
  });

  it("take a code jose signed with the same key", async () => {
    const pem = keys.privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    const signed = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
      .setProtectedHeader({ alg: "EdDSA", kid: keys.kid })
      .sign(await importPKCS8(pem, "EdDSA"));
    expect(verifyTicket(keys, signed)).toEqual(claims);
  });

  it("refuse every one-character change of a code, in every position", () => {
    const refused: string[] = [];
    for (let i = 0; i < code.length; i++) {
      for (const c of `${BASE64URL}.=+/ `) {
        if (c === code[i]) continue;
        const altered = code.slice(0, i) + c + code.slice(i + 1);
        if (verifyTicket(keys, altered) !== undefined) refused.push(`${i}:${c}`);
      }
    }
    expect(refused).toEqual([]);
  });

  it("refuse any byte changed, dropped or added anywhere (property)", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: code.length }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.constantFrom("replace", "insert", "delete"),
        (at, charCode, how) => {
          const c = String.fromCharCode(charCode);
          const i = Math.min(at, code.length - 1);
          const altered =
            how === "replace"
              ? code.slice(0, i) + c + code.slice(i + 1)
              : how === "insert"
                ? code.slice(0, at) + c + code.slice(at)
                : code.slice(0, i) + code.slice(i + 1);
          fc.pre(altered !== code);
          expect(verifyTicket(keys, altered)).toBeUndefined();
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("refuse codes of another key, even under this key's kid, and codes of other algorithms", () => {
    expect(verifyTicket(keys, signTicket(otherKeys, claims))).toBeUndefined();
    const [, payload, signature] = signTicket(otherKeys, claims).split(".");
    const [header] = code.split(".");
    expect(verifyTicket(keys, `${header}.${payload}.${signature}`)).toBeUndefined();
    expect(verifyTicket(keys, `${b64({ alg: "none" })}.${payload}.`)).toBeUndefined();
    expect(verifyTicket(keys, `${b64({ alg: "HS256", kid: keys.kid })}.${payload}.${signature}`)).toBeUndefined();
    const { privateKey } = generateKeyPairSync("ed25519");
    const pemKeys = ticketKeys(privateKey.export({ format: "pem", type: "pkcs8" }).toString());
    expect(verifyTicket(keys, signTicket(pemKeys, claims))).toBeUndefined();
  });

  it("refuse malformed codes", () => {
    for (const bad of [
      "",
      ".",
      "..",
      "a.b.c",
      "a.b",
      `${code}.`,
      `${code}.x`,
      code.replaceAll(".", ""),
      "x".repeat(500),
    ]) {
      expect(verifyTicket(keys, bad), bad).toBeUndefined();
    }
  });
});
