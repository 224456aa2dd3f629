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
 */
export async function runLoad(
  url: string,
  workload: Workload,
  opts: { seconds?: number; amount?: number; connections?: number } = {},
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

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
