import { setTimeout as sleep } from "node:timers/promises";
import { log, summarize, type Figures } from "../lib/compare";
import { cpuSnapshot } from "../lib/cpu";
import { median, runLoad, runPaced, withCpu, type LoadResult } from "../lib/load";
import type { Server } from "../lib/servers";
import { deleteLine, type Services } from "../lib/services";
import { SETTINGS } from "../lib/settings";
import { pollers, pollWorkloads, seededLine, type PollWorkloads } from "./queue";
import { mergeRuns, seatRush, warmUp, type RushSummary } from "./seats";

type Ctx = { s: Services; app: Server; app2: Server; baseline: Server; concertId: string };

export type TwoInstances = {
  poll: { app: Figures; baseline: Figures; ratio: number };
  rush: RushSummary;
};

/**
 * The same load over two app instances sharing the database and Redis, half the connections to
 * each (a load balancer's job, done here by the load generator): queue polls, then the wide seat
 * rush, each against the baseline again in alternating rounds.
 */
export async function twoInstances(ctx: Ctx, poll: PollWorkloads): Promise<TwoInstances> {
  const { app, app2, baseline } = ctx;
  const half = Math.floor(SETTINGS.connections / 2);
  const both = async (seconds: number) =>
    mergeRuns(await Promise.all([app, app2].map((a) => runLoad(a.url, poll.app(), { seconds, connections: half }))));
  await both(SETTINGS.warmupSeconds);
  const a: LoadResult[] = [];
  const b: LoadResult[] = [];
  for (let round = 1; round <= SETTINGS.rounds; round++) {
    b.push(
      await withCpu([baseline.child.pid], () =>
        runLoad(baseline.url, poll.baseline(), { seconds: SETTINGS.roundSeconds }),
      ),
    );
    a.push(await withCpu([app.child.pid, app2.child.pid], () => both(SETTINGS.roundSeconds)));
    log(
      `queue-poll x2 round ${round}: baseline ${Math.round(b.at(-1)!.rps)} req/s | two apps ${Math.round(a.at(-1)!.rps)} req/s, p99 ${a.at(-1)!.p99} ms`,
    );
  }
  const pollFigures = { app: summarize(a), baseline: summarize(b) };
  await warmUp(ctx, [app, app2]);
  const { summary } = await seatRush(ctx, SETTINGS.rushDates, [app, app2]);
  return { poll: { ...pollFigures, ratio: pollFigures.app.rps / pollFigures.baseline.rps }, rush: summary };
}

/** One window of queue-poll-scale: what was asked, what was served, and what Redis spent meanwhile. */
type PollScaleWindow = {
  requests: number;
  seconds: number;
  /** Polls answered per second (runPaced: over the window asked for, or longer if the instances fell behind). */
  rps: number;
  /** Redis CPU (the redis-server process, all of it) per second of the window, in ms. */
  redisMsPerSecond: number;
  /** CPU of both app processes per request, µs, and per second of the window, ms. */
  appUsPerRequest: number;
  appMsPerSecond: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
};

/** The figures of one rate: medians over its rounds, and the rounds themselves. */
type PollScaleStep = Omit<PollScaleWindow, "requests" | "seconds"> & {
  /** Total polls per second asked for over both instances (0: nobody polls, the ticks alone). */
  askedRate: number;
  rounds: PollScaleWindow[];
};

export type PollScale = {
  waiters: number;
  idle: PollScaleStep;
  atR: PollScaleStep;
  at2R: PollScaleStep;
  /** Redis CPU per second at 2R over that at R: 1 when polls cost Redis nothing. */
  growth: number;
};

/**
 * queue-poll-scale: two app instances answering polls of one line at a fixed total rate R and then
 * 2R (runPaced: in waves every 100 ms, half to each instance), and with nobody polling. Measured: the
 * whole redis-server process's CPU per second of each window, so that whatever the instances do
 * in Redis on their own (admission ticks, heartbeats written per tick) counts as much as the polls.
 * Windows alternate (idle, R, 2R) in each round; each figure is the median of the rounds.
 */
export async function queuePollScale({ s, app, app2 }: Pick<Ctx, "s" | "app" | "app2">): Promise<PollScale> {
  const line = await seededLine(s, "queue-poll-scale", SETTINGS.pollScaleLine);
  const users = await pollers(s, line.concertId, line.userIds, line.tickets, 20_000);
  const workloads = pollWorkloads(line.concertId, users);
  const [r, twoR] = SETTINGS.pollScaleRates;
  log(`queue-poll-scale: ${line.userIds.length} waiters seeded; polling at ${r} and ${twoR} req/s over two instances`);
  const pids = [app.child.pid!, app2.child.pid!];
  const window = async (rate: number, seconds: number): Promise<PollScaleWindow> => {
    const before = await cpuSnapshot(pids);
    const started = performance.now();
    let runs: LoadResult[] = [];
    if (rate)
      runs = await Promise.all([app, app2].map((a) => runPaced(a.url, workloads.app(), { seconds, rate: rate / 2 })));
    else await sleep(seconds * 1000);
    const elapsed = (performance.now() - started) / 1000;
    const after = await cpuSnapshot(pids);
    const merged = runs.length ? mergeRuns(runs) : undefined;
    const requests = merged?.requests ?? 0;
    return {
      requests,
      seconds: elapsed,
      rps: merged?.rps ?? 0,
      redisMsPerSecond: ((after.redis - before.redis) * 1000) / elapsed,
      appUsPerRequest: requests ? ((after.server - before.server) * 1e6) / requests : NaN,
      appMsPerSecond: ((after.server - before.server) * 1000) / elapsed,
      p99: merged?.p99 ?? NaN,
      statuses: merged?.statuses ?? {},
      errors: merged?.errors ?? 0,
    };
  };
  await window(r, SETTINGS.warmupSeconds);
  const windows: Record<"idle" | "atR" | "at2R", PollScaleWindow[]> = { idle: [], atR: [], at2R: [] };
  for (let round = 1; round <= SETTINGS.rounds; round++) {
    windows.idle.push(await window(0, SETTINGS.roundSeconds));
    windows.atR.push(await window(r, SETTINGS.roundSeconds));
    windows.at2R.push(await window(twoR, SETTINGS.roundSeconds));
    const f = (w: PollScaleWindow) => `${Math.round(w.rps)} req/s, Redis ${w.redisMsPerSecond.toFixed(1)} ms/s`;
    log(
      `queue-poll-scale round ${round}: idle Redis ${windows.idle.at(-1)!.redisMsPerSecond.toFixed(1)} ms/s | R ${f(windows.atR.at(-1)!)} | 2R ${f(windows.at2R.at(-1)!)}`,
    );
  }
  await deleteLine(s, line.concertId);
  const step = (askedRate: number, rounds: PollScaleWindow[]): PollScaleStep => {
    const statuses: Record<string, number> = {};
    for (const w of rounds)
      for (const [code, n] of Object.entries(w.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
    return {
      askedRate,
      rps: median(rounds.map((w) => w.rps)),
      redisMsPerSecond: median(rounds.map((w) => w.redisMsPerSecond)),
      appUsPerRequest: median(rounds.map((w) => w.appUsPerRequest)),
      appMsPerSecond: median(rounds.map((w) => w.appMsPerSecond)),
      p99: median(rounds.map((w) => w.p99)),
      statuses,
      errors: rounds.reduce((n, w) => n + w.errors, 0),
      rounds,
    };
  };
  const atR = step(r, windows.atR);
  const at2R = step(twoR, windows.at2R);
  return {
    waiters: line.userIds.length,
    idle: step(0, windows.idle),
    atR,
    at2R,
    growth: at2R.redisMsPerSecond / atR.redisMsPerSecond,
  };
}
