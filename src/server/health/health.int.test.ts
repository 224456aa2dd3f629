import { afterEach, describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { startFreezableProxy, type FreezableProxy } from "@/test/faults/freezable-proxy";
import { serveApp, startRedisServer, type RedisServer, type ServedApp } from "@/test/faults/services";

/**
 * GET /api/health when a backing service hangs: it accepts connections (or keeps the ones it has)
 * but never answers. A load balancer must get a 503 naming that service promptly, not a request
 * left hanging. The check gives each service one second (health.service.ts), so behind a hanging
 * database the answer comes just after that second; Redis's own command timeout is shorter.
 */
const app = useTestApp();
const ANSWER_WITHIN_MS = 1_000;

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function health(served: Pick<ServedApp, "url">) {
  const started = performance.now();
  const res = await fetch(`${served.url}/api/health`);
  return { status: res.status, body: (await res.json()) as unknown, ms: performance.now() - started };
}

function pgTarget(url: string) {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 5432) };
}

async function served(settings: Record<string, string>): Promise<ServedApp> {
  const instance = await serveApp({ REDIS_URL: app.config.REDIS_URL!, REDIS_KEY_PREFIX: app.redisPrefix, ...settings });
  cleanup.push(() => instance.close());
  return instance;
}

/** The app on a database behind a proxy that can be made to hang. */
async function behindProxy(frozen: boolean): Promise<{ db: FreezableProxy; instance: ServedApp }> {
  const db = await startFreezableProxy(pgTarget(app.databaseUrl), { frozen });
  cleanup.push(() => db.close());
  const instance = await served({ DATABASE_URL: db.urlFor(app.databaseUrl) });
  // Closed before the app: the pool lets go of a connection stuck in a query only once it breaks.
  cleanup.push(() => db.close());
  return { db, instance };
}

describe("health when a backing service hangs", () => {
  it("answers 503 naming the database within a second when the database it is connected to stops answering", async () => {
    const { db, instance } = await behindProxy(false);
    expect(await health(instance)).toMatchObject({ status: 200, body: { status: "ok", db: "ok", queue: "ok" } });

    db.freeze();
    // Again and again: each check that timed out leaves a query stuck on a pool connection.
    for (let i = 0; i < 3; i++) {
      const answer = await health(instance);
      expect(answer).toMatchObject({ status: 503, body: { status: "unavailable", db: "down", queue: "ok" } });
      expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS);
    }
  });

  it("answers 503 naming the database within a second on a fresh instance whose database accepts connections but never answers", async () => {
    const { instance } = await behindProxy(true);
    const answer = await health(instance);
    expect(answer).toMatchObject({ status: 503, body: { status: "unavailable", db: "down", queue: "ok" } });
    expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS);
  });

  it("answers 503 naming the queue within a second while Redis is frozen (SIGSTOP), and 200 once it runs again", async () => {
    const redis: RedisServer = await startRedisServer();
    cleanup.push(() => redis.kill());
    const instance = await served({ DATABASE_URL: app.databaseUrl, REDIS_URL: redis.url });
    expect((await health(instance)).status).toBe(200);

    redis.freeze();
    try {
      for (let i = 0; i < 3; i++) {
        const answer = await health(instance);
        expect(answer).toMatchObject({ status: 503, body: { status: "unavailable", db: "ok", queue: "down" } });
        expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS);
      }
    } finally {
      redis.thaw();
    }
    let back = await health(instance);
    for (let i = 0; i < 50 && back.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      back = await health(instance);
    }
    expect(back).toMatchObject({ status: 200, body: { status: "ok", db: "ok", queue: "ok" } });
  });
});
