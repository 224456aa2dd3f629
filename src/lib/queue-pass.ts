"use client";

import { useSyncExternalStore } from "react";

/**
 * The queue token of each concert, kept per browser tab (sessionStorage) and never sent
 * anywhere but the `x-queue-token` header of calls about that concert.
 */
export type StoredQueueToken = {
  token: string;
  /**
   * The place in line when the fan joined, or drew at the opening: the start of the waiting
   * room's progress bar. 0 while in the pre-queue, where nobody has a place yet.
   */
  startPlace: number;
  /** The place came from the draw at the opening (the fan joined before the sale opened). */
  drawn?: boolean;
};

const PREFIX = "cb:queue:";
const listeners = new Set<() => void>();
/** Parsed values by concert, so a snapshot stays the same object until the pass changes. */
const cache = new Map<string, { raw: string | null; pass: StoredQueueToken | null }>();

function storage(): Storage | undefined {
  return typeof window === "undefined" ? undefined : window.sessionStorage;
}

export function readQueuePass(concertId: string): StoredQueueToken | null {
  const raw = storage()?.getItem(PREFIX + concertId) ?? null;
  const hit = cache.get(concertId);
  if (hit && hit.raw === raw) return hit.pass;
  let pass: StoredQueueToken | null = null;
  try {
    pass = raw ? (JSON.parse(raw) as StoredQueueToken) : null;
  } catch {
    pass = null;
  }
  cache.set(concertId, { raw, pass });
  return pass;
}

export function saveQueuePass(concertId: string, pass: StoredQueueToken): void {
  storage()?.setItem(PREFIX + concertId, JSON.stringify(pass));
  listeners.forEach((l) => l());
}

export function clearQueuePass(concertId: string): void {
  storage()?.removeItem(PREFIX + concertId);
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The pass for `concertId`: null when the tab has none, undefined while rendering on the server. */
export function useQueuePass(concertId: string): StoredQueueToken | null | undefined {
  return useSyncExternalStore(
    subscribe,
    () => readQueuePass(concertId),
    () => undefined,
  );
}
