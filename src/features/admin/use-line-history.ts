"use client";

import { useState } from "react";
import type { AdminStats } from "@/lib/trpc/types";

/** Samples of each line kept for its sparkline: about two minutes at the refresh rate. */
const HISTORY = 60;

type LineHistory = { updatedAt: number; lines: Record<string, number[]> };

/** `history` with one more sample per concert: the people in line (waiting + active) now. */
export function addLineSample(history: LineHistory, stats: AdminStats, updatedAt: number): LineHistory {
  const lines: Record<string, number[]> = {};
  for (const c of stats.concerts)
    lines[c.concertId] = [...(history.lines[c.concertId] ?? []), c.waiting + c.active].slice(-HISTORY);
  return { updatedAt, lines };
}

/** Per concert, the people in line at each refresh, oldest first. */
export function useLineHistory(stats: AdminStats | undefined, updatedAt: number) {
  const [history, setHistory] = useState<LineHistory>({ updatedAt: 0, lines: {} });
  // One sample per refresh, taken while rendering it (React's pattern for keeping what earlier
  // renders saw): no effect, so no extra render with the sample missing.
  if (stats && updatedAt !== history.updatedAt) {
    const next = addLineSample(history, stats, updatedAt);
    setHistory(next);
    return next.lines;
  }
  return history.lines;
}
