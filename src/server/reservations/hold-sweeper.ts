import type { Deps } from "../deps";
import { metrics } from "../infra/metrics";
import { runEvery } from "../infra/periodic";
import { lockLapsedHolds, releaseHeldSeats, setReservationStatus } from "./reservations.repo";

const SWEEP_BATCH = 500;

/**
 * Marks up to `limit` lapsed HELD reservations EXPIRED and frees the seats still held for them;
 * returns how many it expired. Reads never wait for this (a lapsed hold already counts as free):
 * it only tidies the stored state.
 */
export async function sweepExpiredHolds(deps: Pick<Deps, "db" | "clock">, limit = SWEEP_BATCH): Promise<number> {
  const now = deps.clock.now();
  // Invariant: each lapsed reservation is expired exactly once. SKIP LOCKED hands each row to one
  // sweeper and passes over rows a payment or cancel holds, so any number of instances can sweep
  // at once without waiting on each other. Lock order: reservation -> seats.
  const expired = await deps.db.$transaction(async (tx) => {
    const ids = await lockLapsedHolds(tx, now, limit);
    if (!ids.length) return 0;
    await setReservationStatus(tx, ids, "EXPIRED", now);
    await releaseHeldSeats(tx, ids);
    return ids.length;
  });
  metrics.holds.inc({ event: "expired" }, expired);
  return expired;
}

/** Runs the sweep every HOLD_SWEEP_MS, batch after batch until the backlog is gone; returns a stop function. */
export function startHoldSweeper(deps: Pick<Deps, "db" | "clock" | "config">): () => void {
  return runEvery("hold-sweeper", deps.config.HOLD_SWEEP_MS, async () => {
    let expired: number;
    do expired = await sweepExpiredHolds(deps, SWEEP_BATCH);
    while (expired === SWEEP_BATCH);
  });
}
