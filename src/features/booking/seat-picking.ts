import type { Reservation, Seat } from "@/lib/trpc/types";

/** The seats a fan has picked on the map, and what the screen last told them about it. */
export type Picking = {
  /** The date the picks are for: another date starts with none. */
  scheduleId: string | null;
  picked: ReadonlySet<number>;
  problem: PickProblem | null;
  /** The hold just made, for its "yours for now" notice (kept across dates). */
  justHeld: Reservation | null;
};

/**
 * What the screen tells the fan about their picks, as facts (the screen words them in the fan's
 * language): the date's limit reached, the per-hold limit, how many more they may pick, the seats
 * someone else took meanwhile, or a sentence already worded (a failed call).
 */
export type PickProblem =
  | { kind: "dateFull"; perDate: number }
  | { kind: "holdLimit"; perHold: number }
  | { kind: "fewLeft"; allowance: number }
  | { kind: "taken"; seats: number[] }
  | { kind: "message"; text: string };

/** How many more seats the fan may pick: left of the per-date limit, and per hold request. */
export type PickLimits = { allowance: number; perDate: number; perHold: number };

export type PickingAction =
  | { type: "toggle"; scheduleId: string | null; seatNumber: number; limits: PickLimits }
  | { type: "held"; scheduleId: string; reservation: Reservation }
  /** A hold refused: `taken` are the picked seats someone else has meanwhile. */
  | { type: "refused"; scheduleId: string; taken: number[]; problem: string }
  | { type: "problem"; scheduleId: string | null; problem: string };

const NO_SEATS: ReadonlySet<number> = new Set();

export function initialPicking(scheduleId: string | null): Picking {
  return { scheduleId, picked: NO_SEATS, problem: null, justHeld: null };
}

/** The state as seen on `scheduleId`: picks and problems of another date are dropped. */
export function pickingFor(state: Picking, scheduleId: string | null): Picking {
  return state.scheduleId === scheduleId ? state : { ...initialPicking(scheduleId), justHeld: state.justHeld };
}

function tooMany({ allowance, perDate, perHold }: PickLimits): PickProblem {
  if (allowance === 0) return { kind: "dateFull", perDate };
  if (allowance > perHold) return { kind: "holdLimit", perHold };
  return { kind: "fewLeft", allowance };
}

export function pickingReducer(state: Picking, action: PickingAction): Picking {
  const s = pickingFor(state, action.scheduleId);
  switch (action.type) {
    case "toggle": {
      const n = action.seatNumber;
      if (s.picked.has(n)) {
        return { ...s, picked: new Set([...s.picked].filter((x) => x !== n)), problem: null, justHeld: null };
      }
      if (s.picked.size < Math.min(action.limits.allowance, action.limits.perHold)) {
        return { ...s, picked: new Set([...s.picked, n]), problem: null, justHeld: null };
      }
      return { ...s, problem: tooMany(action.limits), justHeld: null };
    }
    case "held":
      return { ...s, picked: NO_SEATS, problem: null, justHeld: action.reservation };
    case "refused": {
      const { taken } = action;
      return {
        ...s,
        picked: new Set([...s.picked].filter((n) => !taken.includes(n))),
        problem: taken.length
          ? { kind: "taken", seats: [...taken].sort((a, b) => a - b) }
          : { kind: "message", text: action.problem },
      };
    }
    case "problem":
      return { ...s, problem: { kind: "message", text: action.problem } };
  }
}

/**
 * Seats the fan may still pick on a date: the per-date limit less the seats they hold there
 * (shown on the map as theirs) and those they have bought there. The server has the last word.
 */
export function seatAllowance(perDate: number, seats: Seat[], mine: Reservation[], scheduleId: string | null): number {
  const heldHere = seats.filter((s) => s.heldByMe).length;
  const ownedHere = mine
    .filter((r) => r.status === "CONFIRMED" && r.scheduleId === scheduleId)
    .reduce((n, r) => n + r.seats.length, 0);
  return Math.max(0, perDate - heldHere - ownedHere);
}
