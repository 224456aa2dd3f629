"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import type { QueueView } from "@/lib/trpc/types";

/** A fan who is not yet admitted (waiting, or in the pre-queue) belongs in the waiting room. */
export function useBackToLine(concertId: string, status: QueueView["status"] | undefined): void {
  const router = useRouter();
  useEffect(() => {
    if (status === "WAITING" || status === "PREQUEUE") router.replace(`/concerts/${concertId}/queue`);
  }, [status, concertId, router]);
}
