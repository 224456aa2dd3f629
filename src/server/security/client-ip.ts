import { isIP } from "node:net";

/**
 * The client address that per-IP rate limits count by.
 *
 * A fetch-style handler never sees the socket, and any client can write X-Forwarded-For, so the
 * header is believed only as far as the operator says proxies are in front (TRUST_PROXY = n): each
 * trusted proxy appends the address it saw, so the n-th entry from the right is the one the
 * outermost trusted proxy saw; entries to its left came from the client and are ignored.
 *
 * Without trusted proxies, the TCP peer address when the HTTP layer passes it in; failing that,
 * undefined: the address is unknown (a Next.js route handler sees no socket, and Next.js keeps an
 * X-Forwarded-For the client wrote), and per-address limits do not apply to the request (see
 * trpc/init.ts) rather than one bucket being shared by every caller.
 *
 * A trusted entry that is not an address was not written by the proxies: it comes from a caller who
 * went around them. All such callers share one bucket (FORGED_CLIENT), so going around the proxies
 * dodges no limit, and no caller who came through them is ever counted in it.
 *
 * IPv6 addresses count by their /64: one subscriber usually owns a whole /64.
 */
export const FORGED_CLIENT = "forged";

export function clientIp(headers: Headers, trustProxy: number, peerAddress?: string): string | undefined {
  if (trustProxy > 0) {
    const hops = (headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((h) => h.trim())
      .filter(Boolean);
    // Fewer entries than trusted proxies: the request did not come through them all.
    if (hops.length >= trustProxy) return normalizeIp(hops[hops.length - trustProxy]!) ?? FORGED_CLIENT;
  }
  return (peerAddress && normalizeIp(peerAddress)) || undefined;
}

/** A canonical rate-limit key for an address, or undefined when it is not an IP address. */
export function normalizeIp(raw: string): string | undefined {
  let value = raw.trim();
  // "[v6]:port" and "v4:port" as some proxies write them.
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  value = value.replace(/%.*$/, ""); // zone id
  const kind = isIP(value);
  if (kind === 4) return value;
  if (kind !== 6) return undefined;
  const groups = expandIpv6(value.toLowerCase());
  // An IPv4 address mapped into IPv6 is that IPv4 address.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (with "::" and a dotted IPv4 tail expanded). */
function expandIpv6(addr: string): number[] {
  let text = addr;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const parse = (s: string | undefined) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const fill = tail === undefined ? [] : Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...fill, ...right];
}
