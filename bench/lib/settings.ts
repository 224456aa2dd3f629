/**
 * What one `npm run bench` does. Every figure it reports is a ratio against a baseline measured
 * in the same run, in alternating rounds (baseline, app, baseline, app, ...) so that a noisy
 * neighbour on the machine weighs on both sides alike; a side's figure is the median of its rounds.
 * `--quick` runs one short round of each, for trying the harness (figures not to be quoted).
 */
const quick = process.argv.includes("--quick");

/** Every scenario, in the order of a full run (the names `--only` takes). */
export const SCENARIOS = [
  "queue-join",
  "queue-poll",
  "seat-rush",
  "pay",
  "hot-paths",
  "entries",
  "queue-scale",
  "queue-draw",
  "micro",
  "two-instances",
  "queue-poll-scale",
  "queue-events",
] as const;
export type Scenario = (typeof SCENARIOS)[number];

/**
 * `--only a,b` (or `--only=a,b`): run only those scenarios (and what they need first), for trying a
 * few without the whole run. Such a run's figures, like `--quick`'s, never replace the published ones.
 */
function onlyArgument(argv: readonly string[]): string[] | undefined {
  const at = argv.findIndex((a) => a === "--only" || a.startsWith("--only="));
  if (at === -1) return undefined;
  const value = argv[at]!.startsWith("--only=") ? argv[at]!.slice("--only=".length) : argv[at + 1];
  const names = (value ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);
  if (!names.length) throw new Error("--only needs a comma-separated list of scenarios");
  return names;
}

export const SETTINGS = {
  quick,
  /** The scenarios asked for with `--only`; undefined runs them all. */
  only: onlyArgument(process.argv),
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
  /**
   * queue-poll-scale: the total poll rate (req/s over both instances) at R and at 2R, evenly paced
   * (load.ts runPaced), well inside what two instances sustain on this machine.
   */
  pollScaleRates: [2_000, 4_000],
  /**
   * queue-poll-scale: waiters in the polled line. Sized so that, as in a real line (pollAfterMs is
   * 15 s at most), each waiter polls each instance more often than a heartbeat period (the idle
   * timeout / 12, 25 s by default): at R every 10 s, at 2R every 5 s. Doubling the rate is then
   * every fan polling twice as often, not twice as many fans.
   */
  pollScaleLine: 10_000,
  /**
   * queue-events: open event streams asked for on one instance (fewer when the open-files limit
   * does not allow them: see queue-events), the client processes that hold them, the line's cap and
   * the admissions timed (each one fan leaving an ACTIVE slot).
   */
  eventStreams: quick ? 2_000 : 20_000,
  eventClients: 2,
  eventsMaxActive: 5,
  eventAdmissions: quick ? 2 : 5,
  /** queue-events: how long one admission may take to reach every stream before it counts as missed. */
  eventTimeoutSeconds: 15,
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
  /** Redis CPU per status poll (µs), over the whole polling window, at 1,000 and 1,000,000 in line. */
  redisPerPollUs: 3,
  /** queue-poll-scale: Redis CPU per second at 2R over that at R. */
  pollScaleRedisGrowth: 1.2,
  /**
   * queue-events: p99 of one admission reaching every stream it concerns. docs/API.md promises a
   * freed slot goes to the head of the line within about a second; the stream must tell them by then.
   */
  eventsFanOutP99Ms: 1_000,
} as const;
