import autocannon from "autocannon";
import { cpuSnapshot, perRequest, type CpuPerRequest } from "./cpu";
import { SETTINGS } from "./settings";

/** One HTTP request of a load run. */
export type Call = { method: "GET" | "POST" | "DELETE"; path: string; headers?: Record<string, string>; body?: string };

/**
 * What a run sends: `next()` gives each connection its next call (undefined only once the run's
 * `amount` is reached); `onResponse` sees each answer with the call it answered; `done()` says the
 * run is over (the load stops, the calls already under way still go out).
 */
export type Workload = {
  next: () => Call | undefined;
  onResponse?: (status: number, body: string, call: Call) => void;
  done?: () => boolean;
};

export type LoadResult = {
  requests: number;
  seconds: number;
  /** Requests answered per second over the run. */
  rps: number;
  p50: number;
  p99: number;
  /** Responses by HTTP status. */
  statuses: Record<string, number>;
  /** Connection errors and timeouts (never expected). */
  errors: number;
  /** CPU per request of the server processes, Redis and PostgreSQL during the run. */
  cpu?: CpuPerRequest;
};

/** Runs `run` and adds the CPU the processes `pids`, Redis and PostgreSQL spent per request. */
export async function withCpu<T extends LoadResult>(pids: (number | undefined)[], run: () => Promise<T>): Promise<T> {
  const ids = pids.filter((p): p is number => p !== undefined);
  const before = await cpuSnapshot(ids);
  const result = await run();
  return { ...result, cpu: perRequest(before, await cpuSnapshot(ids), result.requests) };
}

type Context = { call?: Call };

/**
 * Runs a workload against `url` with `connections` connections: for `seconds`, or for exactly
 * `amount` requests, or until the workload says it is done (never past SETTINGS.maxRunSeconds).
 * `rate`: at most that many requests per second over all connections (autocannon's overallRate).
 */
export async function runLoad(
  url: string,
  workload: Workload,
  opts: { seconds?: number; amount?: number; connections?: number; rate?: number } = {},
): Promise<LoadResult> {
  const needsBody = Boolean(workload.onResponse);
  let instance: autocannon.Instance | undefined;
  // The run's own clock: from the first request sent to the last answer received (autocannon's
  // duration counts whole seconds of its ticker, too coarse for runs of a second or two).
  let firstSentAt = 0;
  let lastAnsweredAt = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url,
        connections: opts.connections ?? SETTINGS.connections,
        duration: Math.min(opts.seconds ?? SETTINGS.maxRunSeconds, SETTINGS.maxRunSeconds),
        ...(opts.amount ? { amount: opts.amount } : {}),
        ...(opts.rate ? { overallRate: opts.rate } : {}),
        timeout: 10,
        requests: [
          {
            setupRequest: (req: autocannon.Request, context: Context) => {
              firstSentAt ||= performance.now();
              // Once the workload is done, stop; the few requests still sent meanwhile are real calls.
              if (workload.done?.()) instance?.stop();
              const call = workload.next();
              if (!call) {
                instance?.stop();
                return req;
              }
              context.call = call;
              return { ...req, method: call.method, path: call.path, headers: call.headers ?? {}, body: call.body };
            },
            ...(needsBody
              ? {
                  onResponse: (status: number, body: string, context: Context) => {
                    if (context.call) workload.onResponse!(status, body, context.call);
                    if (workload.done?.()) instance?.stop();
                  },
                }
              : {}),
          } as autocannon.Request,
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on("response", () => {
      lastAnsweredAt = performance.now();
    });
  });
  const statuses: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = Number(count);
  const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
  const seconds = (lastAnsweredAt - firstSentAt) / 1000;
  return {
    requests,
    seconds,
    rps: seconds > 0 ? requests / seconds : NaN,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses,
    errors: result.errors + result.timeouts,
  };
}

/** Staggered autocannon runs that make up one paced run (see runPaced). */
const PACE_SLICES = 10;
/** Requests per connection per second at most: each one's share of a second is sent one after another. */
const PACE_PER_CONNECTION = 10;

/**
 * Runs a workload against `url` at a fixed rate, `rate` requests per second, for `seconds`
 * (rate x seconds requests in all). autocannon's own rate limit lets each connection send its whole
 * second's share at once, at the top of each second; here the rate is split over PACE_SLICES runs
 * started 1/PACE_SLICES s apart, each with connections enough that every one's share of a second
 * takes a fraction of it, so the load arrives in small waves every 100 ms, closer to many fans
 * polling each on their own clock. `rps` is the rate served: the requests over `seconds`, or over
 * the time the slowest slice took when the server fell behind.
 */
export async function runPaced(
  url: string,
  workload: Workload,
  opts: { seconds: number; rate: number },
): Promise<LoadResult> {
  const slice = opts.rate / PACE_SLICES;
  const connections = Math.max(1, Math.ceil(slice / PACE_PER_CONNECTION));
  const runs = await Promise.all(
    Array.from({ length: PACE_SLICES }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, (i * 1000) / PACE_SLICES));
      // A slice's last second starts at seconds - 1: it has until `seconds` to be answered.
      const started = performance.now();
      const run = await runLoad(url, workload, {
        amount: Math.round(slice * opts.seconds),
        seconds: opts.seconds + 2,
        connections,
        rate: slice,
      });
      return { ...run, took: (performance.now() - started) / 1000 };
    }),
  );
  const statuses: Record<string, number> = {};
  for (const r of runs) for (const [code, n] of Object.entries(r.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
  const requests = runs.reduce((n, r) => n + r.requests, 0);
  const seconds = Math.max(opts.seconds, ...runs.map((r) => r.took));
  return {
    requests,
    seconds,
    rps: requests / seconds,
    p50: median(runs.map((r) => r.p50)),
    p99: Math.max(...runs.map((r) => r.p99)),
    statuses,
    errors: runs.reduce((n, r) => n + r.errors, 0),
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
