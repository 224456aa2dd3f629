import calculateSlot from "cluster-key-slot";
import { Cluster } from "ioredis";
import { describe, expect, it } from "vitest";
import { startAdmissionTicker } from "@/server/queue/admission-ticker";
import type { QueueTicket } from "@/server/queue/queue.schema";
import { concertKeys } from "@/server/queue/redis-queue-store";
import { sweepExpiredHolds } from "@/server/reservations/hold-sweeper";
import { useTestApp } from "./app";
import { createConcertWithSchedule, createUser, joinQueue, type TestUser } from "./factories";
import { call } from "./http";
import { redisClusterUnavailable, useRedisCluster } from "./redis-cluster";

/**
 * The whole app with REDIS_CLUSTER_NODES naming a three-master Redis Cluster (its own deps, as a
 * deployment builds them): a line on each master taken through join, admission, status and a
 * hold; the admission ticker and the hold sweeper running over them; the rate limiter counting in
 * the cluster; the health probe.
 */
const unavailable = redisClusterUnavailable();
if (unavailable) console.warn(`Skipping the app on a Redis Cluster: ${unavailable}`);

describe.skipIf(unavailable !== undefined)("the app on a three-master Redis Cluster", () => {
  const started = useRedisCluster();
  const app = useTestApp(() => ({
    REDIS_CLUSTER_NODES: started.cluster.setting,
    QUEUE_MAX_ACTIVE: 1,
    // Waiters here do not poll while the passes ahead of them run out.
    QUEUE_IDLE_TIMEOUT_SECONDS: 86_400,
    QUEUE_TICK_MS: 50,
    RATE_LIMITS: "on",
    RATE_LIMIT_QUEUE_USER: "4/1m",
    RATE_LIMIT_SIGNUP_IP: "100/1m",
  }));

  it("serves lines on every master: join, admit, status, hold; the ticker admits and the sweeper expires; limits count there", async () => {
    const { cluster } = started;
    expect(app.deps.redis).toBeInstanceOf(Cluster);
    expect(app.deps.rateLimitRedis).toBeInstanceOf(Cluster);

    // Concerts until every master serves one's line.
    const lines = new Map<number, { concertId: string; scheduleId: string }>();
    while (lines.size < cluster.nodes.length) {
      const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { seatCount: 10 });
      const master = await cluster.masterOf(calculateSlot(`${app.redisPrefix}${concertKeys(concertId)[0]}`));
      if (!lines.has(master)) lines.set(master, { concertId, scheduleId: scheduleIds[0]! });
    }

    const waiters: { concertId: string; b: TestUser; tb: QueueTicket }[] = [];
    for (const [master, { concertId, scheduleId }] of lines) {
      const a = await createUser(app);
      const b = await createUser(app);
      const ta = await joinQueue(app, a, concertId);
      const tb = await joinQueue(app, b, concertId);
      expect(ta.status).toBe("ACTIVE");
      expect(tb).toMatchObject({ status: "WAITING", position: 1 });
      const status = await call(app, "GET", "/queue/status", undefined, { queueToken: tb.queueToken });
      expect(status.body).toMatchObject({ status: "WAITING", position: 1 });
      const hold = await call(
        app,
        "POST",
        "/reservations",
        { scheduleId, seatNumbers: [1] },
        {
          token: a.accessToken,
          queueToken: ta.queueToken,
        },
      );
      expect(hold.status).toBe(201);
      // The line is on that master, and only there.
      expect(await cluster.direct(master).exists(`${app.redisPrefix}${concertKeys(concertId)[2]}`)).toBe(1);
      waiters.push({ concertId, b, tb });
    }

    // Every pass and hold runs out; nobody calls the API: the ticker finds the three lines and lets
    // each waiter in, the sweeper expires the three holds.
    app.clock.advance(app.config.QUEUE_PASS_MAX_SECONDS * 1000 + 1);
    const stop = startAdmissionTicker(app.deps, { admit: true });
    try {
      const deadline = Date.now() + 2_000;
      const admitted = async () => {
        for (const { concertId, b, tb } of waiters) {
          const { tokenId } = await app.deps.tokens.verifyQueue(tb.queueToken);
          if (!(await app.deps.queue.activePass(concertId, b.userId, tokenId))) return false;
        }
        return true;
      };
      while (!(await admitted()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await admitted()).toBe(true);
    } finally {
      stop();
    }
    for (const { tb } of waiters) {
      const status = await call(app, "GET", "/queue/status", undefined, { queueToken: tb.queueToken });
      expect(status.body).toMatchObject({ status: "ACTIVE", position: 0 });
    }
    expect(await sweepExpiredHolds(app.deps)).toBe(lines.size);

    // The per-user join limit counts in the cluster: the waiter of the first line joins again until
    // refused; the counter on the master of its key has every one of those calls.
    const [{ concertId, b }] = waiters as [(typeof waiters)[number]];
    let calls = 1;
    let last = 201;
    while (last !== 429 && calls < 10) {
      last = (await call(app, "POST", "/queue/tokens", { concertId }, { token: b.accessToken })).status;
      calls++;
    }
    expect(last).toBe(429);
    const counter = `${app.redisPrefix}rl:queue_user:${b.userId}`;
    expect(await cluster.direct(await cluster.masterOf(calculateSlot(counter))).get(counter)).toBe(String(calls));

    const health = await fetch(`${app.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ queue: "ok" });
  });

  // Last: it leaves the cluster without one of its masters.
  it("a master lost: its lines answer 503 within a second, the other masters' lines keep answering, health says down", async () => {
    const { cluster } = started;
    const fans = new Map<number, string>();
    while (fans.size < cluster.nodes.length) {
      const { concertId } = await createConcertWithSchedule(app.deps);
      const master = await cluster.masterOf(calculateSlot(`${app.redisPrefix}${concertKeys(concertId)[0]}`));
      if (fans.has(master)) continue;
      const ticket = await joinQueue(app, await createUser(app), concertId);
      expect(ticket.status).toBe("ACTIVE");
      fans.set(master, ticket.queueToken);
    }
    const status = async (queueToken: string) => {
      const started = performance.now();
      const res = await call(app, "GET", "/queue/status", undefined, { queueToken });
      return { status: res.status, ms: performance.now() - started };
    };
    for (const queueToken of fans.values()) expect((await status(queueToken)).status).toBe(200);

    const [lost, ...kept] = [...fans.keys()] as [number, ...number[]];
    await cluster.crash(lost);
    for (let i = 0; i < 3; i++) {
      const answer = await status(fans.get(lost)!);
      expect(answer.status).toBe(503);
      expect(answer.ms).toBeLessThan(1_000);
    }
    // Before the cluster itself gives up on the master (cluster-node-timeout), the rest serve on.
    for (const port of kept) expect((await status(fans.get(port)!)).status).toBe(200);
    const health = await fetch(`${app.url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ queue: "down" });
  });
});
