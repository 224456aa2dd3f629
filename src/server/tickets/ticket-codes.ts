import { sign, verify } from "node:crypto";
import { z } from "zod";
import type { TicketKeys } from "./ticket-keys";

/**
 * What a ticket code names: the ticket (a seat of a paid reservation), its date and concert, and
 * when it was issued (the payment, in seconds). Short names keep the QR code small.
 */
const ZTicketClaims = z
  .object({
    /** The reservation; with `seat`, the ticket. */
    rid: z.uuid(),
    /** The date (schedule). */
    sid: z.uuid(),
    /** The concert. */
    cid: z.uuid(),
    seat: z.number().int().min(1),
    iat: z.number().int().min(0),
  })
  .strict();
export type TicketClaims = z.infer<typeof ZTicketClaims>;

const SEGMENT = /^[A-Za-z0-9_-]+$/;
/** An Ed25519 signature is 64 bytes. */
const SIGNATURE_BYTES = 64;

const b64url = (text: string) => Buffer.from(text, "utf8").toString("base64url");

function headerOf(keys: TicketKeys): string {
  return b64url(JSON.stringify({ alg: "EdDSA", typ: "JWT", kid: keys.kid }));
}

/**
 * The ticket's code: a compact JWS (RFC 7515) signed with Ed25519. Ed25519 signatures are
 * deterministic, so the same ticket always gets the same code: nothing needs to be stored.
 */
export function signTicket(keys: TicketKeys, claims: TicketClaims): string {
  const { rid, sid, cid, seat, iat } = claims;
  const input = `${headerOf(keys)}.${b64url(JSON.stringify({ rid, sid, cid, seat, iat }))}`;
  return `${input}.${sign(null, Buffer.from(input), keys.privateKey).toString("base64url")}`;
}

/** A segment's bytes, only when it is the one canonical base64url spelling of them. */
function decodeSegment(segment: string): Buffer | undefined {
  if (!SEGMENT.test(segment)) return undefined;
  const bytes = Buffer.from(segment, "base64url");
  // Two spellings may differ in the unused low bits of the last character: only the canonical one counts.
  return bytes.toString("base64url") === segment ? bytes : undefined;
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    return undefined;
  }
}

/**
 * The claims of a code this service signed with this key; undefined for anything else: malformed,
 * altered in any byte, signed by another key or with another algorithm.
 */
export function verifyTicket(keys: TicketKeys, code: string): TicketClaims | undefined {
  const parts = code.split(".");
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts.map(decodeSegment);
  if (!header || !payload || !signature || signature.length !== SIGNATURE_BYTES) return undefined;
  const h = parseJson(header) as { alg?: unknown; kid?: unknown; crit?: unknown } | undefined;
  if (!h || typeof h !== "object" || h.alg !== "EdDSA" || h.kid !== keys.kid || h.crit !== undefined) return undefined;
  if (!verify(null, Buffer.from(`${parts[0]}.${parts[1]}`), keys.publicKey, signature)) return undefined;
  const claims = ZTicketClaims.safeParse(parseJson(payload));
  return claims.success ? claims.data : undefined;
}
