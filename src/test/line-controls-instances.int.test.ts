import { describe, expect, it } from "vitest";
import { useTestApp } from "./app";
import { createConcertWithSchedule, createUser, type TestUser } from "./factories";
import { call, type ApiResponse } from "./http";
import { useAppInstances } from "./processes";

/**
 * The line's controls across two real app processes on one database and Redis: the pre-queue is
 * drawn once, and the cap, the pace and a pause hold with exact counts whichever instance admits.
 * Real time here (the processes have their own clocks), so the waits are short and bounded.
 */
const app = useTestApp();
const TICK_MS = 100;
const instances = useAppInstances(app, 2, { QUEUE_MAX_ACTIVE: 100, QUEUE_TICK_MS: TICK_MS });
const via = instances.via;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function admin(): Promise<string> {
  const res = await call(via(0), "POST", "/admin/session", { password: "test-admin-password" });
  expect(res.status).toBe(200);
  return res.body.adminToken;
}

const patch = async (token: string, concertId: string, body: object, i = 0) => {
  const res = await call(via(i), "PATCH", `/admin/concerts/${concertId}/queue`, body, { token });
  expect(res.status).toBe(200);
  return res.body;
};

type Fan = TestUser & { queueToken: string; joined: ApiResponse };

async function join(users: TestUser[], concertId: string): Promise<Fan[]> {
  const joined = await Promise.all(
    users.map((u, i) => call(via(i), "POST", "/queue/tokens", { concertId }, { token: u.accessToken })),
  );
  expect(joined.map((r) => r.status)).toEqual(users.map(() => 201));
  return users.map((u, i) => ({ ...u, queueToken: joined[i]!.body.queueToken, joined: joined[i]! }));
}

const statuses = (fans: Fan[], offset: number) =>
  Promise.all(
    fans.map(
      async (f, i) =>
        (await call(via(i + offset), "GET", "/queue/status", undefined, { queueToken: f.queueToken })).body,
    ),
  );

describe("line controls across two instances", () => {
  it("draws the pre-queue once at the opening: one permutation, the same from both instances, stable afterwards", async () => {
    const token = await admin();
    const { concertId } = await createConcertWithSchedule(app.deps);
    await patch(token, concertId, { onSaleAt: new Date(Date.now() + 3_600_000).toISOString(), maxActive: 5 });
    const users = await Promise.all(Array.from({ length: 40 }, (_, i) => createUser(via(i))));
    const early = await join(users, concertId);
    for (const f of early) expect(f.joined.body).toMatchObject({ status: "PREQUEUE", position: 0 });
    // The admin opens the sale now: both instances tick past the opening.
    await patch(token, concertId, { onSaleAt: new Date().toISOString() }, 1);
    await sleep(5 * TICK_MS);
    const late = await join([await createUser(via(0))], concertId);

    const seenBy0 = await statuses(early, 0);
    const seenBy1 = await statuses(early, 1);
    expect(seenBy1.map((s) => [s.status, s.position])).toEqual(seenBy0.map((s) => [s.status, s.position]));
    expect(seenBy0.filter((s) => s.status === "ACTIVE")).toHaveLength(5);
    const places = seenBy0.filter((s) => s.status === "WAITING").map((s) => s.position as number);
    expect(places.sort((a, b) => a - b)).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
    expect(late[0]!.joined.body).toMatchObject({ status: "WAITING", position: 36 });

    // Many ticks later, on both instances: nobody was drawn again.
    await sleep(10 * TICK_MS);
    const again = await statuses(early, 1);
    expect(again.map((s) => [s.status, s.position])).toEqual(seenBy0.map((s) => [s.status, s.position]));
  });

  it("the cap an admin sets on one instance holds on both: 10x the cap joining at once, exactly the cap ACTIVE", async () => {
    const token = await admin();
    const { concertId } = await createConcertWithSchedule(app.deps);
    await patch(token, concertId, { maxActive: 4 }, 1);
    const fans = await join(await Promise.all(Array.from({ length: 40 }, (_, i) => createUser(via(i)))), concertId);
    expect(fans.filter((f) => f.joined.body.status === "ACTIVE")).toHaveLength(4);
    await sleep(5 * TICK_MS);
    const line = await call(via(1), "GET", `/admin/concerts/${concertId}/queue`, undefined, { token });
    expect(line.body).toMatchObject({ maxActive: 4, active: 4, waiting: 36 });
  });

  it("paused: nobody is admitted by either instance, everyone keeps the place; resumed: exactly the free slots fill", async () => {
    const token = await admin();
    const { concertId } = await createConcertWithSchedule(app.deps);
    await patch(token, concertId, { maxActive: 3 });
    const first = await join(await Promise.all(Array.from({ length: 3 }, (_, i) => createUser(via(i)))), concertId);
    await patch(token, concertId, { paused: true }, 1);
    const waiting = await join(await Promise.all(Array.from({ length: 6 }, (_, i) => createUser(via(i)))), concertId);
    // Free every slot while paused.
    await Promise.all(
      first.map((f, i) =>
        call(via(i), "DELETE", "/queue/tokens/current", undefined, { token: f.accessToken, queueToken: f.queueToken }),
      ),
    );
    const places = waiting.map((f) => f.joined.body.position as number);
    expect([...places].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    await sleep(10 * TICK_MS);
    const held = await statuses(waiting, 0);
    expect(held.map((s) => [s.status, s.position])).toEqual(places.map((p) => ["WAITING", p]));
    await patch(token, concertId, { paused: false });
    await sleep(5 * TICK_MS);
    // The first three in line, and only they, are in; the rest moved up.
    const resumed = await statuses(waiting, 1);
    expect(resumed.map((s) => [s.status, s.position])).toEqual(
      places.map((p) => (p <= 3 ? ["ACTIVE", 0] : ["WAITING", p - 3])),
    );
  });

  it("paced: however many ticks both instances run, never more than the pace allows", async () => {
    const token = await admin();
    const { concertId } = await createConcertWithSchedule(app.deps);
    await patch(token, concertId, { paused: true, admitPerMinute: 120 });
    await join(await Promise.all(Array.from({ length: 30 }, (_, i) => createUser(via(i)))), concertId);
    const started = Date.now();
    await patch(token, concertId, { paused: false }, 1);
    await sleep(3_000);
    const line = await call(via(0), "GET", `/admin/concerts/${concertId}/queue`, undefined, { token });
    const elapsed = Date.now() - started;
    // One every 500 ms, the schedule allowed to lag one tick: at most floor((elapsed + tick) / 500) + 1.
    expect(line.body.active).toBeLessThanOrEqual(Math.floor((elapsed + TICK_MS) / 500) + 1);
    expect(line.body.active).toBeGreaterThanOrEqual(3);
    expect(line.body.active + line.body.waiting).toBe(30);
  });
});
