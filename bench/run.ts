/**
 * `npm run bench`: the on-sale benchmark. Starts the built app (one instance, then two; for their
 * own scenarios, one per DATABASE_HOT_PATH, one with tRPC unpatched and one under `next start`) and a
 * baseline server against the local PostgreSQL and Redis, in a fresh database and key prefix of
 * its own, drives both over HTTP with autocannon and reports the app as ratios to the baseline
 * of the same run. Prints a table, writes bench/results/latest.json and docs/BENCHMARKS.md.
 * See docs/BENCHMARKS.md for what each scenario does; `--quick` for a short trial run;
 * `--only a,b` runs only those scenarios (and those they need first);
 * BENCH_COMPARE=<an earlier run's latest.json> adds a before-and-after table.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { buildServerBundle } from "@/server/http/build-server";
import { log } from "./lib/compare";
import { closeCpu } from "./lib/cpu";
import { checkInvariants, type InvariantReport } from "./lib/invariants";
import { isComplete, renderMarkdown, renderTable, type BenchResults } from "./lib/report";
import { startApp, startBaseline, startNext, type Server } from "./lib/servers";
import { createServices, dropServices, insertConcert, PG_URL, REDIS_URL, type Services } from "./lib/services";
import { SCENARIOS, SETTINGS, type Scenario } from "./lib/settings";
import { unpatchedTrpc } from "./lib/unpatched-trpc";
import { entries } from "./scenarios/entries";
import { queueEvents } from "./scenarios/events";
import { HOT_PATHS, hotPaths, type HotPath } from "./scenarios/hot-paths";
import { queueDraw, queueJoin, queuePoll, queueScale, type PollWorkloads } from "./scenarios/queue";
import { pay, seatRush, warmUp } from "./scenarios/seats";
import { micro } from "./scenarios/micro";
import { queuePollScale, twoInstances } from "./scenarios/scale-out";

const ROOT = path.resolve(import.meta.dirname, "..");

/** What a scenario takes from another run before it: pay pays the rushes' holds; the others reuse queue-poll's line. */
const NEEDS: Partial<Record<Scenario, Scenario[]>> = {
  pay: ["seat-rush"],
  entries: ["queue-poll"],
  "two-instances": ["queue-poll"],
};

/** The scenarios to run: all of them, or those named by `--only` and what they need. */
function chosen(only: readonly string[] | undefined): Set<Scenario> {
  if (!only) return new Set(SCENARIOS);
  const unknown = only.filter((name) => !(SCENARIOS as readonly string[]).includes(name));
  if (unknown.length) throw new Error(`--only: no scenario ${unknown.join(", ")} (there are: ${SCENARIOS.join(", ")})`);
  const set = new Set(only as Scenario[]);
  for (const name of [...set]) for (const need of NEEDS[name] ?? []) set.add(need);
  return set;
}

async function machine() {
  const pgc = new pg.Client({ connectionString: PG_URL });
  await pgc.connect();
  const pgVersion = (await pgc.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version;
  await pgc.end();
  const redis = new Redis(REDIS_URL);
  const redisVersion = /redis_version:(\S+)/.exec(await redis.info("server"))?.[1] ?? "?";
  redis.disconnect();
  const git = spawnSync("git", ["describe", "--always", "--dirty"], { cwd: ROOT, encoding: "utf8" });
  return {
    cpu: os.cpus()[0]?.model ?? "?",
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: pgVersion,
    redis: redisVersion,
    commit: git.status === 0 ? git.stdout.trim() : "?",
    loadAverageAtStart: os.loadavg().map((n) => Number(n.toFixed(2))),
  };
}

/** The figures of an earlier run that the before-and-after table holds this one against. */
async function earlierRun(file: string): Promise<BenchResults["previous"]> {
  const earlier = JSON.parse(await readFile(file, "utf8")) as Partial<BenchResults>;
  const { finishedAt, machine, queueJoin, queuePoll, seatRushOne, seatRushWide, pay } = earlier;
  // Only the figures the table compares: a run from before a scenario was added compares as well.
  if (!finishedAt || !machine || !queueJoin || !queuePoll || !seatRushOne || !seatRushWide || !pay)
    throw new Error(`BENCH_COMPARE: ${file} lacks the figures of a full run`);
  return { finishedAt, machine, queueJoin, queuePoll, seatRushOne, seatRushWide, pay };
}

async function main() {
  const run = chosen(SETTINGS.only);
  // Read first, so that a file that will not do stops the run before its minutes are spent.
  const previous = process.env.BENCH_COMPARE ? await earlierRun(process.env.BENCH_COMPARE) : undefined;
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    log("no build found: running `npm run build` first");
    execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  }
  const started = Date.now();
  const machineAtStart = await machine();
  const s: Services = await createServices();
  const servers: Server[] = [];
  const invariants: InvariantReport[] = [];
  const check = async (after: string) => {
    const report = await checkInvariants(s.pool, after);
    invariants.push(report);
    log(`invariants after ${after}: ${report.ok ? "ok" : `VIOLATED ${JSON.stringify(report.violations)}`}`);
  };
  try {
    const env = {
      DATABASE_URL: s.databaseUrl,
      REDIS_URL,
      REDIS_KEY_PREFIX: s.redisPrefix,
      AUTH_SECRET: s.authSecret,
      TICKET_SIGNING_KEY: s.ticketSigningKey,
      ADMIN_PASSWORD: "bench-only",
      ...SETTINGS.appEnv,
    };
    const bundle = await buildServerBundle(path.join(ROOT, ".next", "bench-server.mjs"));
    const [app, baseline] = await Promise.all([startApp("app-1", bundle, env), startBaseline(env)]);
    servers.push(app, baseline);
    log(
      `app ${app.url}, baseline ${baseline.url}; database ${new URL(s.databaseUrl).pathname.slice(1)}, Redis prefix ${s.redisPrefix}`,
    );
    const ctx = { s, app, baseline };
    if (SETTINGS.only) log(`only: ${SCENARIOS.filter((x) => run.has(x)).join(", ")}`);
    const results: BenchResults = {
      finishedAt: "",
      minutes: 0,
      machine: machineAtStart,
      settings: { ...SETTINGS },
      invariants,
    };

    if (run.has("queue-join")) {
      results.queueJoin = await queueJoin(ctx);
      await check("queue-join");
    }
    let pollWorkloads: PollWorkloads | undefined;
    if (run.has("queue-poll")) {
      const poll = await queuePoll(ctx);
      results.queuePoll = poll.result;
      pollWorkloads = poll.workloads;
      await check("queue-poll");
    }

    // The concert whose dates the rushes race for (and the two instances after them).
    const concertId = await insertConcert(s.pool, "seat-rush");
    if (run.has("seat-rush")) {
      await warmUp({ ...ctx, concertId });
      const one = await seatRush({ ...ctx, concertId }, 1);
      const wide = await seatRush({ ...ctx, concertId }, SETTINGS.rushDates);
      results.seatRushOne = one.summary;
      results.seatRushWide = wide.summary;
      await check("seat-rush");
      if (run.has("pay")) {
        results.pay = await pay(
          { ...ctx, concertId },
          [...one.appWon, ...wide.appWon],
          [...one.baseWon, ...wide.baseWon],
        );
        await check("pay");
      }
    }

    if (run.has("hot-paths")) {
      // One instance per DATABASE_HOT_PATH, only for this scenario (their background jobs would
      // otherwise run through the rest). Holds live long enough to be paid after every rush.
      const hotApps = await Promise.all(
        HOT_PATHS.map((p) =>
          startApp(`app-${p}`, bundle, {
            ...env,
            DATABASE_HOT_PATH: p,
            HOLD_TTL_SECONDS: String(SETTINGS.hotPathHoldSeconds),
          }),
        ),
      );
      servers.push(...hotApps);
      results.hotPaths = await hotPaths({
        ...ctx,
        concertId,
        apps: Object.fromEntries(HOT_PATHS.map((p, i) => [p, hotApps[i]!])) as Record<HotPath, Server>,
      });
      await check("hot-paths");
      await Promise.all(hotApps.map((a) => a.stop()));
    }

    if (run.has("entries") && pollWorkloads) {
      // queue-poll again, through the production entry, the same entry bundled with tRPC as
      // published (patches/ undone), and `next start` on the project's build.
      const unpatched = unpatchedTrpc();
      const unpatchedBundle = await buildServerBundle(path.join(ROOT, ".next", "bench-server-unpatched.mjs"), [
        unpatched.plugin,
      ]);
      if (unpatched.applied() === 0) throw new Error("the unpatched bundle holds no unpatched tRPC file");
      const [appUnpatched, nextStart] = await Promise.all([
        startApp("app-unpatched-trpc", unpatchedBundle, env),
        startNext("next-start", env),
      ]);
      servers.push(appUnpatched, nextStart);
      results.entries = await entries({
        baseline,
        servers: { production: app, unpatchedTrpc: appUnpatched, nextStart },
        workloads: pollWorkloads,
      });
      await check("entries");
      await Promise.all([appUnpatched.stop(), nextStart.stop()]);
    }

    if (run.has("queue-scale")) {
      results.queueScale = await queueScale(ctx);
      await check("queue-scale");
    }
    if (run.has("queue-draw")) results.queueDraw = await queueDraw(ctx);
    if (run.has("micro")) results.micro = await micro(s);

    if (run.has("two-instances") || run.has("queue-poll-scale")) {
      const app2 = await startApp("app-2", bundle, env);
      servers.push(app2);
      if (run.has("two-instances") && pollWorkloads) {
        results.twoInstances = await twoInstances({ ...ctx, concertId, app2 }, pollWorkloads);
        await check("two instances");
      }
      if (run.has("queue-poll-scale")) {
        results.queuePollScale = await queuePollScale({ s, app, app2 });
        await check("queue-poll-scale");
      }
      await app2.stop();
    }

    if (run.has("queue-events")) {
      results.queueEvents = await queueEvents({ s, bundle, env });
      await check("queue-events");
    }

    results.finishedAt = new Date().toISOString();
    results.minutes = (Date.now() - started) / 60_000;
    results.previous = previous;
    console.log(`\n${renderTable(results)}\n`);
    await mkdir(path.join(ROOT, "bench", "results"), { recursive: true });
    if (SETTINGS.quick || !isComplete(results)) {
      // A trial run's figures, or a run of only some scenarios, are not for quoting: they never
      // replace the published ones.
      const name = SETTINGS.quick ? "quick.json.tmp" : "only.json.tmp";
      await writeFile(path.join(ROOT, "bench", "results", name), `${JSON.stringify(results, null, 2)}\n`);
      log(`wrote bench/results/${name} (${results.minutes.toFixed(1)} min)`);
    } else {
      await writeFile(path.join(ROOT, "bench", "results", "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
      await writeFile(path.join(ROOT, "docs", "BENCHMARKS.md"), renderMarkdown(results));
      log(`wrote bench/results/latest.json and docs/BENCHMARKS.md (${results.minutes.toFixed(1)} min)`);
    }
    if (!invariants.every((r) => r.ok)) process.exitCode = 1;
  } finally {
    closeCpu();
    await Promise.allSettled(servers.map((srv) => srv.stop()));
    await dropServices(s);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
