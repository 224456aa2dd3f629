import type { CpuPerRequest } from "./cpu";
import { median, runLoad, withCpu, type LoadResult, type Workload } from "./load";
import { SETTINGS } from "./settings";

/** A side's figures: medians over its measured rounds; statuses and errors summed. */
export type Figures = Pick<LoadResult, "rps" | "p50" | "p99" | "statuses" | "errors"> & {
  /** Medians over the rounds, microseconds of CPU per request. */
  cpu?: CpuPerRequest;
  rounds: Pick<LoadResult, "rps" | "p50" | "p99" | "requests" | "seconds" | "cpu">[];
};

export type Comparison = { app: Figures; baseline: Figures; ratio: number };

export function summarize(rounds: LoadResult[]): Figures {
  const statuses: Record<string, number> = {};
  for (const r of rounds)
    for (const [code, n] of Object.entries(r.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
  const cpus = rounds.map((r) => r.cpu).filter((c): c is CpuPerRequest => c !== undefined);
  return {
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    statuses,
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    cpu: cpus.length
      ? {
          server: median(cpus.map((c) => c.server)),
          redis: median(cpus.map((c) => c.redis)),
          postgres: median(cpus.map((c) => c.postgres)),
        }
      : undefined,
    rounds: rounds.map(({ rps, p50, p99, requests, seconds, cpu }) => ({ rps, p50, p99, requests, seconds, cpu })),
  };
}

/**
 * Where a side runs (its URL and server process ids) and a fresh workload for each run, prepared
 * before the run's clock starts.
 */
export type Side = { url: string; pids: (number | undefined)[]; workload: () => Workload | Promise<Workload> };

/**
 * Throughput of the app against its baseline: one unmeasured warm-up run each, then
 * SETTINGS.rounds measured runs each, alternating baseline and app.
 */
export async function compareThroughput(label: string, baseline: Side, app: Side): Promise<Comparison> {
  const warm = { seconds: SETTINGS.warmupSeconds };
  await runLoad(baseline.url, await baseline.workload(), warm);
  await runLoad(app.url, await app.workload(), warm);
  const b: LoadResult[] = [];
  const a: LoadResult[] = [];
  for (let round = 1; round <= SETTINGS.rounds; round++) {
    const bw = await baseline.workload();
    b.push(await withCpu(baseline.pids, () => runLoad(baseline.url, bw, { seconds: SETTINGS.roundSeconds })));
    const aw = await app.workload();
    a.push(await withCpu(app.pids, () => runLoad(app.url, aw, { seconds: SETTINGS.roundSeconds })));
    log(`${label} round ${round}: baseline ${fmt(b.at(-1)!)} | app ${fmt(a.at(-1)!)}`);
  }
  const figures = { app: summarize(a), baseline: summarize(b) };
  return { ...figures, ratio: figures.app.rps / figures.baseline.rps };
}

/** Several sides measured against one baseline: each side's figures and its ratio to the baseline. */
export type MultiComparison<K extends string> = { baseline: Figures; sides: Record<K, Figures & { ratio: number }> };

/**
 * Like compareThroughput, for several sides at once: one unmeasured warm-up run each, then
 * SETTINGS.rounds measured rounds, each running the baseline and then every side in turn.
 */
export async function compareSides<K extends string>(
  label: string,
  baseline: Side,
  sides: Record<K, Side>,
): Promise<MultiComparison<K>> {
  const names = Object.keys(sides) as K[];
  const warm = { seconds: SETTINGS.warmupSeconds };
  for (const side of [baseline, ...names.map((k) => sides[k])]) await runLoad(side.url, await side.workload(), warm);
  const b: LoadResult[] = [];
  const runs = Object.fromEntries(names.map((k) => [k, [] as LoadResult[]])) as Record<K, LoadResult[]>;
  for (let round = 1; round <= SETTINGS.rounds; round++) {
    const bw = await baseline.workload();
    b.push(await withCpu(baseline.pids, () => runLoad(baseline.url, bw, { seconds: SETTINGS.roundSeconds })));
    const line = [`baseline ${fmt(b.at(-1)!)}`];
    for (const k of names) {
      const w = await sides[k].workload();
      runs[k].push(await withCpu(sides[k].pids, () => runLoad(sides[k].url, w, { seconds: SETTINGS.roundSeconds })));
      line.push(`${k} ${fmt(runs[k].at(-1)!)}`);
    }
    log(`${label} round ${round}: ${line.join(" | ")}`);
  }
  const base = summarize(b);
  const figures = Object.fromEntries(
    names.map((k) => {
      const f = summarize(runs[k]);
      return [k, { ...f, ratio: f.rps / base.rps }];
    }),
  ) as Record<K, Figures & { ratio: number }>;
  return { baseline: base, sides: figures };
}

function fmt(r: Pick<LoadResult, "rps" | "p50" | "p99" | "cpu">): string {
  const cpu = r.cpu ? `, CPU/req ${Math.round(r.cpu.server)} µs (+ Redis ${Math.round(r.cpu.redis)})` : "";
  return `${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms${cpu}`;
}

export function log(line: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

/** Picks a random element. */
export function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}
