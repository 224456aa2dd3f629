/**
 * The most calls one tRPC request may batch (`/api/trpc/a,b,c?batch=1`). Each call costs what a
 * request costs, so an unbounded batch would multiply one request's work by whatever fits in a
 * URL or a 64 KB body. The web client batches no more than this (src/lib/trpc/client.ts); a
 * larger batch is refused with 400 before any of its calls runs (src/server/http/api-handler.ts).
 * No imports: the browser bundle reads it too.
 */
export const MAX_BATCH_CALLS = 10;
