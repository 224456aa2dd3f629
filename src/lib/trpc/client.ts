"use client";

import { createTRPCClient, httpBatchLink, splitLink, type Operation } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { MAX_BATCH_CALLS } from "@/server/trpc/batch-limit";
import type { AppRouter } from "@/server/trpc/root";
import { readQueuePass } from "../queue-pass";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/**
 * Options for a call about one concert (`queryOptions(input, forConcert(id))`): the link then
 * sends that concert's waiting-room pass as `x-queue-token`.
 */
export function forConcert(concertId: string) {
  return { trpc: { context: { concertId } } };
}

function concertOf(op: Operation): string | undefined {
  const id = op.context.concertId;
  return typeof id === "string" ? id : undefined;
}

const url = "/api/trpc";

/** Marks calls as the app's own, so cookie-authenticated mutations pass the CSRF check everywhere. */
const CSRF_HEADER = { "x-csrf": "1" };

export function createAppTRPCClient() {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => concertOf(op) !== undefined,
        // One call per request, so each carries the pass of its own concert.
        true: httpBatchLink({
          url,
          maxItems: 1,
          headers: ({ opList }) => {
            const pass = readQueuePass(concertOf(opList[0])!);
            return pass ? { ...CSRF_HEADER, "x-queue-token": pass.token } : CSRF_HEADER;
          },
        }),
        // The server refuses larger batches (400).
        false: httpBatchLink({ url, maxItems: MAX_BATCH_CALLS, headers: CSRF_HEADER }),
      }),
    ],
  });
}
