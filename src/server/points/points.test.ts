import { describe, expect, it } from "vitest";
import { MAX_CHARGE, ZChargePoints, ZLedgerEntry } from "./points.schema";

describe("ZChargePoints", () => {
  it.each([1, 1_000, MAX_CHARGE])("accepts %i", (amount) => {
    expect(ZChargePoints.parse({ amount })).toEqual({ amount });
  });

  it.each([
    ["zero", { amount: 0 }],
    ["negative", { amount: -1 }],
    ["fractional", { amount: 1.5 }],
    ["over the per-charge limit", { amount: MAX_CHARGE + 1 }],
    ["a numeric string", { amount: "1000" }],
    ["not finite", { amount: Number.POSITIVE_INFINITY }],
    ["missing", {}],
    ["with an unknown field", { amount: 1, currency: "KRW" }],
  ])("rejects an amount that is %s", (_, body) => {
    expect(ZChargePoints.safeParse(body).success).toBe(false);
  });
});

describe("ZLedgerEntry", () => {
  const entry = {
    transactionId: "0b9f2c1e-4a5d-4e8f-9c3b-2d1e0f9a8b7c",
    type: "PAYMENT",
    amount: -20_000,
    balanceAfter: 0,
    createdAt: "2030-01-01T12:00:00.000Z",
  };

  it("carries signed amounts but never a negative balance", () => {
    expect(ZLedgerEntry.safeParse(entry).success).toBe(true);
    expect(ZLedgerEntry.safeParse({ ...entry, balanceAfter: -1 }).success).toBe(false);
    expect(ZLedgerEntry.safeParse({ ...entry, type: "BONUS" }).success).toBe(false);
  });
});
