import type { DbClient } from "../infra/db";
import type { IdempotencyScope } from "./idempotency.schema";

/**
 * Claims the key: the id of the new record, or undefined when a record already exists. A
 * concurrent claim of the same key waits on the unique index until the first transaction ends.
 */
export async function claimIdempotencyKey(db: DbClient, scope: IdempotencyScope): Promise<string | undefined> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO idempotency_records (user_id, operation, key, request_hash)
    VALUES (${scope.userId}::uuid, ${scope.operation}, ${scope.key}, ${scope.requestHash})
    ON CONFLICT (user_id, operation, key) DO NOTHING
    RETURNING id`;
  return rows[0]?.id;
}

export function findIdempotencyRecord(db: DbClient, scope: Pick<IdempotencyScope, "userId" | "operation" | "key">) {
  return db.idempotencyRecord.findUnique({
    where: { userId_operation_key: { userId: scope.userId, operation: scope.operation, key: scope.key } },
    select: { requestHash: true, responseBody: true },
  });
}

export async function saveIdempotentResponse(db: DbClient, recordId: string, response: unknown): Promise<void> {
  await db.$executeRaw`
    UPDATE idempotency_records SET response_body = ${JSON.stringify(response)}::jsonb WHERE id = ${recordId}::uuid`;
}
