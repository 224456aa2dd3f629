/**
 * What one `npm run bench` does. Every figure it reports is a ratio against a baseline measured
 * in the same run, in alternating rounds (baseline, app, baseline, app, ...) so that a noisy
 * neighbour on the machine weighs on both sides alike; a side's figure is the median of its rounds.
 * `--quick` runs one short round of each, for trying the harness (figures not to be quoted).
 */
const quick = process.argv.includes("--quick");

export const SETTINGS = {
  quick,
  /** Concurrent HTTP connections of the load generator (autocannon), as the issue asks. */
  connections: 64,
  /** Seconds per measured round of the throughput scenarios, after `warmupSeconds` unmeasured. */
  roundSeconds: quick ? 2 : 5,
  warmupSeconds: 1,
  /** Measured rounds per side and scenario. */
  rounds: quick ? 1 : 5,
  /** Waiters seeded into the line that queue-poll polls. */
  pollLine: 100_000,
  /** The long and the short line of queue-scale. */
  scaleLine: quick ? 200_000 : 1_000_000,
  scaleShortLine: 1_000,
  /** Fans in the pre-queue that queue-draw draws at the opening. */
  drawLine: quick ? 20_000 : 100_000,
  /** seat-rush: admitted users racing, dates raced for at once in the wide round, seats per date. */
  rushUsers: 2_000,
  rushDates: 20,
  seatsPerDate: 50,
  seatPrice: 10_000,
  /** Share of payers given too few points (their payment must get 402 and change nothing). */
  underfundedShare: 0.05,
  /** HOLD_TTL_SECONDS of the hot-paths instances: their first holds are paid only after every rush. */
  hotPathHoldSeconds: 1_800,
  /** Hard ceiling of any single load run, so that no scenario can hang the bench. */
  maxRunSeconds: 60,
  /** The app's settings that differ from production defaults (rate limits would refuse a load test). */
  appEnv: { RATE_LIMITS: "off" },
} as const;

/** Targets of the issue, one instance, as ratios to the baseline of the same run. */
export const TARGETS = {
  queueRatio: 0.5,
  dbRatio: 0.3,
  p99Ms: 100,
  bytesPerWaiter: 150,
  /** queue-draw: the longest Redis holds still for one step of a draw (every other call waits that long). */
  drawStepMs: 50,
} as const;
