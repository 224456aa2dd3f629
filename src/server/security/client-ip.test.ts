import { describe, expect, it } from "vitest";
import { clientIp, FORGED_CLIENT, normalizeIp } from "./client-ip";

const xff = (value: string) => new Headers({ "x-forwarded-for": value });

describe("clientIp", () => {
  it("ignores X-Forwarded-For unless proxies are trusted: any client can write it", () => {
    // Unknown, not a bucket everybody shares: per-address limits are then off (trpc/init.ts).
    expect(clientIp(xff("203.0.113.9"), 0)).toBeUndefined();
    expect(clientIp(xff("203.0.113.9"), 0, "198.51.100.4")).toBe("198.51.100.4");
    expect(clientIp(new Headers(), 0, "::ffff:198.51.100.4")).toBe("198.51.100.4");
  });

  it("behind n trusted proxies takes the n-th entry from the right; what the client wrote to its left is ignored", () => {
    expect(clientIp(xff("203.0.113.9"), 1)).toBe("203.0.113.9");
    expect(clientIp(xff("1.1.1.1, 2.2.2.2, 203.0.113.9"), 1)).toBe("203.0.113.9");
    expect(clientIp(xff("1.1.1.1, 203.0.113.9, 10.0.0.2"), 2)).toBe("203.0.113.9");
    // Rotating spoofed entries does not make a new client.
    expect(clientIp(xff("9.9.9.9, 203.0.113.9"), 1)).toBe(clientIp(xff("8.8.8.8, 203.0.113.9"), 1));
  });

  it("falls back to the peer when the chain is shorter than the trusted proxies; unknown without one", () => {
    expect(clientIp(xff("203.0.113.9"), 2, "10.0.0.7")).toBe("10.0.0.7");
    expect(clientIp(new Headers(), 1)).toBeUndefined();
    expect(clientIp(new Headers(), 0, "not-an-ip")).toBeUndefined();
  });

  it("counts a trusted entry that is not an address (a caller who went around the proxies) in one bucket", () => {
    expect(clientIp(xff("not-an-ip"), 1)).toBe(FORGED_CLIENT);
    expect(clientIp(xff("<script>, 1.2.3.4"), 2)).toBe(FORGED_CLIENT);
    expect(clientIp(xff("not-an-ip"), 1, "198.51.100.4")).toBe(FORGED_CLIENT);
  });
});

describe("normalizeIp", () => {
  it.each([
    ["192.0.2.1", "192.0.2.1"],
    ["192.0.2.1:5678", "192.0.2.1"],
    ["[2001:db8::1]:443", "2001:db8:0:0::/64"],
    ["2001:DB8:0:0:ffff::1", "2001:db8:0:0::/64"],
    ["2001:db8::abcd:1", "2001:db8:0:0::/64"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["::1", "0:0:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["64:ff9b::203.0.113.7", "64:ff9b:0:0::/64"],
  ])("%s -> %s", (raw, key) => {
    expect(normalizeIp(raw)).toBe(key);
  });

  it("puts every address of one /64 in one bucket", () => {
    expect(normalizeIp("2001:db8:aa:bb::1")).toBe(normalizeIp("2001:db8:aa:bb:ffff:ffff:ffff:ffff"));
    expect(normalizeIp("2001:db8:aa:bb::1")).not.toBe(normalizeIp("2001:db8:aa:bc::1"));
  });

  it.each(["", "unknown", "999.1.1.1", "1.2.3", "::g", "1.2.3.4.5", "javascript:alert(1)"])("rejects %j", (raw) => {
    expect(normalizeIp(raw)).toBeUndefined();
  });
});
