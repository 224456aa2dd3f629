import { z } from "zod";
import { ZNextCursor } from "../infra/cursor";

/** The most one charge may add. */
export const MAX_CHARGE = 1_000_000;

export const ZChargePoints = z.object({ amount: z.number().int().min(1).max(MAX_CHARGE) }).strict();
export type ChargePoints = z.infer<typeof ZChargePoints>;

export const ZBalance = z.object({ userId: z.uuid(), balance: z.number().int().min(0) });
export type Balance = z.infer<typeof ZBalance>;

export const ZPointsCharged = ZBalance.extend({ transactionId: z.uuid() });
export type PointsCharged = z.infer<typeof ZPointsCharged>;

const ZLedgerEntryType = z.enum(["CHARGE", "PAYMENT", "REFUND"]);

/** `amount` is signed: positive for CHARGE and REFUND, zero or negative for PAYMENT. */
export const ZLedgerEntry = z.object({
  transactionId: z.uuid(),
  type: ZLedgerEntryType,
  amount: z.number().int(),
  balanceAfter: z.number().int().min(0),
  createdAt: z.iso.datetime(),
});

/** A page of the caller's ledger, newest first. */
export const ZPointsHistory = z.object({ items: z.array(ZLedgerEntry), nextCursor: ZNextCursor });
export type PointsHistory = z.infer<typeof ZPointsHistory>;
