"use client";

import { useEffect, useEffectEvent } from "react";
import type { Reservation } from "@/lib/trpc/types";

/**
 * Calls `onLapse` with the holds whose time runs out, at the moment the first of them does
 * (a timer, not a poll): the fan hears it from the screen before the next refresh shows it.
 */
export function useHoldLapses(holds: Reservation[], onLapse: (lapsed: Reservation[]) => void): void {
  const next = holds.length ? Math.min(...holds.map((h) => Date.parse(h.expiresAt))) : null;
  const lapse = useEffectEvent((at: number) => {
    const lapsed = holds.filter((h) => Date.parse(h.expiresAt) <= at);
    if (lapsed.length) onLapse(lapsed);
  });
  useEffect(() => {
    if (next === null) return;
    const timer = setTimeout(() => lapse(next), Math.max(0, next - Date.now()));
    return () => clearTimeout(timer);
  }, [next]);
}
