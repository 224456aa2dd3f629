"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useEffect } from "react";
import { clearQueuePass, saveQueuePass, useQueuePass } from "@/lib/queue-pass";
import { forConcert, useTRPC, useTRPCClient } from "@/lib/trpc/client";
import type { QueueView } from "@/lib/trpc/types";
import { useQueueEvents } from "./use-queue-events";

const FALLBACK_POLL_MS = 2_000;

/**
 * The status call has no input, so its cache key names the concert and the pass; under the
 * queue path, so that invalidating `trpc.queue` refreshes it too.
 */
function passStatusKey(trpc: ReturnType<typeof useTRPC>, concertId: string, token: string | undefined) {
  return [...trpc.queue.status.pathKey(), concertId, token ?? null] as const;
}

/**
 * The state of this tab's waiting-room pass for a concert, polled as often as the server asks
 * (also in a background tab: a waiter who stops polling loses the place). With `live`, pushed by
 * the server over the pass's event stream instead, which keeps the place as polling does; the
 * polling takes over whenever the stream is unavailable (`transport` says which is in use).
 */
export function usePassStatus(concertId: string, { live = false }: { live?: boolean } = {}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const pass = useQueuePass(concertId);
  const key = passStatusKey(trpc, concertId, pass?.token);
  const onStatus = useCallback(
    (view: QueueView) => queryClient.setQueryData(passStatusKey(trpc, concertId, pass?.token), view),
    [queryClient, trpc, concertId, pass?.token],
  );
  const transport = useQueueEvents(live ? pass?.token : undefined, onStatus);
  const status = useQuery({
    queryKey: key,
    queryFn: () => client.queue.status.query(undefined, { context: { concertId } }),
    // No poll while the stream is open or being opened.
    enabled: !!pass && transport === "polling",
    staleTime: 0,
    refetchInterval: (q) => {
      const view = q.state.data;
      if (view?.status === "EXPIRED") return false;
      return view?.pollAfterMs || FALLBACK_POLL_MS;
    },
    refetchIntervalInBackground: true,
  });

  // A pre-queue pass gets its place at the opening: that place starts its progress bar.
  const view = status.data;
  useEffect(() => {
    if (pass && pass.startPlace === 0 && view?.status === "WAITING" && view.position > 0)
      saveQueuePass(concertId, { ...pass, startPlace: view.position, drawn: true });
  }, [concertId, pass, view?.status, view?.position]);

  return { pass, status, transport };
}

/** Lines up (or returns the place already held) and keeps the pass for this tab. */
export function useJoinQueue(concertId: string) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.queue.join.mutationOptions({
      onSuccess: ({ queueToken, ...view }) => {
        saveQueuePass(concertId, {
          token: queueToken,
          startPlace: view.status === "PREQUEUE" ? 0 : Math.max(1, view.position),
        });
        queryClient.setQueryData(passStatusKey(trpc, concertId, queueToken), view);
        router.push(view.status === "ACTIVE" ? `/concerts/${concertId}/book` : `/concerts/${concertId}/queue`);
      },
    }),
  );
}

/** Gives up the place in line (or the active slot) for the next fan. */
export function useLeaveQueue(concertId: string) {
  const trpc = useTRPC();
  const router = useRouter();
  return useMutation(
    trpc.queue.leave.mutationOptions({
      ...forConcert(concertId),
      onSettled: () => {
        clearQueuePass(concertId);
        router.push(`/concerts/${concertId}`);
      },
    }),
  );
}
