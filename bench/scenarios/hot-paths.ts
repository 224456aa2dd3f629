import { log, summarize, type Figures } from "../lib/compare";
import type { LoadResult } from "../lib/load";
import type { Server } from "../lib/servers";
import { insertSchedules, type Services } from "../lib/services";
import { SETTINGS } from "../lib/settings";
import {
  admittedFans,
  appHold,
  appPay,
  baselineHold,
  baselinePay,
  payAll,
  rush,
  summarizeRush,
  type RushFigures,
  type RushRun,
  type Won,
} from "./seats";

/**
 * The ways the app can run holds and payments (DATABASE_HOT_PATH, src/env.ts): one prepared SQL
 * batch per call (the default), a Prisma interactive transaction taking the rows with
 * SELECT ... FOR UPDATE, and an optimistic version-column check retried on conflict.
 */
export const HOT_PATHS = ["batch", "prisma", "optimistic"] as const;
export type HotPath = (typeof HOT_PATHS)[number];

type Ctx = { s: Services; baseline: Server; concertId: string; apps: Record<HotPath, Server> };

type Versus = { ratio: number };
type HotPathRush = {
  dates: number;
  baseline: RushFigures;
  paths: Record<HotPath, RushFigures & Versus & { holdsRatio: number }>;
};
type PayFigures = Figures & { payments: number };
export type HotPaths = {
  rushes: HotPathRush[];
  pay: { baseline: PayFigures; paths: Record<HotPath, PayFigures & Versus> };
};

const byPath = <T>(make: (path: HotPath) => T) =>
  Object.fromEntries(HOT_PATHS.map((p) => [p, make(p)])) as Record<HotPath, T>;

/** Splits `items` into SETTINGS.rounds slices of (nearly) equal length. */
function slices<T>(items: T[]): T[][] {
  return Array.from({ length: SETTINGS.rounds }, (_, r) =>
    items.slice(
      Math.floor((r * items.length) / SETTINGS.rounds),
      Math.floor(((r + 1) * items.length) / SETTINGS.rounds),
    ),
  );
}

/**
 * hot-paths: the seat-rush (one date, then SETTINGS.rushDates dates) and the payment of every hold
 * won, against one app instance per DATABASE_HOT_PATH and the baseline, in rounds that go
 * baseline, batch, prisma, optimistic, each with fresh dates and fans. Every side gets the same
 * workload; each figure is a ratio to the baseline's rounds of this scenario.
 */
export async function hotPaths(ctx: Ctx): Promise<HotPaths> {
  const { s, baseline, concertId, apps } = ctx;
  const newDates = (count: number) =>
    insertSchedules(s.pool, concertId, count, SETTINGS.seatsPerDate, SETTINGS.seatPrice);

  // Unmeasured: one date rushed and paid by each instance (JIT, pool connections, prepared plans).
  for (const path of HOT_PATHS) {
    const fans = await admittedFans(s, concertId, SETTINGS.rushUsers / 4, true);
    const warm = await rush(s, [apps[path]], fans, await newDates(1), appHold);
    await payAll(apps[path], warm.won, appPay);
  }
  log(`hot-paths warm-up: one date rushed and paid by each of ${HOT_PATHS.join(", ")}`);

  const baseWon: Won[] = [];
  const won = byPath<Won[]>(() => []);
  const rushes: HotPathRush[] = [];
  for (const dates of [1, SETTINGS.rushDates]) {
    const baseRuns: RushRun[] = [];
    const runs = byPath<RushRun[]>(() => []);
    for (let round = 1; round <= SETTINGS.rounds; round++) {
      const b = await rush(
        s,
        [baseline],
        await admittedFans(s, concertId, SETTINGS.rushUsers, false),
        await newDates(dates),
        baselineHold(concertId),
      );
      baseRuns.push(b);
      baseWon.push(...b.won);
      const line = [`baseline ${Math.round(b.rps)}`];
      for (const path of HOT_PATHS) {
        const fans = await admittedFans(s, concertId, SETTINGS.rushUsers, true);
        const a = await rush(s, [apps[path]], fans, await newDates(dates), appHold);
        runs[path].push(a);
        won[path].push(...a.won);
        line.push(`${path} ${Math.round(a.rps)} (p99 ${a.p99} ms)`);
      }
      log(`hot-paths seat-rush ${dates} date(s) round ${round}, attempts/s: ${line.join(" | ")}`);
    }
    const base = summarizeRush(baseRuns);
    rushes.push({
      dates,
      baseline: base,
      paths: byPath((path) => {
        const f = summarizeRush(runs[path]);
        return { ...f, ratio: f.rps / base.rps, holdsRatio: f.holdsPerSecond / base.holdsPerSecond };
      }),
    });
  }

  const baseSlices = slices(baseWon);
  const pathSlices = byPath((path) => slices(won[path]));
  const baseRuns: LoadResult[] = [];
  const runs = byPath<LoadResult[]>(() => []);
  for (let round = 0; round < SETTINGS.rounds; round++) {
    baseRuns.push(await payAll(baseline, baseSlices[round]!, baselinePay(concertId)));
    const line = [`baseline ${Math.round(baseRuns.at(-1)!.rps)}`];
    for (const path of HOT_PATHS) {
      runs[path].push(await payAll(apps[path], pathSlices[path][round]!, appPay));
      line.push(`${path} ${Math.round(runs[path].at(-1)!.rps)} (p99 ${runs[path].at(-1)!.p99} ms)`);
    }
    log(`hot-paths pay round ${round + 1}, payments/s: ${line.join(" | ")}`);
  }
  const basePay = { ...summarize(baseRuns), payments: baseWon.length };
  return {
    rushes,
    pay: {
      baseline: basePay,
      paths: byPath((path) => {
        const f = summarize(runs[path]);
        return { ...f, payments: won[path].length, ratio: f.rps / basePay.rps };
      }),
    },
  };
}
