import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createDeps, closeDeps, depsReady } from "@/server/deps";
import { tickAllLines } from "@/server/queue/admission-ticker";
import { useTestApp } from "@/test/app";
import { adminToken, createScheduleAt } from "@/test/catalog-factory";
import { createConcertWithSchedule, createUser, joinQueue, type TestUser } from "@/test/factories";
import { call } from "@/test/http";
import { deleteRedisKeys } from "@/test/services";

const CAP = 2;
const app = useTestApp({ QUEUE_MAX_ACTIVE: CAP });
const MINUTE = 60_000;

const queueOf = (concertId: string, token: string) =>
  call(app, "GET", `/admin/concerts/${concertId}/queue`, undefined, { token });
const patchQueue = (concertId: string, token: string, body: unknown) =>
  call(app, "PATCH", `/admin/concerts/${concertId}/queue`, body, { token });
const statusOf = (queueToken: string) => call(app, "GET", "/queue/status", undefined, { queueToken });

async function lineUp(concertId: string, n: number) {
  const fans: (TestUser & { queueToken: string })[] = [];
  for (let i = 0; i < n; i++) {
    const user = await createUser(app);
    fans.push({ ...user, queueToken: (await joinQueue(app, user, concertId)).queueToken });
  }
  return fans;
}

describe("GET /admin/concerts/{concertId}/queue", () => {
  it("shows the defaults: on sale at the earliest booking opening, the cap of QUEUE_MAX_ACTIVE, no pacing, and the counts", async () => {
    const token = await adminToken(app);
    const { concertId } = await createConcertWithSchedule(app.deps);
    const now = app.clock.now().getTime();
    const earlier = new Date(now - 2 * 3_600_000);
    await createScheduleAt(app.deps, concertId, {
      startsAt: new Date(now + 48 * 3_600_000),
      bookingOpensAt: earlier,
      bookingClosesAt: new Date(now + 47 * 3_600_000),
    });
    await lineUp(concertId, 3);
    const res = await queueOf(concertId, token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      onSaleAt: earlier.toISOString(),
      paused: false,
      closed: false,
      maxActive: CAP,
      admitPerMinute: null,
      waiting: 1,
      prequeue: 0,
      active: 2,
      admittedLastMinute: 2,
    });
  });

  it("answers 404 for an unknown concert, 400 for a bad id, 401/403 to non-admins", async () => {
    const token = await adminToken(app);
    const fan = await createUser(app);
    const { concertId } = await createConcertWithSchedule(app.deps);
    expect((await queueOf(randomUUID(), token)).status).toBe(404);
    expect((await queueOf("nope", token)).status).toBe(400);
    expect((await queueOf(concertId, "")).status).toBe(401);
    expect((await queueOf(concertId, fan.accessToken)).status).toBe(403);
    expect((await patchQueue(concertId, fan.accessToken, { paused: true })).status).toBe(403);
    expect((await patchQueue(randomUUID(), token, { paused: true })).status).toBe(404);
  });
});

describe("PATCH /admin/concerts/{concertId}/queue", () => {
  it("changes the controls, answers the new state, and records who changed what in the audit log", async () => {
    const token = await adminToken(app);
    const { concertId } = await createConcertWithSchedule(app.deps);
    const onSaleAt = new Date(app.clock.now().getTime() + 10 * MINUTE).toISOString();
    const res = await patchQueue(concertId, token, { onSaleAt, maxActive: 7, admitPerMinute: 30 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ onSaleAt, paused: false, closed: false, maxActive: 7, admitPerMinute: 30 });
    expect((await queueOf(concertId, token)).body).toMatchObject({ onSaleAt, maxActive: 7, admitPerMinute: 30 });

    const audit = await call(app, "GET", "/admin/audit", undefined, { token });
    expect(audit.status).toBe(200);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toEqual({
      auditId: expect.any(String),
      at: expect.any(String),
      actor: "owner",
      action: "queue.update",
      targetType: "concert",
      targetId: concertId,
      before: expect.objectContaining({ maxActive: CAP, admitPerMinute: null, paused: false }),
      after: expect.objectContaining({ onSaleAt, maxActive: 7, admitPerMinute: 30, paused: false }),
    });
  });

  it("setting what is already set changes nothing and records nothing: a retry answers the same", async () => {
    const token = await adminToken(app);
    const { concertId } = await createConcertWithSchedule(app.deps);
    const first = await patchQueue(concertId, token, { paused: true });
    const again = await patchQueue(concertId, token, { paused: true });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await app.deps.db.adminAudit.count()).toBe(1);
  });

  it("null puts the opening back to the dates' and the pace back to none", async () => {
    const token = await adminToken(app);
    const { concertId } = await createConcertWithSchedule(app.deps);
    const before = (await queueOf(concertId, token)).body;
    await patchQueue(concertId, token, {
      onSaleAt: new Date(app.clock.now().getTime() + MINUTE).toISOString(),
      admitPerMinute: 5,
    });
    const res = await patchQueue(concertId, token, { onSaleAt: null, admitPerMinute: null });
    expect(res.body).toMatchObject({ onSaleAt: before.onSaleAt, admitPerMinute: null });
  });

  it.each([
    ["an empty body", {}],
    ["an unknown field", { paused: true, speed: 3 }],
    ["a cap of 0", { maxActive: 0 }],
    ["a cap over 100,000", { maxActive: 100_001 }],
    ["a fractional cap", { maxActive: 1.5 }],
    ["a pace of 0", { admitPerMinute: 0 }],
    ["a pace over 1,000,000", { admitPerMinute: 1_000_001 }],
    ["a string for paused", { paused: "yes" }],
    ["a time that is not ISO", { onSaleAt: "tomorrow" }],
    ["a time without offset", { onSaleAt: "2030-01-01T10:00:00" }],
    ["null for closed", { closed: null }],
  ])("answers 400 to %s and changes nothing", async (_, body) => {
    const token = await adminToken(app);
    const { concertId } = await createConcertWithSchedule(app.deps);
    const before = (await queueOf(concertId, token)).body;
    const res = await patchQueue(concertId, token, body);
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(expect.any(String));
    expect((await queueOf(concertId, token)).body).toEqual(before);
    expect(await app.deps.db.adminAudit.count()).toBe(0);
  });
});

describe("the controls act on the line", () => {
  it("paused: nobody is admitted and everyone keeps the place; resumed: the head goes in", async () => {
    const token = await adminToken(app);
    const { concertId } = await createConcertWithSchedule(app.deps);
    const [first] = await lineUp(concertId, 1);
    expect((await patchQueue(concertId, token, { paused: true })).status).toBe(200);
    const waiters = await lineUp(concertId, 3);
    // Free both slots: the first fan leaves; still nobody is admitted.
    await call(app, "DELETE", "/queue/tokens/current", undefined, {
      token: first!.accessToken,
      queueToken: first!.queueToken,
    });
    for (let t = 0; t < 3; t++) await tickAllLines(app.deps);
    const places = await Promise.all(waiters.map(async (w) => (await statusOf(w.queueToken)).body));
    expect(places.map((p) => [p.status, p.position])).toEqual([
      ["WAITING", 1],
      ["WAITING", 2],
      ["WAITING", 3],
    ]);
    expect((await patchQueue(concertId, token, { paused: false })).status).toBe(200);
    await tickAllLines(app.deps);
    expect((await queueOf(concertId, token)).body).toMatchObject({ paused: false, active: 2, waiting: 1 });
    expect((await statusOf(waiters[0]!.queueToken)).body.status).toBe("ACTIVE");
  });

  it("closed: joins get 409 LINE_CLOSED, fans in line are told, admitted fans keep their pass", async () => {
    const token = await adminToken(app);
    const { concertId } = await createConcertWithSchedule(app.deps);
    const [active, , waiter] = await lineUp(concertId, 3);
    const res = await patchQueue(concertId, token, { closed: true });
    expect(res.body).toMatchObject({ closed: true, waiting: 0, active: 2 });
    const refused = await call(
      app,
      "POST",
      "/queue/tokens",
      { concertId },
      { token: (await createUser(app)).accessToken },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.data.reason).toBe("LINE_CLOSED");
    expect(refused.body.message).toMatch(/closed/i);
    expect((await statusOf(waiter!.queueToken)).body).toMatchObject({
      status: "EXPIRED",
      reason: "LINE_CLOSED",
      pollAfterMs: 0,
    });
    expect((await statusOf(active!.queueToken)).body.status).toBe("ACTIVE");
  });

  it("a cap change is in force within a tick, on an instance that did not make it", async () => {
    const token = await adminToken(app);
    const { concertId } = await createConcertWithSchedule(app.deps);
    const fans = await lineUp(concertId, 6);
    const other = createDeps(app.config, app.clock);
    await depsReady(other);
    try {
      await patchQueue(concertId, token, { maxActive: 5 });
      await tickAllLines(other);
      expect((await app.deps.queue.stats(concertId)).active).toBe(5);
      expect((await statusOf(fans[5]!.queueToken)).body.position).toBe(1);
    } finally {
      await closeDeps(other);
    }
  });

  it("an on-sale time in the future holds newcomers in the pre-queue, then draws them at the opening", async () => {
    const token = await adminToken(app);
    const { concertId } = await createConcertWithSchedule(app.deps);
    const opensAt = new Date(app.clock.now().getTime() + 10 * MINUTE);
    await patchQueue(concertId, token, { onSaleAt: opensAt.toISOString() });
    const user = await createUser(app);
    const ticket = await joinQueue(app, user, concertId);
    expect(ticket).toMatchObject({
      status: "PREQUEUE",
      position: 0,
      activeUntil: null,
      opensAt: opensAt.toISOString(),
    });
    expect(ticket.estimatedWaitSeconds).toBeGreaterThan(9 * 60);
    expect(ticket.pollAfterMs).toBeGreaterThan(0);
    expect((await queueOf(concertId, token)).body).toMatchObject({ prequeue: 1, waiting: 0, active: 0 });
    // Nothing opens the line before its time, however often the fan asks.
    for (let i = 0; i < 3; i++) expect((await statusOf(ticket.queueToken)).body.status).toBe("PREQUEUE");
    // The page keeps polling until the opening, as pollAfterMs tells it.
    for (let t = 0; t < 10; t++) {
      app.clock.advance(MINUTE);
      await statusOf(ticket.queueToken);
    }
    await tickAllLines(app.deps);
    expect((await statusOf(ticket.queueToken)).body).toMatchObject({ status: "ACTIVE", opensAt: null });
  });

  it("the controls outlive a Redis that lost the line: the ticker puts them back from PostgreSQL", async () => {
    const token = await adminToken(app);
    const { concertId } = await createConcertWithSchedule(app.deps);
    await lineUp(concertId, 1);
    await patchQueue(concertId, token, { paused: true, maxActive: 9 });
    await deleteRedisKeys(app.redisPrefix);
    const fresh = createDeps(app.config, app.clock);
    await depsReady(fresh);
    try {
      const user = await createUser(app);
      const res = await call(app, "POST", "/queue/tokens", { concertId }, { token: user.accessToken });
      expect(res.body).toMatchObject({ status: "WAITING", position: 1 });
      await tickAllLines(fresh);
      expect((await queueOf(concertId, token)).body).toMatchObject({
        paused: true,
        maxActive: 9,
        waiting: 1,
        active: 0,
      });
    } finally {
      await closeDeps(fresh);
    }
  });
});

describe("GET /admin/audit", () => {
  it("pages newest first with a cursor, filters by concert, refuses a bad cursor", async () => {
    const token = await adminToken(app);
    const a = (await createConcertWithSchedule(app.deps)).concertId;
    const b = (await createConcertWithSchedule(app.deps)).concertId;
    for (const maxActive of [3, 4, 5]) await patchQueue(a, token, { maxActive });
    await patchQueue(b, token, { paused: true });
    const first = await call(app, "GET", "/admin/audit?limit=2", undefined, { token });
    expect(first.status).toBe(200);
    expect(first.body.items.map((e: any) => [e.targetId, e.after.maxActive, e.after.paused])).toEqual([
      [b, CAP, true],
      [a, 5, false],
    ]);
    const second = await call(app, "GET", `/admin/audit?limit=2&cursor=${first.body.nextCursor}`, undefined, { token });
    expect(second.body.items.map((e: any) => e.after.maxActive)).toEqual([4, 3]);
    expect(second.body.nextCursor).toBeNull();
    const onlyB = await call(app, "GET", `/admin/audit?targetId=${b}`, undefined, { token });
    expect(onlyB.body.items).toHaveLength(1);
    for (const q of ["limit=0", "limit=101", "limit=x", "cursor=%00bad", "targetId=nope"]) {
      expect((await call(app, "GET", `/admin/audit?${q}`, undefined, { token })).status, q).toBe(400);
    }
    expect(
      (await call(app, "GET", "/admin/audit", undefined, { token: (await createUser(app)).accessToken })).status,
    ).toBe(403);
  });
});
