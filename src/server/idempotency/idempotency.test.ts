import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { canonicalJson, hashRequest, idempotencyScope, parseIdempotencyKey } from "./idempotency.service";

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : "not an AppError";
  }
  return undefined;
}

describe("parseIdempotencyKey", () => {
  it("treats a missing header as no key", () => {
    expect(parseIdempotencyKey(null)).toBeUndefined();
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it("accepts 1 to 100 characters as they are", () => {
    expect(parseIdempotencyKey("k")).toBe("k");
    expect(parseIdempotencyKey("x".repeat(100))).toBe("x".repeat(100));
  });

  it.each([
    ["empty", ""],
    ["over 100 characters", "x".repeat(101)],
  ])("rejects a key that is %s with BAD_REQUEST", (_, key) => {
    expect(errorCode(() => parseIdempotencyKey(key))).toBe("BAD_REQUEST");
  });
});

describe("hashRequest", () => {
  it("ignores key order at every level", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: "x" } })).toBe(
      '{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}',
    );
    expect(hashRequest({ amount: 1, note: "a" })).toBe(hashRequest({ note: "a", amount: 1 }));
  });

  it("tells different bodies apart, including by type", () => {
    expect(hashRequest({ amount: 1000 })).not.toBe(hashRequest({ amount: 1001 }));
    expect(hashRequest({ amount: 1000 })).not.toBe(hashRequest({ amount: "1000" }));
    expect(hashRequest({ amount: 1000 })).not.toBe(hashRequest({ amount: 1000, extra: null }));
  });

  it("is a sha256 in hex, the width of the stored column", () => {
    expect(hashRequest({})).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("idempotencyScope", () => {
  it("is undefined without a key and carries the body's hash with one", () => {
    expect(idempotencyScope("u", "points.charge", null, { amount: 1 })).toBeUndefined();
    expect(idempotencyScope("u", "points.charge", "k1", { amount: 1 })).toEqual({
      userId: "u",
      operation: "points.charge",
      key: "k1",
      requestHash: hashRequest({ amount: 1 }),
    });
  });

  it("rejects an invalid key even when the body is fine", () => {
    expect(errorCode(() => idempotencyScope("u", "payments.pay", "", { reservationId: "r" }))).toBe("BAD_REQUEST");
  });
});
