import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { get } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readMigrations } from "@/server/infra/migrate";
import { startApiProcess, stopAppProcess, type AppProcess } from "@/test/processes";
import { databaseUrl, deleteRedisKeys, dropDatabase, TEST_REDIS_URL } from "@/test/services";

/**
 * The production entry with WEB_CONCURRENCY=2 (src/server/http/cluster.ts): a primary and two
 * worker processes on one port, started together on a database that does not exist yet.
 */
const METRICS_TOKEN = randomBytes(18).toString("base64url");
let dbName: string;
let redisPrefix: string;
let primary: AppProcess;

/** The live child processes of `pid` (Linux: read from /proc), i.e. the primary's workers. */
function childPids(pid: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return Number(ppid) === pid && state !== "Z" ? [Number(entry)] : [];
      } catch {
        return [];
      }
    });
}

/** Whether a process is gone (a zombie waiting for its parent to reap it counts as gone). */
function gone(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.startsWith("Z") ?? true;
  } catch {
    return true;
  }
}

/**
 * One request on a connection of its own (`Connection: close`): the primary hands each new
 * connection to the next worker, so a series of these reaches every worker.
 */
function request(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(`${primary.url}${path}`, { agent: false, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, body }));
      res.on("error", reject);
    }).on("error", reject);
  });
}

async function healthChecks(count: number): Promise<void> {
  const answers = await Promise.all(Array.from({ length: count }, () => request("/api/health")));
  expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
}

/**
 * How many health requests the worker that answers each of `count` scrapes of /api/metrics has
 * answered: the metrics are per process, so each scrape tells its own worker's count.
 */
async function healthCounts(count: number): Promise<number[]> {
  const scrapes = await Promise.all(
    Array.from({ length: count }, () => request("/api/metrics", { authorization: `Bearer ${METRICS_TOKEN}` })),
  );
  return scrapes.map(({ status, body }) => {
    expect(status).toBe(200);
    const m = /^http_request_duration_seconds_count\{route="health",method="GET",status="200"\} (\d+)$/m.exec(body);
    return m ? Number(m[1]) : 0;
  });
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (await check()) return;
  throw new Error(`timed out waiting for ${what}:\n${primary.output()}`);
}

beforeAll(async () => {
  dbName = `${inject("runId")}_workers_${randomBytes(4).toString("hex")}`;
  redisPrefix = `${inject("runId")}:${dbName}:`;
  primary = await startApiProcess({
    WEB_CONCURRENCY: 2,
    DATABASE_URL: databaseUrl(dbName),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: redisPrefix,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    METRICS_TOKEN,
  });
}, 60_000);

afterAll(async () => {
  if (primary) await stopAppProcess(primary);
  await dropDatabase(dbName);
  await deleteRedisKeys(redisPrefix);
});

describe("WEB_CONCURRENCY=2", () => {
  it("starts two workers together on a new database: created once, each migration applied once, one owner", async () => {
    expect(childPids(primary.process.pid!)).toHaveLength(2);
    const db = new pg.Client({ connectionString: databaseUrl(dbName) });
    await db.connect();
    try {
      const { rows } = await db.query<{ migration_name: string; n: number; finished: number }>(
        `SELECT migration_name, count(*)::int AS n, count(finished_at)::int AS finished
         FROM "_prisma_migrations" GROUP BY migration_name ORDER BY migration_name`,
      );
      const names = (await readMigrations()).map((m) => m.name);
      expect(rows).toEqual(names.map((migration_name) => ({ migration_name, n: 1, finished: 1 })));
      expect((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM staff")).rows[0]!.n).toBe(1);
    } finally {
      await db.end();
    }
  });

  it("answers from both workers: no one process answered all the requests", async () => {
    const workers = childPids(primary.process.pid!);
    expect(workers).toHaveLength(2);
    expect(workers).not.toContain(primary.process.pid);
    await healthChecks(200);
    // Two processes' counts, a and 200 - a (both may be 100); one process would say 200. Scraped
    // until both have answered a scrape (a busy worker may let the other take a few in a row).
    const counts: number[] = [];
    await until(async () => {
      counts.push(...(await healthCounts(4)));
      return counts.some((a) => counts.includes(200 - a));
    }, "a scrape answered by each worker");
    for (const count of counts) {
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThan(200);
    }
    expect(new Set(counts).size).toBeLessThanOrEqual(2);
  });

  it("replaces a worker that is killed, and the replacement serves", async () => {
    await healthChecks(10);
    const [victim, survivor] = childPids(primary.process.pid!) as [number, number];
    process.kill(victim, "SIGKILL");
    await until(() => {
      const now = childPids(primary.process.pid!);
      return now.length === 2 && now.includes(survivor) && !now.includes(victim);
    }, "a replacement worker");
    expect(primary.output()).toMatch(/a worker process stopped: starting another/);
    expect(primary.output()).toMatch(/"signal":"SIGKILL"/);
    // The survivor has answered health requests; a scrape that says none is the replacement's.
    await until(async () => (await healthCounts(4)).includes(0), "the replacement to answer");
    await healthChecks(10);
    expect(primary.output().match(/Ready on http/g)).toHaveLength(1);
  });

  it("on SIGTERM lets every request in flight finish, then exits 0 with no worker left", async () => {
    const workers = childPids(primary.process.pid!);
    expect(workers).toHaveLength(2);
    // Every read of the concerts waits for this lock: the requests stay in flight until it goes.
    const blocker = new pg.Client({ connectionString: databaseUrl(dbName) });
    await blocker.connect();
    await blocker.query("BEGIN");
    await blocker.query("LOCK TABLE concerts IN ACCESS EXCLUSIVE MODE");
    // Six connections, handed to the two workers in turn.
    const inFlight = Array.from({ length: 6 }, () => request("/api/v1/concerts"));
    // Watched from outside the blocker's transaction, which sees pg_stat_activity as it first read it.
    const watcher = new pg.Client({ connectionString: databaseUrl(dbName) });
    await watcher.connect();
    const waiting = async () => {
      const { rows } = await watcher.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
        [dbName],
      );
      return rows[0]!.n >= 6;
    };
    await until(waiting, "six reads waiting for the lock");
    await watcher.end();

    primary.process.kill("SIGTERM");
    await sleep(500);
    expect(primary.process.exitCode).toBeNull();
    for (const pid of workers) expect(gone(pid), `worker ${pid}`).toBe(false);
    await expect(request("/api/health")).rejects.toThrow();

    await blocker.query("COMMIT");
    await blocker.end();
    const answers = await Promise.all(inFlight);
    expect(answers.map((a) => [a.status, JSON.parse(a.body)])).toEqual(answers.map(() => [200, { items: [] }]));
    expect(await primary.exited).toBe(0);
    for (const pid of workers) expect(gone(pid), `worker ${pid}`).toBe(true);
    expect(childPids(primary.process.pid!)).toEqual([]);
  });
});

describe("WEB_CONCURRENCY=2, a worker that cannot start", () => {
  it("fails the start: the other is stopped and the primary exits 1", async () => {
    const start = startApiProcess({
      WEB_CONCURRENCY: 2,
      // Nothing listens on port 1: each worker's start-up fails on its first query.
      DATABASE_URL: new URL("postgresql://postgres@127.0.0.1:1/none").toString(),
      REDIS_URL: TEST_REDIS_URL,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
    });
    await expect(start).rejects.toThrow(/exited with 1[\s\S]*a worker process stopped while starting/);
  });
});
