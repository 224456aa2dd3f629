import { z } from "zod";

/** The `Idempotency-Key` header: any 1..100 characters the client picks (a UUID is typical). */
export const ZIdempotencyKey = z.string().min(1).max(100);

/** For the OpenAPI document of the routes that honour the header. */
export const ZIdempotencyHeaders = z.object({ "Idempotency-Key": ZIdempotencyKey.optional() });

/** What a key is scoped to, besides the user: one namespace per operation. */
export type IdempotentOperation = "points.charge" | "payments.pay";

export type IdempotencyScope = {
  userId: string;
  operation: IdempotentOperation;
  key: string;
  /** sha256 (hex) of the canonical request body. */
  requestHash: string;
};
