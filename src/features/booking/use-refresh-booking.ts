"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { refetchAfterWrite } from "@/lib/trpc/refresh";
import { useTRPC } from "@/lib/trpc/client";

/** Refetches what a hold, a cancel or a lapse changes: the seats, the fan's reservations, the pass. */
export function useRefreshBooking(): () => void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(() => {
    void refetchAfterWrite(
      queryClient,
      trpc.concerts.pathFilter(),
      trpc.reservations.pathFilter(),
      trpc.queue.pathFilter(),
    );
  }, [queryClient, trpc]);
}
