import { parseConfig } from "@/env";
import { pollAfterMs } from "@/server/queue/queue.service";
import type { Comparison, Figures } from "./compare";
import type { CpuPerRequest } from "./cpu";
import type { InvariantReport } from "./invariants";
import { SCENARIOS, SETTINGS, TARGETS } from "./settings";
import type { Entries } from "../scenarios/entries";
import { HOT_PATHS, type HotPaths } from "../scenarios/hot-paths";
import type { Micro } from "../scenarios/micro";
import type { EventsResult } from "../scenarios/events";
import type { DrawResult, ScaleResult } from "../scenarios/queue";
import type { PollScale, TwoInstances } from "../scenarios/scale-out";
import type { PaySummary, RushSummary } from "../scenarios/seats";

/** Each scenario's figures, under its key in bench/results/latest.json. */
type Scenarios = {
  queueJoin: Comparison & { reusedTokens: number };
  queuePoll: Comparison & { waiters: number };
  seatRushOne: RushSummary;
  seatRushWide: RushSummary;
  pay: PaySummary;
  hotPaths: HotPaths;
  entries: Entries;
  queueScale: ScaleResult;
  queueDraw: DrawResult;
  twoInstances: TwoInstances;
  queuePollScale: PollScale;
  queueEvents: EventsResult;
  micro: Micro;
};

/** A run's results: every scenario's in a full run, those asked for in a `--only` run. */
export type BenchResults = {
  finishedAt: string;
  minutes: number;
  machine: Record<string, unknown>;
  settings: Record<string, unknown>;
  invariants: InvariantReport[];
  /** An earlier run to hold this one against (BENCH_COMPARE=<its latest.json>). */
  previous?: Pick<
    CompleteResults,
    "finishedAt" | "machine" | "queueJoin" | "queuePoll" | "seatRushOne" | "seatRushWide" | "pay"
  >;
} & Partial<Scenarios>;

/** The results of a full run, the only ones docs/BENCHMARKS.md is written from. */
export type CompleteResults = BenchResults & Scenarios;

const SCENARIO_KEYS: (keyof Scenarios)[] = [
  "queueJoin",
  "queuePoll",
  "seatRushOne",
  "seatRushWide",
  "pay",
  "hotPaths",
  "entries",
  "queueScale",
  "queueDraw",
  "twoInstances",
  "queuePollScale",
  "queueEvents",
  "micro",
];

export function isComplete(r: BenchResults): r is CompleteResults {
  return SCENARIO_KEYS.every((k) => r[k] !== undefined);
}

type Row = {
  scenario: string;
  baseline: string;
  app: string;
  ratio: string;
  latency: string;
  cpu: string;
  target: string;
  met: boolean;
};

const n = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "-");
const r2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "-");
const lat = (f: Pick<Figures, "p50" | "p99">) => `${f.p50} / ${f.p99} ms`;
const cpuOf = (c: CpuPerRequest | undefined, db = false) =>
  c ? `${n(c.server)} / ${n(c.redis)}${db ? ` / ${n(c.postgres)}` : ""}` : "";

/** Statuses other than the scenario's expected ones, plus connection errors. */
function unexpected(f: Figures, expected: string[]): number {
  return (
    f.errors +
    Object.entries(f.statuses)
      .filter(([code]) => !expected.includes(code))
      .reduce((a, [, c]) => a + c, 0)
  );
}

/** Every row of the summary table (of the scenarios the run has) and whether it meets the issue's targets. */
function rows(r: BenchResults): Row[] {
  const p99ok = (f: Figures) => f.p99 < TARGETS.p99Ms;
  const p99 = `p99 < ${TARGETS.p99Ms} ms`;
  const out: Row[] = [];
  if (r.queueJoin)
    out.push({
      scenario: "queue-join (req/s)",
      baseline: n(r.queueJoin.baseline.rps),
      app: n(r.queueJoin.app.rps),
      ratio: r2(r.queueJoin.ratio),
      latency: lat(r.queueJoin.app),
      cpu: cpuOf(r.queueJoin.app.cpu),
      target: `>= ${TARGETS.queueRatio}, ${p99}, only 201`,
      met:
        r.queueJoin.ratio >= TARGETS.queueRatio && p99ok(r.queueJoin.app) && unexpected(r.queueJoin.app, ["201"]) === 0,
    });
  if (r.queuePoll)
    out.push({
      scenario: `queue-poll, ${n(r.queuePoll.waiters)} in line (req/s)`,
      baseline: n(r.queuePoll.baseline.rps),
      app: n(r.queuePoll.app.rps),
      ratio: r2(r.queuePoll.ratio),
      latency: lat(r.queuePoll.app),
      cpu: cpuOf(r.queuePoll.app.cpu),
      target: `>= ${TARGETS.queueRatio}, ${p99}, only 200`,
      met:
        r.queuePoll.ratio >= TARGETS.queueRatio && p99ok(r.queuePoll.app) && unexpected(r.queuePoll.app, ["200"]) === 0,
    });
  const { seatRushOne: one, seatRushWide: wide } = r;
  if (one)
    out.push({
      scenario: "seat-rush, 1 date (hold attempts/s)",
      baseline: n(one.baseline.rps),
      app: n(one.app.rps),
      ratio: r2(one.ratio),
      latency: lat(one.app),
      cpu: cpuOf(one.app.cpu, true),
      target: `>= ${TARGETS.dbRatio}, ${p99}, 50 per date, only 201/409`,
      met:
        one.ratio >= TARGETS.dbRatio &&
        p99ok(one.app) &&
        one.app.exactlyFull &&
        one.baseline.exactlyFull &&
        unexpected(one.app, ["201", "409"]) === 0,
    });
  if (wide)
    out.push(
      {
        scenario: `seat-rush, ${wide.dates} dates (hold attempts/s)`,
        baseline: n(wide.baseline.rps),
        app: n(wide.app.rps),
        ratio: r2(wide.ratio),
        latency: lat(wide.app),
        cpu: cpuOf(wide.app.cpu, true),
        target: `>= ${TARGETS.dbRatio}, ${p99}, 50 per date, only 201/409`,
        met:
          wide.ratio >= TARGETS.dbRatio &&
          p99ok(wide.app) &&
          wide.app.exactlyFull &&
          wide.baseline.exactlyFull &&
          unexpected(wide.app, ["201", "409"]) === 0,
      },
      {
        scenario: `seat-rush, ${wide.dates} dates (holds/s; time to sell out)`,
        baseline: `${n(wide.baseline.holdsPerSecond)} (${r2(wide.baseline.soldOutSeconds)} s)`,
        app: `${n(wide.app.holdsPerSecond)} (${r2(wide.app.soldOutSeconds)} s)`,
        ratio: r2(wide.holdsRatio),
        latency: "",
        cpu: "",
        target: `>= ${TARGETS.dbRatio}`,
        met: wide.holdsRatio >= TARGETS.dbRatio,
      },
    );
  if (r.pay)
    out.push({
      scenario: "pay (payments/s)",
      baseline: n(r.pay.baseline.rps),
      app: n(r.pay.app.rps),
      ratio: r2(r.pay.ratio),
      latency: lat(r.pay.app),
      cpu: cpuOf(r.pay.app.cpu, true),
      target: `>= ${TARGETS.dbRatio}, ${p99}, only 201/402`,
      met: r.pay.ratio >= TARGETS.dbRatio && p99ok(r.pay.app) && unexpected(r.pay.app, ["201", "402"]) === 0,
    });
  if (r.hotPaths) out.push(...hotPathRows(r.hotPaths));
  if (r.entries) out.push(...entryRows(r.entries));
  const scale = r.queueScale;
  if (scale) {
    const redisOk = (f: Figures) => f.cpu !== undefined && f.cpu.redis <= TARGETS.redisPerPollUs;
    out.push(
      {
        scenario: `queue-scale: Redis bytes per waiter, ${n(scale.waiters)} in line`,
        baseline: "",
        app: `${scale.bytesPerWaiter.memoryUsage.toFixed(1)} (INFO ${scale.bytesPerWaiter.info.toFixed(1)})`,
        ratio: "",
        latency: "",
        cpu: "",
        target: `<= ${TARGETS.bytesPerWaiter}`,
        met: Math.max(scale.bytesPerWaiter.memoryUsage, scale.bytesPerWaiter.info) <= TARGETS.bytesPerWaiter,
      },
      {
        scenario: `queue-scale: poll p99, ${n(scale.short.waiters)} vs ${n(scale.long.waiters)} in line`,
        baseline: `${scale.short.baseline.p99} vs ${scale.long.baseline.p99} ms`,
        app: `${scale.short.app.p99} vs ${scale.long.app.p99} ms`,
        ratio: `x${r2(scale.p99Growth.app)}`,
        latency: "",
        cpu: `${cpuOf(scale.short.app.cpu)} vs ${cpuOf(scale.long.app.cpu)}`,
        target: `${p99} at both`,
        met: p99ok(scale.short.app) && p99ok(scale.long.app),
      },
      {
        scenario: `queue-scale: Redis CPU per status poll (whole polling window), ${n(scale.short.waiters)} vs ${n(scale.long.waiters)} in line`,
        baseline: `${us(scale.short.baseline.cpu?.redis)} vs ${us(scale.long.baseline.cpu?.redis)}`,
        app: `${us(scale.short.app.cpu?.redis)} vs ${us(scale.long.app.cpu?.redis)}`,
        ratio: "",
        latency: "",
        cpu: "",
        target: `<= ${TARGETS.redisPerPollUs} µs at both`,
        met: redisOk(scale.short.app) && redisOk(scale.long.app),
      },
    );
  }
  const draw = r.queueDraw;
  if (draw)
    out.push({
      scenario: `queue-draw: ${n(draw.fans)} in the pre-queue drawn at the opening`,
      baseline: "",
      app: `${draw.seconds.toFixed(2)} s, ${n(draw.steps)} steps, longest ${draw.longestStepMs.toFixed(1)} ms`,
      ratio: "",
      latency: "",
      cpu: `Redis ${((draw.redisMs * 1_000) / draw.fans).toFixed(1)} µs/fan`,
      target: `each step < ${TARGETS.drawStepMs} ms, one place each`,
      met: draw.permutation && draw.longestStepMs < TARGETS.drawStepMs,
    });
  const two = r.twoInstances;
  if (two)
    out.push(
      {
        scenario: "two instances: queue-poll (req/s)",
        baseline: n(two.poll.baseline.rps),
        app: n(two.poll.app.rps),
        ratio: r2(two.poll.ratio),
        latency: lat(two.poll.app),
        cpu: cpuOf(two.poll.app.cpu),
        target: "only 200",
        met: unexpected(two.poll.app, ["200"]) === 0,
      },
      {
        scenario: `two instances: seat-rush, ${two.rush.dates} dates (attempts/s)`,
        baseline: n(two.rush.baseline.rps),
        app: n(two.rush.app.rps),
        ratio: r2(two.rush.ratio),
        latency: lat(two.rush.app),
        cpu: cpuOf(two.rush.app.cpu, true),
        target: "50 per date, only 201/409",
        met: two.rush.app.exactlyFull && unexpected(two.rush.app, ["201", "409"]) === 0,
      },
    );
  if (r.queuePollScale) out.push(pollScaleRow(r.queuePollScale));
  if (r.queueEvents) out.push(...eventRows(r.queueEvents));
  return out;
}

const us = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? "-" : `${x.toFixed(1)} µs`);

/**
 * queue-poll-scale: the Redis CPU per second at R and 2R. Met only when both rates were reached
 * (a load that fell short would flatter the ratio) with nothing but 200s.
 */
function pollScaleRow(p: PollScale): Row {
  const ms = (x: number) => `${x.toFixed(1)} ms/s`;
  const reached = (st: PollScale["atR"]) => st.rps >= 0.95 * st.askedRate;
  const clean = (st: PollScale["atR"]) =>
    st.errors +
      Object.entries(st.statuses)
        .filter(([code]) => code !== "200")
        .reduce((a, [, c]) => a + c, 0) ===
    0;
  return {
    scenario: `queue-poll-scale: two instances, ${n(p.waiters)} in line, Redis CPU per second at ${n(p.atR.askedRate)} vs ${n(p.at2R.askedRate)} polls/s (none polling: ${ms(p.idle.redisMsPerSecond)}, the instances ${ms(p.idle.appMsPerSecond)})`,
    baseline: "",
    app: `${ms(p.atR.redisMsPerSecond)} vs ${ms(p.at2R.redisMsPerSecond)} (${n(p.atR.rps)} vs ${n(p.at2R.rps)} req/s served)`,
    ratio: `x${r2(p.growth)}`,
    latency: `p99 ${p.atR.p99} vs ${p.at2R.p99} ms`,
    cpu: `${n(p.atR.appUsPerRequest)} vs ${n(p.at2R.appUsPerRequest)} (node)`,
    target: `2R within ${Math.round((TARGETS.pollScaleRedisGrowth - 1) * 100)}% of R, both rates served, only 200`,
    met: p.growth <= TARGETS.pollScaleRedisGrowth && reached(p.atR) && reached(p.at2R) && clean(p.atR) && clean(p.at2R),
  };
}

/** queue-events: the streams opened and their memory; one admission's fan-out; the places shown. */
function eventRows(e: EventsResult): Row[] {
  const kb = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KB` : "-");
  const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x)} ms` : "never");
  return [
    {
      scenario: `queue-events: ${n(e.opened)} open event streams on one instance (asked ${n(e.asked)}): memory per stream`,
      baseline: "",
      app: `RSS ${kb(e.memory.perStream.rss)}, heap ${kb(e.memory.perStream.heapUsed)}, external ${kb(e.memory.perStream.external)}`,
      ratio: "",
      latency: "",
      cpu: "",
      target: `${n(e.planned)} open (${n(e.asked)}, or what the open-files limit of ${n(e.openFilesLimit)} leaves), none closed early`,
      met: e.opened === e.planned && e.endedEarly === 0,
    },
    {
      scenario: `queue-events: one admission reaching every stream it concerns (${e.admissions.length} admissions, ${n(e.fanOut.streams)} stream-admissions)`,
      baseline: "",
      app: `${n(e.fanOut.reached)} of ${n(e.fanOut.streams)} reached${e.leaveFailed ? `; a leave answered ${e.leaveFailed}` : ""}`,
      ratio: "",
      latency: `${ms(e.fanOut.p50Ms)} / ${ms(e.fanOut.p99Ms)} (max ${ms(e.fanOut.maxMs)})`,
      cpu: "",
      target: `${e.admissionsAsked} admissions, every stream reached, p99 < ${n(TARGETS.eventsFanOutP99Ms)} ms`,
      met:
        !e.leaveFailed &&
        e.admissions.length === e.admissionsAsked &&
        e.fanOut.reached === e.fanOut.streams &&
        e.fanOut.p99Ms < TARGETS.eventsFanOutP99Ms,
    },
    {
      scenario: "queue-events: places shown on the streams",
      baseline: "",
      app: `${n(e.placesBelowTrue)} below the true place, ${n(e.placesInexactFront)} inexact in the first 1,000`,
      ratio: "",
      latency: "",
      cpu: "",
      target: "never below the true place, exact in the first 1,000",
      met: e.placesBelowTrue === 0 && e.placesInexactFront === 0,
    },
  ];
}

/**
 * One row per DATABASE_HOT_PATH: its widest rush and its payments, as ratios to the baseline of
 * the hot-paths scenario. Met: every date exactly full and only the expected answers.
 */
function hotPathRows(h: HotPaths): Row[] {
  const wide = h.rushes.at(-1)!;
  return HOT_PATHS.map((path) => {
    const rushes = h.rushes.map((x) => x.paths[path]);
    const paid = h.pay.paths[path];
    return {
      scenario: `DATABASE_HOT_PATH=${path}: seat-rush ${wide.dates} dates (attempts/s) / pay (payments/s)`,
      baseline: `${n(wide.baseline.rps)} / ${n(h.pay.baseline.rps)}`,
      app: `${n(wide.paths[path].rps)} / ${n(paid.rps)}`,
      ratio: `${r2(wide.paths[path].ratio)} / ${r2(paid.ratio)}`,
      latency: `${lat(wide.paths[path])}; ${lat(paid)}`,
      cpu: `${cpuOf(wide.paths[path].cpu, true)}; ${cpuOf(paid.cpu, true)}`,
      target: "50 per date, only 201/409; only 201/402",
      met:
        rushes.every((x) => x.exactlyFull && unexpected(x, ["201", "409"]) === 0) &&
        unexpected(paid, ["201", "402"]) === 0,
    };
  });
}

const ENTRY_NAMES = {
  production: "the production entry (src/server/http/server.ts)",
  unpatchedTrpc: "the production entry, tRPC without its patch",
  nextStart: "`next start` (route handlers)",
} as const;

/** queue-poll through each way of serving the API, as ratios to the baseline of the same rounds. */
function entryRows(e: Entries): Row[] {
  const rows: Row[] = [];
  for (const entry of ["nextStart", "unpatchedTrpc"] as const) {
    const f = e.poll.sides[entry];
    rows.push({
      scenario: `queue-poll through ${ENTRY_NAMES[entry]} (req/s)`,
      baseline: n(e.poll.baseline.rps),
      app: n(f.rps),
      ratio: r2(f.ratio),
      latency: lat(f),
      cpu: cpuOf(f.cpu),
      target: "only 200",
      met: unexpected(f, ["200"]) === 0,
    });
  }
  return rows;
}

const HEADER = [
  "scenario",
  "baseline",
  "app",
  "app/baseline",
  "app p50 / p99",
  "app CPU µs/req (node / Redis / PG)",
  "target",
  "met",
];

function tableCells(r: BenchResults): string[][] {
  const body = rows(r).map((row) => [
    row.scenario,
    row.baseline,
    row.app,
    row.ratio,
    row.latency,
    row.cpu,
    row.target,
    row.met ? "yes" : "NO",
  ]);
  body.push([
    "invariants after every scenario",
    "",
    "",
    "",
    "",
    "",
    "no violation",
    r.invariants.every((i) => i.ok) ? "yes" : "NO",
  ]);
  return body;
}

export function renderTable(r: BenchResults): string {
  const body = tableCells(r);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ");
  return [line(HEADER), widths.map((w) => "-".repeat(w)).join("-|-"), ...body.map(line)].join("\n");
}

function markdownTable(header: string[], body: string[][]): string {
  const esc = (c: string) => c.replaceAll("|", "\\|");
  return [
    `| ${header.map(esc).join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...body.map((b) => `| ${b.map(esc).join(" | ")} |`),
  ].join("\n");
}

/**
 * The same scenarios in an earlier run (another commit) and in this one: the ratios to each run's
 * own baseline, and the app's CPU per request, side by side.
 */
function beforeAndAfter(r: CompleteResults, p: NonNullable<BenchResults["previous"]>): string {
  const change = (before: number, after: number) =>
    before > 0 ? `${after >= before ? "+" : ""}${((after / before - 1) * 100).toFixed(0)}%` : "-";
  const row = (name: string, b: Comparison, a: Comparison) => [
    name,
    r2(b.ratio),
    r2(a.ratio),
    change(b.ratio, a.ratio),
    b.app.cpu ? `${n(b.app.cpu.server)} / ${n(b.app.cpu.redis)}` : "-",
    a.app.cpu ? `${n(a.app.cpu.server)} / ${n(a.app.cpu.redis)}` : "-",
  ];
  const body = [
    row("queue-join", p.queueJoin, r.queueJoin),
    row("queue-poll", p.queuePoll, r.queuePoll),
    row("seat-rush, 1 date", p.seatRushOne, r.seatRushOne),
    row(`seat-rush, ${SETTINGS.rushDates} dates`, p.seatRushWide, r.seatRushWide),
    row("pay", p.pay, r.pay),
  ];
  const header = [
    "scenario",
    "app/baseline before",
    "after",
    "change",
    "app CPU µs/req before (node / Redis)",
    "after",
  ];
  return `
## Before and after

Before: the run of ${p.finishedAt}, commit ${(p.machine as Record<string, unknown>).commit}; after: this run. Each ratio is to the
baseline of its own run, so the two compare although the machine's load differed between them.

${markdownTable(header, body)}
`;
}

/**
 * A deployment for 1,000,000 fans in one line, from this run's CPU per request and memory per
 * waiter and per event stream. Polls follow the service's own pollAfterMs; every fan joins within
 * the first minute. Redis per poll is queue-scale's, measured on its long line over the whole
 * polling window (ticks and heartbeats included).
 */
function sizing(r: CompleteResults) {
  const fans = 1_000_000;
  const config = parseConfig({ NODE_ENV: "test", DATABASE_URL: "unused" });
  const interval = (status: "ACTIVE" | "WAITING", position: number) =>
    pollAfterMs({ status, position, opensAt: null }, config, 0);
  let pollsPerSecond = (config.QUEUE_MAX_ACTIVE * 1000) / interval("ACTIVE", 0);
  for (let position = 1; position <= fans; position++) pollsPerSecond += 1000 / interval("WAITING", position);
  const joinsPerSecond = fans / 60;
  const poll = r.queuePoll.app.cpu;
  const join = r.queueJoin.app.cpu;
  const appCores = poll && join ? (pollsPerSecond * poll.server + joinsPerSecond * join.server) / 1e6 : NaN;
  const redisPerPoll = r.queueScale.long.app.cpu?.redis ?? poll?.redis ?? NaN;
  const redisPollCores = (pollsPerSecond * redisPerPoll) / 1e6;
  const redisJoinCores = join ? (joinsPerSecond * join.redis) / 1e6 : NaN;
  const bytes = Math.max(r.queueScale.bytesPerWaiter.memoryUsage, r.queueScale.bytesPerWaiter.info);
  const e = r.queueEvents;
  return {
    fans,
    pollsPerSecond,
    joinsPerSecond,
    redisPerPoll,
    streamKb: e ? e.memory.perStream.rss / 1024 : NaN,
    streamsPerInstance: e ? e.opened : NaN,
    fanOutP99Ms: e ? e.fanOut.p99Ms : NaN,
    appCores,
    redisPollCores,
    redisJoinCores,
    redisMegabytes: (fans * bytes) / 2 ** 20,
    holdAttemptCpu: r.seatRushWide.app.cpu,
    paymentCpu: r.pay.app.cpu,
  };
}

/** The hot-paths scenario: every figure of each DATABASE_HOT_PATH next to the baseline of its rounds. */
function hotPathSection(h: HotPaths, holdSeconds: number): string {
  const header = ["", "baseline", ...HOT_PATHS.map((p) => `DATABASE_HOT_PATH=${p}`)];
  const line = (label: string, base: string, cell: (path: (typeof HOT_PATHS)[number]) => string) => [
    label,
    base,
    ...HOT_PATHS.map(cell),
  ];
  const body: string[][] = [];
  for (const x of h.rushes) {
    const name = `seat-rush, ${x.dates} date${x.dates > 1 ? "s" : ""}`;
    body.push(
      line(
        `${name}: hold attempts/s (/baseline)`,
        n(x.baseline.rps),
        (p) => `${n(x.paths[p].rps)} (${r2(x.paths[p].ratio)})`,
      ),
      line(`${name}: p50 / p99`, lat(x.baseline), (p) => lat(x.paths[p])),
      line(
        `${name}: holds/s (/baseline); time to sell out`,
        `${n(x.baseline.holdsPerSecond)}; ${r2(x.baseline.soldOutSeconds)} s`,
        (p) => `${n(x.paths[p].holdsPerSecond)} (${r2(x.paths[p].holdsRatio)}); ${r2(x.paths[p].soldOutSeconds)} s`,
      ),
      line(`${name}: CPU µs/attempt (node / Redis / PG)`, cpuOf(x.baseline.cpu, true), (p) =>
        cpuOf(x.paths[p].cpu, true),
      ),
      line(
        `${name}: holds, 409s; every date exactly full`,
        `${n(x.baseline.holds)}, ${n(x.baseline.conflicts)}; ${x.baseline.exactlyFull ? "yes" : "NO"}`,
        (p) => `${n(x.paths[p].holds)}, ${n(x.paths[p].conflicts)}; ${x.paths[p].exactlyFull ? "yes" : "NO"}`,
      ),
    );
  }
  const pay = h.pay;
  body.push(
    line(
      "pay: payments/s (/baseline)",
      n(pay.baseline.rps),
      (p) => `${n(pay.paths[p].rps)} (${r2(pay.paths[p].ratio)})`,
    ),
    line("pay: p50 / p99", lat(pay.baseline), (p) => lat(pay.paths[p])),
    line("pay: CPU µs/payment (node / Redis / PG)", cpuOf(pay.baseline.cpu, true), (p) =>
      cpuOf(pay.paths[p].cpu, true),
    ),
    line("pay: answers", JSON.stringify(pay.baseline.statuses), (p) => JSON.stringify(pay.paths[p].statuses)),
  );
  return `
## Holds and payments: prepared batch, Prisma FOR UPDATE, optimistic version check

The same seat-rushes and payments as above, against one app instance per \`DATABASE_HOT_PATH\`
(\`batch\`: one prepared SQL batch per call, the default; \`prisma\`: a Prisma interactive
transaction taking the rows with \`SELECT ... FOR UPDATE\`; \`optimistic\`: a version-column check,
retried on conflict), in rounds that go baseline, batch, prisma, optimistic, each with fresh dates and
fans; the payments are every hold each side won here. Ratios are to the baseline rounds of this table.
Each instance is fresh, warmed up by one unmeasured rush and its payments, and runs with
HOLD_TTL_SECONDS=${holdSeconds} so that the first round's holds are still live when they are paid. The
invariant check after \`hot-paths\` covers all of their writes.

${markdownTable(header, body)}
`;
}

/** The entries scenario: queue-poll through each way of serving the API. */
function entrySection(e: Entries): string {
  const prod = e.poll.sides.production;
  const body = (Object.keys(ENTRY_NAMES) as (keyof typeof ENTRY_NAMES)[]).map((k) => {
    const f = e.poll.sides[k];
    return [ENTRY_NAMES[k], n(f.rps), r2(f.ratio), r2(f.rps / prod.rps), lat(f), cpuOf(f.cpu)];
  });
  body.unshift([
    "baseline (bare node:http)",
    n(e.poll.baseline.rps),
    "1.00",
    "",
    lat(e.poll.baseline),
    cpuOf(e.poll.baseline.cpu),
  ]);
  return `
## Serving the API: production entry, tRPC unpatched, \`next start\`

queue-poll (\`GET /api/v1/queue/status\`, the line of queue-poll) answered by the same app three ways:
the production entry (node:http straight into the tRPC procedures), the same entry bundled with tRPC
as published (without patches/@trpc+server+*.patch), and \`next start\` (the route handlers under
src/app/api, Fetch Request and Response objects, on the same \`.next\` build), in rounds that go
baseline, then each of them (\`next start\` serves from its one process too, so the CPU figures compare).

${markdownTable(["served by", "req/s", "/baseline", "/production entry", "p50 / p99", "CPU µs/req (node / Redis)"], body)}
`;
}

/** queue-events: the streams opened (and why not more), their memory, each admission's fan-out. */
function eventSection(e: EventsResult, SET: typeof SETTINGS): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x)} ms` : "never");
  const limited =
    e.planned < e.asked
      ? `The app process may hold at most ${n(e.openFilesLimit)} open files (its hard limit on this machine, which
cannot be raised; Node raises the soft limit to it) and held ${n(e.appFilesBefore)} before the streams, so the
scenario opens ${n(e.planned)}: the limit less those and ${n(e.spareFiles)} to spare for what the app opens meanwhile
(its pools, health checks), not ${n(e.asked)}.`
      : `The app process's open-files limit (${n(e.openFilesLimit)}) allowed all ${n(e.asked)}.`;
  const body = e.admissions.map((a, i) => [
    String(i + 1),
    n(a.concerned),
    n(a.reached),
    ms(a.p50Ms),
    ms(a.p99Ms),
    ms(a.maxMs),
  ]);
  return `
## Event streams (queue-events)

${n(e.opened)} event streams open on one app instance (${n(e.asked)} asked for). ${limited} The clients are
${SET.eventClients} child processes of the bench, each holding its share of the sockets and reading every event.
Opening them took ${e.openSeconds.toFixed(1)} s; refused: ${JSON.stringify(e.refused)}.

Memory of the instance (after a full garbage collection) before and after opening them: RSS
${mb(e.memory.before.rss)} -> ${mb(e.memory.after.rss)}, heap used ${mb(e.memory.before.heapUsed)} -> ${mb(e.memory.after.heapUsed)},
external ${mb(e.memory.before.external)} -> ${mb(e.memory.after.external)}: per stream **${kb(e.memory.perStream.rss)} of RSS**,
${kb(e.memory.perStream.heapUsed)} of heap, ${kb(e.memory.perStream.external)} external.

One admission at a time: a fan leaves an ACTIVE slot (\`DELETE /api/v1/queue/tokens/current\`) of the full
line, and each stream's delay is the time from that request until its first event showing the news (the head of
the line: ACTIVE; every stream behind: a lower place), read by the client processes on a clock they share with
the bench. A stream not told within ${SET.eventTimeoutSeconds} s counts as never. Over all of them: p50
${ms(e.fanOut.p50Ms)}, **p99 ${ms(e.fanOut.p99Ms)}**, max ${ms(e.fanOut.maxMs)}; ${n(e.fanOut.reached)} of ${n(e.fanOut.streams)} told.
Places shown: ${n(e.placesBelowTrue)} below the true place, ${n(e.placesInexactFront)} not exact in the first 1,000 (checked after
opening and after each admission); streams the server ended early: ${n(e.endedEarly)}.

${markdownTable(["admission", "streams concerned", "told", "p50", "p99", "max"], body)}
`;
}

function round(x: number, digits = 1): string {
  return Number.isFinite(x) ? x.toFixed(digits) : "-";
}

export function renderMarkdown(r: CompleteResults): string {
  const m = r.machine as Record<string, string | number | number[]>;
  const SET = r.settings as typeof SETTINGS;
  const s = sizing(r);
  const detail = (name: string, c: Comparison | RushSummary | PaySummary) =>
    [
      [name, "baseline", ...c.baseline.rounds.map((x) => `${n(x.rps)} (${x.p50}/${x.p99} ms)`)],
      [name, "app", ...c.app.rounds.map((x) => `${n(x.rps)} (${x.p50}/${x.p99} ms)`)],
    ] as string[][];
  const roundsHeader = [
    "scenario",
    "side",
    ...Array.from({ length: SET.rounds }, (_, i) => `round ${i + 1}: per s (p50/p99)`),
  ];
  const cpuRow = (name: string, c: { app: Figures; baseline: Figures }, db: boolean): string[] => [
    name,
    cpuOf(c.baseline.cpu, db),
    cpuOf(c.app.cpu, db),
    c.app.cpu && c.baseline.cpu ? r2(c.baseline.cpu.server / c.app.cpu.server) : "-",
  ];
  const invariantRows = r.invariants.map((i) => [
    i.after,
    i.ok ? "ok" : "VIOLATED",
    Object.entries(i.violations)
      .filter(([, v]) => v)
      .map(([k, v]) => `${k}: ${v}`)
      .join(", ") || "-",
  ]);
  const mb = r.micro;
  const compared = r.previous ? beforeAndAfter(r, r.previous) : "";
  return `# Benchmarks

Generated by \`npm run bench\` (bench/run.ts) on ${r.finishedAt}, commit ${m.commit}, in ${round(r.minutes)} minutes.
Every figure below was measured in that one run; the raw figures are in \`bench/results/latest.json\`.

## Results (one instance unless said otherwise)

Throughput is the median of ${SET.rounds} rounds per side, baseline and app alternating, so that load from
elsewhere on the machine falls on both alike. **app/baseline** is the ratio the targets are about. CPU is
microseconds per request of the app's own process, of Redis and (database scenarios) of every PostgreSQL
process on the machine.

${markdownTable(HEADER, tableCells(r))}
${compared}

## Machine and settings

- ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB; ${m.os}; Node ${m.node}; PostgreSQL ${m.postgres}; Redis ${m.redis}.
  Load average when the run began: ${(m.loadAverageAtStart as number[]).join(", ")}.
- The load generator (autocannon, in the bench process), the app or baseline server, PostgreSQL and Redis
  all share these cores: compare figures as ratios within one run, never across machines or runs.
- ${SET.connections} connections; ${SET.rounds} rounds of ${SET.roundSeconds} s per side after a ${SET.warmupSeconds} s warm-up (queue
  scenarios); seat-rush: ${n(SET.rushUsers)} admitted users per run, dates of ${SET.seatsPerDate} seats, fresh dates and users
  each run; pay: every hold won in the rushes, ${Math.round(SET.underfundedShare * 100)}% of payers short of points. Before the
  first measured rush (and again before the two-instance rush), each side runs one unmeasured rush of one date
  and pays its holds, so that no side is measured cold (the JIT, and each pool connection preparing its batches).
- The app: the production entry as \`npm start\` runs it (src/server/http/build-server.ts, then plain
  \`node\`), NODE_ENV=production, default settings (DATABASE_POOL_SIZE 10, QUEUE_MAX_ACTIVE 100,
  log level info) except RATE_LIMITS=off; its request log lines go to /dev/null.
- Fresh database and Redis key prefix per run, dropped at the end. Lines of ${n(SET.pollLine)} and
  ${n(SET.scaleLine)} waiters are written straight into Redis with the store's own key layout
  (bench/lib/services.ts), not through HTTP.

## What each scenario does, and its baseline

The baseline (bench/baseline-server.ts) is a bare node:http server doing only the backing work of
the same call: the same Lua script through ioredis for the queue; the same SQL statements, sent the
same way (one prepared batch, one round trip), through \`pg\` for holds and payments. No routing framework,
no validation, no tokens, no queue gate, no logs or metrics.

- **queue-join**: \`POST /api/v1/queue/tokens\`, each request a user never seen before (baseline: the
  JOIN script).
- **queue-poll**: \`GET /api/v1/queue/status\` with queue tokens of ${n(SET.pollLine)} users already in line
  (baseline: the STATUS script for the same users).
- **seat-rush**: ${n(SET.rushUsers)} admitted users (ACTIVE passes written into Redis) race for the seats of one date,
  then of ${SET.rushDates} dates at once: each request is the next user still without a seat trying a
  random seat not yet seen taken, until every seat is held. Reported: hold attempts answered per
  second until sell-out (201s and 409s are both whole transactions), holds per second, time to sell
  out, latency of those attempts. Checked: exactly ${SET.seatsPerDate} holds per date, by the answers and by the
  database, no seat twice.
- **pay**: \`POST /api/v1/payments\` for every hold won in the rushes, ${SET.connections} at a time.
- **queue-scale**: ${n(SET.scaleLine)} waiters in one line: Redis memory per waiter (MEMORY USAGE summed
  over the line's keys; INFO used_memory before and after writing them), and poll latency in a line
  of ${n(SET.scaleShortLine)} against the long one (ZRANK is O(log N): the cost must not grow with the line), and
  Redis CPU per status poll at both: the redis-server process's CPU (INFO cpu) over each whole polling
  round divided by the polls answered in it, so that whatever the app does in Redis on its own
  meanwhile (admission ticks of every line, heartbeats written per tick) is in the figure too.
- **queue-draw**: ${n(SET.drawLine)} fans in a concert's pre-queue (written straight into Redis), drawn at the
  opening by the store's own ticker steps (each one script of at most DRAW_STEP fans, so that Redis
  answers everyone else between steps). Reported: the time until every fan has a place, the steps,
  the longest of them and the Redis time per fan (SLOWLOG, every command logged during the draw,
  which adds its own cost to the times).
  Checked: every fan not let in right after the draw holds exactly one place 1..N.
- **two instances**: the poll and the wide rush again over two app instances on the same database
  and Redis, half the connections to each. On ${m.cores} cores shared with everything else, a second
  instance cannot add CPU; it shows that the guarantees and the figures hold across instances.
- **queue-poll-scale**: ${n(SET.pollScaleLine)} waiters in one line (each polls each instance every
  ${n((2 * SET.pollScaleLine) / SET.pollScaleRates[0])} s at R, as a real waiter polls at most every 15 s), polled through two app instances at a fixed
  total rate R = ${n(SET.pollScaleRates[0])} and 2R = ${n(SET.pollScaleRates[1])} polls/s (paced in waves every 100 ms, half
  to each instance: bench/lib/load.ts runPaced), and with nobody polling, in windows of ${SET.roundSeconds} s that alternate
  (none, R, 2R) for ${SET.rounds} rounds; medians of the rounds. Reported: the redis-server process's CPU per
  second of each window (admission ticks and heartbeats included), the polls served per second and
  the instances' CPU per poll. Target: Redis CPU at 2R within ${Math.round((TARGETS.pollScaleRedisGrowth - 1) * 100)}% of that at R, which holds
  only when a poll does not reach Redis; met only if both rates were served (at least 95%), as a
  load that fell short would flatter the ratio.
- **queue-events**: fans in one full line (cap ${SET.eventsMaxActive}, all ACTIVE) holding open event streams
  (\`GET /api/v1/queue/events\`) to one app instance of their own: memory per stream, and how long
  one admission takes to reach every stream it concerns: see "Event streams" below.
- **hot-paths**: seat-rush and pay again, against one app instance per \`DATABASE_HOT_PATH\` (batch,
  prisma, optimistic): see "Holds and payments" below.
- **entries**: queue-poll against the production entry, the same entry with tRPC unpatched, and
  \`next start\` (the route handlers): see "Serving the API" below.
- After every scenario, an **invariant check** on the whole database: no seat in two live
  reservations, every held or sold seat listed by its reservation, sold seats = seats of confirmed
  reservations, every confirmed reservation paid once and in full, paid amounts = prices of the sold
  seats, every balance = its ledger sum, no balance below 0.

## CPU per request (medians of the rounds, µs: server process / Redis / PostgreSQL)

${markdownTable(
  ["scenario", "baseline", "app", "baseline/app, server process"],
  [
    cpuRow("queue-join", r.queueJoin, false),
    cpuRow("queue-poll", r.queuePoll, false),
    cpuRow("seat-rush, 1 date (per attempt)", r.seatRushOne, true),
    cpuRow(`seat-rush, ${r.seatRushWide.dates} dates (per attempt)`, r.seatRushWide, true),
    cpuRow("pay", r.pay, true),
  ],
)}

## Rounds

${markdownTable(roundsHeader, [
  ...detail("queue-join", r.queueJoin),
  ...detail("queue-poll", r.queuePoll),
  ...detail("seat-rush, 1 date", r.seatRushOne),
  ...detail(`seat-rush, ${r.seatRushWide.dates} dates`, r.seatRushWide),
  ...detail("pay", r.pay),
])}

seat-rush totals: 1 date: app ${n(r.seatRushOne.app.holds)} holds and ${n(r.seatRushOne.app.conflicts)} 409s, baseline ${n(r.seatRushOne.baseline.holds)} and ${n(r.seatRushOne.baseline.conflicts)};
${r.seatRushWide.dates} dates: app ${n(r.seatRushWide.app.holds)} holds and ${n(r.seatRushWide.app.conflicts)} 409s, baseline ${n(r.seatRushWide.baseline.holds)} and ${n(r.seatRushWide.baseline.conflicts)}.
Time to sell out (median): 1 date ${r2(r.seatRushOne.app.soldOutSeconds)} s (baseline ${r2(r.seatRushOne.baseline.soldOutSeconds)} s),
${r.seatRushWide.dates} dates ${r2(r.seatRushWide.app.soldOutSeconds)} s (baseline ${r2(r.seatRushWide.baseline.soldOutSeconds)} s).
Payment answers: app ${JSON.stringify(r.pay.app.statuses)}, baseline ${JSON.stringify(r.pay.baseline.statuses)}.

## Redis memory at ${n(r.queueScale.waiters)} in line

${round(r.queueScale.bytesPerWaiter.memoryUsage)} bytes per waiter by MEMORY USAGE (${n(r.queueScale.keys)} keys: the line's ZSET and its
\`seen\` array), ${round(r.queueScale.bytesPerWaiter.info)} by INFO used_memory (includes the keys' own entries
in the keyspace; on a shared Redis, also whatever else changed meanwhile). Most of it is the waiting
ZSET (a skiplist entry, a dict entry and the 22-character member per waiter); the \`seen\` array
holds 4 bytes per ticket (each waiter's last poll, in seconds).

${eventSection(r.queueEvents, SET)}
${hotPathSection(r.hotPaths, SET.hotPathHoldSeconds)}
${entrySection(r.entries)}
## Per-call costs behind the hot paths (this run)

| call | CPU µs per call |
|---|---|
| verify an HS256 token with jose (WebCrypto) | ${round(mb.tokenVerifyUs.jose)} |
| verify it with node:crypto (src/server/infra/tokens.ts) | ${round(mb.tokenVerifyUs.nodeCrypto)} |
| one query through Prisma ($queryRaw) | ${round(mb.queryUs.prisma)} |
| the same query through \`pg\` | ${round(mb.queryUs.pg)} |

| PostgreSQL, per payment batch (nothing written) | CPU µs per call |
|---|---|
| the statements, planned on every call | ${round(mb.payBatchPostgresUs.statements)} |
| prepared once per connection (src/server/infra/batch.ts) | ${round(mb.payBatchPostgresUs.prepared)} |

| tRPC, one middleware step of a call (its three object spreads) | CPU ns per step |
|---|---|
| \`_objectSpread2\` as tRPC ${r.micro.spreadStepNs.version} publishes it | ${round(mb.spreadStepNs.original, 0)} |
| patched to Object.assign (patches/@trpc+server+${r.micro.spreadStepNs.version}.patch) | ${round(mb.spreadStepNs.patched, 0)} (${round(mb.spreadStepNs.original / mb.spreadStepNs.patched)}x faster) |

## Sizing for ${n(s.fans)} fans in one line (from this run)

Polls follow the service's pollAfterMs (every second at the front, every 15 s from about the 700th
place back, every 5 s while ACTIVE): **${n(s.pollsPerSecond)} polls/s**. If every fan joins within the first minute:
**${n(s.joinsPerSecond)} joins/s** during that minute.

- App: ${round(s.appCores)} cores of app CPU at this run's CPU per poll and join (add headroom: run at
  most ~60% busy, so about ${Math.ceil(s.appCores / 0.6)} cores, e.g. ${Math.ceil(s.appCores / 0.6 / 2)} instances of 2 cores).
- Redis: the line lives in one hash slot, so on one shard: ${round(s.redisPollCores, 2)} cores of Redis for the polls
  (${round(s.redisPerPoll, 1)} µs each, queue-scale's long line) and ${round(s.redisJoinCores, 2)} for the joins (Redis runs the
  scripts on one thread: above ~0.7 of a core the line needs the levers in docs/SCALING.md). Memory:
  ${round(s.redisMegabytes)} MB for the line.
- Event streams instead of polls: ${round(s.streamKb, 1)} KB of app memory per open stream (queue-events, ${n(s.streamsPerInstance)} on
  one instance; one admission reached them all within ${round(s.fanOutP99Ms)} ms at p99): ${round((s.fans * s.streamKb) / 2 ** 20, 1)} GB for
  every fan on a stream, spread over the instances, and no Redis per fan (each instance reads each line once per tick).
- PostgreSQL: per hold attempt ${cpuOf(s.holdAttemptCpu, true)} µs (app / Redis / PG), per payment ${cpuOf(s.paymentCpu, true)} µs:
  the database sees only the admitted users (QUEUE_MAX_ACTIVE at once), not the line.

See docs/SCALING.md for how these numbers turn into a deployment.

## Invariants

${markdownTable(["after", "result", "violations"], invariantRows)}

## Reproduce

\`\`\`bash
npm ci
npm run build          # the bench runs the production build (it builds if none exists)
npm run bench          # about ${Math.max(1, Math.round(r.minutes))} minutes; --quick for a short trial (writes bench/results/quick.json.tmp only)
npm run bench -- --only queue-scale,queue-poll-scale,queue-events   # only those (and what they need first)
\`\`\`

\`--only\` takes a comma-separated list of ${SCENARIOS.map((x) => `\`${x}\``).join(", ")};
a scenario that needs another's work runs that one first (\`pay\` the rushes of \`seat-rush\`; \`entries\`
and \`two-instances\` the line of \`queue-poll\`). It combines with \`--quick\`. Such a run prints its table
and writes bench/results/only.json.tmp (quick.json.tmp with \`--quick\`), never latest.json or this page.

\`BENCH_CPU_PROFILE=<dir>\` makes each app instance write a V8 CPU profile (\`app-1.cpuprofile\`, ...) into that
folder when it stops, for Chrome DevTools or any \`.cpuprofile\` viewer; the profiler's own cost skews
that run's figures.

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) and Redis on 127.0.0.1:6379, or
BENCH_DATABASE_URL / BENCH_REDIS_URL. The bench makes its own database and key prefix and removes
them afterwards. Ratios from a quiet machine are the ones to quote; the machine above was ${
    (m.loadAverageAtStart as number[])[0]! > 1 ? "not quiet" : "quiet"
  } when the run began.
`;
}
