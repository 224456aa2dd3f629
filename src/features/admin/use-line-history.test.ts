import { describe, expect, it } from "vitest";
import type { AdminStats } from "@/lib/trpc/types";
import { addLineSample } from "./use-line-history";

function stats(lines: Record<string, [waiting: number, active: number]>): AdminStats {
  return {
    concerts: Object.entries(lines).map(([concertId, [waiting, active]]) => ({
      concertId,
      title: concertId,
      cancelled: false,
      waiting,
      active,
      admittedLastMinute: 0,
      schedules: [],
    })),
  };
}

describe("addLineSample", () => {
  it("appends the people in line (waiting + active) per concert and drops concerts no longer listed", () => {
    let history = { updatedAt: 0, lines: {} };
    history = addLineSample(history, stats({ a: [3, 1], b: [0, 2] }), 1);
    history = addLineSample(history, stats({ a: [5, 1] }), 2);
    expect(history).toEqual({ updatedAt: 2, lines: { a: [4, 6] } });
  });

  it("keeps the newest 60 samples", () => {
    let history = { updatedAt: 0, lines: {} };
    for (let i = 1; i <= 65; i++) history = addLineSample(history, stats({ a: [i, 0] }), i);
    const line = (history.lines as Record<string, number[]>).a!;
    expect(line).toHaveLength(60);
    expect(line[0]).toBe(6);
    expect(line.at(-1)).toBe(65);
  });
});
