import { log, summarize, type Figures } from "../lib/compare";
import { median, runLoad, withCpu, type Call, type LoadResult, type Workload } from "../lib/load";
import type { Server } from "../lib/servers";
import { insertSchedules, insertUsers, seedActive, type Services } from "../lib/services";
import { SETTINGS } from "../lib/settings";

type Ctx = { s: Services; app: Server; baseline: Server; concertId: string };

const json = { "content-type": "application/json" };

/** An admitted fan of the rush: ids, and (app side) the tokens the REST calls need. */
export type Fan = { userId: string; accessToken?: string; queueToken?: string; funded: boolean };

/** A hold won in a rush: what its payment needs. */
export type Won = { fan: Fan; reservationId: string };

/** `rps`, `p50`, `p99`: of the hold attempts answered until the last seat was held. */
export type RushRun = LoadResult & {
  dates: number;
  holds: number;
  conflicts: number;
  /** From the first request to the last seat held. */
  soldOutSeconds: number;
  holdsPerSecond: number;
  /** Seats held per date as the responses said, and as the database says afterwards. */
  exactlyFullPerDate: boolean;
  won: Won[];
};

type RushCall = Call & { fan: Fan; date: number; seat: number; sentAt: number };

/**
 * Users who have been let in: rows in the database (funded for one seat, a few short of it) and,
 * for the app, ACTIVE passes in Redis with their signed tokens.
 */
export async function admittedFans(s: Services, concertId: string, count: number, withTokens: boolean): Promise<Fan[]> {
  const short = Math.round(count * SETTINGS.underfundedShare);
  const funded = await insertUsers(s.pool, count - short, SETTINGS.seatPrice);
  const underfunded = await insertUsers(s.pool, short, SETTINGS.seatPrice / 2);
  const fans: Fan[] = [
    ...funded.map((userId) => ({ userId, funded: true })),
    ...underfunded.map((userId) => ({ userId, funded: false })),
  ];
  // The short-funded ones anywhere in the crowd, not all at its end.
  for (let i = fans.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [fans[i], fans[j]] = [fans[j]!, fans[i]!];
  }
  if (!withTokens) return fans;
  const tickets = await seedActive(
    s.redis,
    concertId,
    fans.map((f) => f.userId),
  );
  await Promise.all(
    fans.map(async (fan, i) => {
      fan.accessToken = await s.tokens.signAccess({ userId: fan.userId });
      fan.queueToken = await s.tokens.signQueue({ userId: fan.userId, concertId, tokenId: String(tickets[i]) });
    }),
  );
  return fans;
}

/**
 * The rush's client side, the same for app and baseline: every fan wants one seat; each request
 * is the next fan still without one, trying a random date that is not sold out and a random seat
 * not yet seen taken (once every seat has been seen taken but answers are still on their way,
 * any seat: fans keep clicking); a 409 marks that seat taken. Done when every seat is held.
 */
function rushWorkload(fans: Fan[], dates: string[], toCall: (fan: Fan, scheduleId: string, seat: number) => Call) {
  const seats = SETTINGS.seatsPerDate;
  const known = dates.map(() => new Set<number>());
  const heldPerDate = dates.map(() => 0);
  const seatWinners = new Map<string, number>();
  const seated = new Set<Fan>();
  const won: Won[] = [];
  let cursor = 0;
  let holds = 0;
  let conflicts = 0;
  let answered = 0;
  let answeredAtSellOut = 0;
  /** Milliseconds from sending to the answer, of the attempts answered while seats were left. */
  const latencies: number[] = [];
  let soldOutAt = 0;
  const started = performance.now();
  const workload: Workload = {
    next: () => {
      const open = dates.map((_, i) => i).filter((i) => known[i]!.size < seats);
      let fan = fans[cursor++ % fans.length]!;
      for (let tries = 0; seated.has(fan) && tries < fans.length; tries++) fan = fans[cursor++ % fans.length]!;
      const date = open.length
        ? open[Math.floor(Math.random() * open.length)]!
        : Math.floor(Math.random() * dates.length);
      const free: number[] = [];
      for (let n = 1; n <= seats; n++) if (!known[date]!.has(n)) free.push(n);
      const seat = free.length ? free[Math.floor(Math.random() * free.length)]! : 1 + Math.floor(Math.random() * seats);
      return { ...toCall(fan, dates[date]!, seat), fan, date, seat, sentAt: performance.now() } satisfies RushCall;
    },
    onResponse: (status, body, call) => {
      const { fan, date, seat, sentAt } = call as RushCall;
      if (!soldOutAt) {
        answered++;
        latencies.push(performance.now() - sentAt);
      }
      if (status === 201) {
        holds++;
        heldPerDate[date]!++;
        seated.add(fan);
        const key = `${date}:${seat}`;
        seatWinners.set(key, (seatWinners.get(key) ?? 0) + 1);
        won.push({ fan, reservationId: (JSON.parse(body) as { reservationId: string }).reservationId });
        if (holds === dates.length * seats) {
          soldOutAt = performance.now();
          answeredAtSellOut = answered;
        }
      } else if (status === 409) conflicts++;
      known[date]!.add(seat);
    },
    done: () => holds >= dates.length * seats,
  };
  return {
    workload,
    outcome: () => ({
      holds,
      conflicts,
      won,
      soldOutSeconds: soldOutAt ? (soldOutAt - started) / 1000 : NaN,
      attemptsToSellOut: answeredAtSellOut,
      latencies,
      exactlyFull: heldPerDate.every((n) => n === seats) && [...seatWinners.values()].every((n) => n === 1),
    }),
  };
}

/** The database's view of the dates after a rush: every one exactly full, no seat held twice. */
async function datesExactlyFull(s: Services, dates: string[]): Promise<boolean> {
  const { rows } = await s.pool.query<{ held: number; holders: number; links: number }>(
    `SELECT count(*) FILTER (WHERE st.status = 'HELD')::int AS held,
            count(DISTINCT st.reservation_id)::int AS holders,
            (SELECT count(*)::int FROM reservation_seats rs JOIN seats x ON x.id = rs.seat_id WHERE x.schedule_id = sc.id) AS links
       FROM unnest($1::uuid[]) AS sc(id) JOIN seats st ON st.schedule_id = sc.id
      GROUP BY sc.id`,
    [dates],
  );
  const seats = SETTINGS.seatsPerDate;
  return (
    rows.length === dates.length && rows.every((r) => r.held === seats && r.holders === seats && r.links === seats)
  );
}

export async function rush(
  s: Services,
  target: Server[],
  fans: Fan[],
  dates: string[],
  toCall: (fan: Fan, scheduleId: string, seat: number) => Call,
): Promise<RushRun> {
  const { workload, outcome } = rushWorkload(fans, dates, toCall);
  const per = Math.floor(SETTINGS.connections / target.length);
  const merged = await withCpu(
    target.map((t) => t.child.pid),
    async () =>
      mergeRuns(
        await Promise.all(
          target.map((t) => runLoad(t.url, workload, { seconds: SETTINGS.maxRunSeconds, connections: per })),
        ),
      ),
  );
  const o = outcome();
  return {
    ...merged,
    // The attempts answered while seats were left: per second of the rush, and their latency
    // (what follows the last seat is fans clicking on a sold-out date).
    rps: o.attemptsToSellOut / o.soldOutSeconds,
    p50: percentile(o.latencies, 0.5),
    p99: percentile(o.latencies, 0.99),
    dates: dates.length,
    holds: o.holds,
    conflicts: o.conflicts,
    soldOutSeconds: o.soldOutSeconds,
    holdsPerSecond: o.holds / o.soldOutSeconds,
    exactlyFullPerDate: o.exactlyFull && (await datesExactlyFull(s, dates)),
    won: o.won,
  };
}

/** The q-quantile of some milliseconds, rounded to the millisecond like autocannon's. */
function percentile(values: number[], q: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
}

/** Runs that went side by side (one per instance) as one: summed requests, worst latencies. */
export function mergeRuns(runs: LoadResult[]): LoadResult {
  const statuses: Record<string, number> = {};
  for (const r of runs) for (const [k, n] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + n;
  const requests = runs.reduce((n, r) => n + r.requests, 0);
  const seconds = Math.max(...runs.map((r) => r.seconds));
  return {
    requests,
    seconds,
    rps: requests / seconds,
    p50: Math.max(...runs.map((r) => r.p50)),
    p99: Math.max(...runs.map((r) => r.p99)),
    statuses,
    errors: runs.reduce((n, r) => n + r.errors, 0),
  };
}

export const appHold = (fan: Fan, scheduleId: string, seat: number): Call => ({
  method: "POST",
  path: "/api/v1/reservations",
  headers: { ...json, authorization: `Bearer ${fan.accessToken}`, "x-queue-token": fan.queueToken! },
  body: JSON.stringify({ scheduleId, seatNumbers: [seat] }),
});

export const baselineHold =
  (concertId: string) =>
  (fan: Fan, scheduleId: string, seat: number): Call => ({
    method: "POST",
    path: "/hold",
    headers: json,
    body: JSON.stringify({ userId: fan.userId, concertId, scheduleId, seatNumbers: [seat] }),
  });

export type RushSummary = {
  dates: number;
  app: RushFigures;
  baseline: RushFigures;
  /** App attempts per second over the baseline's (both 201s and 409s are whole transactions). */
  ratio: number;
  holdsRatio: number;
};
export type RushFigures = Figures & {
  soldOutSeconds: number;
  holdsPerSecond: number;
  holds: number;
  conflicts: number;
  exactlyFull: boolean;
};

export function summarizeRush(runs: RushRun[]): RushFigures {
  return {
    ...summarize(runs),
    soldOutSeconds: median(runs.map((r) => r.soldOutSeconds)),
    holdsPerSecond: median(runs.map((r) => r.holdsPerSecond)),
    holds: runs.reduce((n, r) => n + r.holds, 0),
    conflicts: runs.reduce((n, r) => n + r.conflicts, 0),
    exactlyFull: runs.every((r) => r.exactlyFullPerDate),
  };
}

/**
 * seat-rush: SETTINGS.rushUsers admitted users race for the seats of one date, then of
 * SETTINGS.rushDates dates at once; fresh dates and fans for every run, rounds alternating
 * baseline and app. Returns the holds won on each side, for the payments.
 */
export async function seatRush(ctx: Ctx, dateCount: number, apps: Server[] = [ctx.app]) {
  const { s, baseline, concertId } = ctx;
  const appRuns: RushRun[] = [];
  const baseRuns: RushRun[] = [];
  for (let round = 1; round <= SETTINGS.rounds; round++) {
    const baseDates = await insertSchedules(s.pool, concertId, dateCount, SETTINGS.seatsPerDate, SETTINGS.seatPrice);
    const baseFans = await admittedFans(s, concertId, SETTINGS.rushUsers, false);
    baseRuns.push(await rush(s, [baseline], baseFans, baseDates, baselineHold(concertId)));
    const appDates = await insertSchedules(s.pool, concertId, dateCount, SETTINGS.seatsPerDate, SETTINGS.seatPrice);
    const appFans = await admittedFans(s, concertId, SETTINGS.rushUsers, true);
    appRuns.push(await rush(s, apps, appFans, appDates, appHold));
    const [b, a] = [baseRuns.at(-1)!, appRuns.at(-1)!];
    log(
      `seat-rush ${dateCount} date(s) x${apps.length} round ${round}: baseline ${Math.round(b.rps)} attempts/s, sold out in ${b.soldOutSeconds.toFixed(2)} s | ` +
        `app ${Math.round(a.rps)} attempts/s, sold out in ${a.soldOutSeconds.toFixed(2)} s, p99 ${a.p99} ms`,
    );
  }
  const app = summarizeRush(appRuns);
  const base = summarizeRush(baseRuns);
  const summary: RushSummary = {
    dates: dateCount,
    app,
    baseline: base,
    ratio: app.rps / base.rps,
    holdsRatio: app.holdsPerSecond / base.holdsPerSecond,
  };
  return { summary, appWon: appRuns.flatMap((r) => r.won), baseWon: baseRuns.flatMap((r) => r.won) };
}

export type PaySummary = {
  app: Figures & { payments: number };
  baseline: Figures & { payments: number };
  ratio: number;
};

/** Pays the given holds, 64 at a time. */
export function payAll(server: Server, won: Won[], toCall: (w: Won) => Call): Promise<LoadResult> {
  let i = 0;
  const next = () => (i < won.length ? toCall(won[i++]!) : undefined);
  return withCpu([server.child.pid], () =>
    runLoad(server.url, { next }, { amount: won.length, connections: Math.min(SETTINGS.connections, won.length) }),
  );
}

export const appPay = (w: Won): Call => ({
  method: "POST",
  path: "/api/v1/payments",
  headers: { ...json, authorization: `Bearer ${w.fan.accessToken}`, "x-queue-token": w.fan.queueToken! },
  body: JSON.stringify({ reservationId: w.reservationId }),
});

export const baselinePay =
  (concertId: string) =>
  (w: Won): Call => ({
    method: "POST",
    path: "/pay",
    headers: json,
    body: JSON.stringify({ userId: w.fan.userId, concertId, reservationId: w.reservationId }),
  });

/**
 * Before the measured database scenarios: one unmeasured rush for one date through `apps`, and the
 * payment of its holds, on each side, so that neither side is measured cold (the JIT, and every
 * pool connection preparing its batches on first use), as the queue scenarios warm up first too.
 */
export async function warmUp(ctx: Ctx, apps: Server[] = [ctx.app]): Promise<void> {
  const { s, baseline, concertId } = ctx;
  const fans = SETTINGS.rushUsers / 4;
  const baseDates = await insertSchedules(s.pool, concertId, 1, SETTINGS.seatsPerDate, SETTINGS.seatPrice);
  const b = await rush(
    s,
    [baseline],
    await admittedFans(s, concertId, fans, false),
    baseDates,
    baselineHold(concertId),
  );
  await payAll(baseline, b.won, baselinePay(concertId));
  const appDates = await insertSchedules(s.pool, concertId, 1, SETTINGS.seatsPerDate, SETTINGS.seatPrice);
  const a = await rush(s, apps, await admittedFans(s, concertId, fans, true), appDates, appHold);
  await payAll(apps[0]!, a.won, appPay);
  log(`warm-up: one date rushed and paid on each side (${apps.length} app instance(s))`);
}

/**
 * pay: every hold won in the rushes is paid, 64 at a time (a few payers are short of points and
 * must get 402), rounds alternating baseline and app over equal slices.
 */
export async function pay(ctx: Ctx, appWon: Won[], baseWon: Won[]): Promise<PaySummary> {
  const { app, baseline } = ctx;
  const slices = <T>(items: T[]) =>
    Array.from({ length: SETTINGS.rounds }, (_, r) =>
      items.slice(
        Math.floor((r * items.length) / SETTINGS.rounds),
        Math.floor(((r + 1) * items.length) / SETTINGS.rounds),
      ),
    );
  const appSlices = slices(appWon);
  const baseSlices = slices(baseWon);
  const a: LoadResult[] = [];
  const b: LoadResult[] = [];
  for (let round = 0; round < SETTINGS.rounds; round++) {
    b.push(await payAll(baseline, baseSlices[round]!, baselinePay(ctx.concertId)));
    a.push(await payAll(app, appSlices[round]!, appPay));
    log(
      `pay round ${round + 1}: baseline ${Math.round(b.at(-1)!.rps)} payments/s | app ${Math.round(a.at(-1)!.rps)} payments/s, p99 ${a.at(-1)!.p99} ms`,
    );
  }
  const appFigures = { ...summarize(a), payments: appWon.length };
  const baseFigures = { ...summarize(b), payments: baseWon.length };
  return { app: appFigures, baseline: baseFigures, ratio: appFigures.rps / baseFigures.rps };
}
