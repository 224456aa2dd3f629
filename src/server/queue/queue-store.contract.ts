import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../infra/clock";
import type { QueueStore } from "./queue-store";

export type StoreSettings = {
  QUEUE_MAX_ACTIVE: number;
  QUEUE_ACTIVE_TTL_SECONDS: number;
  QUEUE_IDLE_TIMEOUT_SECONDS: number;
};

export type StoreFactory = (settings: StoreSettings, clock: FakeClock) => Promise<QueueStore>;

const DEFAULTS: StoreSettings = { QUEUE_MAX_ACTIVE: 2, QUEUE_ACTIVE_TTL_SECONDS: 600, QUEUE_IDLE_TIMEOUT_SECONDS: 300 };

/**
 * The behaviour every waiting-room store must have: one suite, run against each implementation.
 */
export function describeQueueStore(name: string, makeStore: StoreFactory) {
  describe(`${name} queue store`, () => {
    async function setup(overrides: Partial<StoreSettings> = {}) {
      const clock = new FakeClock();
      const settings = { ...DEFAULTS, ...overrides };
      const store = await makeStore(settings, clock);
      return { clock, store, settings, concertId: randomUUID() };
    }
    const users = (n: number) => Array.from({ length: n }, () => randomUUID());

    it("admits in strict FIFO order of first request up to the cap; the rest wait with places 1..N", async () => {
      const { store, concertId } = await setup();
      const ids = users(5);
      const results = [];
      for (const id of ids) results.push(await store.join(concertId, id));
      expect(results.map((r) => r.status)).toEqual(["ACTIVE", "ACTIVE", "WAITING", "WAITING", "WAITING"]);
      expect(results.map((r) => r.position)).toEqual([0, 0, 1, 2, 3]);
      expect(results[0]!.activeUntil).toBeGreaterThan(0);
      expect(results[2]!.activeUntil).toBeNull();
    });

    it("gives the same place to a user who asks again, never a second one", async () => {
      const { store, concertId } = await setup({ QUEUE_MAX_ACTIVE: 1 });
      const [a, b, c] = users(3) as [string, string, string];
      await store.join(concertId, a);
      const first = await store.join(concertId, b);
      await store.join(concertId, c);
      const again = await store.join(concertId, b);
      expect(again.tokenId).toBe(first.tokenId);
      expect(again.position).toBe(1);
      expect((await store.join(concertId, c)).position).toBe(2);
      expect((await store.stats(concertId)).waiting).toBe(2);
    });

    it("hands a freed slot to the head of the line at once", async () => {
      const { store, concertId } = await setup({ QUEUE_MAX_ACTIVE: 1 });
      const [a, b, c] = users(3) as [string, string, string];
      const ta = await store.join(concertId, a);
      const tb = await store.join(concertId, b);
      const tc = await store.join(concertId, c);
      await store.end(concertId, a, ta.tokenId);
      expect(await store.isActive(concertId, a, ta.tokenId)).toBe(false);
      expect(await store.isActive(concertId, b, tb.tokenId)).toBe(true);
      expect((await store.status(concertId, c, tc.tokenId)).position).toBe(1);
      expect((await store.status(concertId, a, ta.tokenId)).status).toBe("EXPIRED");
    });

    it("lets a waiter leave the line; those behind move up", async () => {
      const { store, concertId } = await setup({ QUEUE_MAX_ACTIVE: 1 });
      const [a, b, c] = users(3) as [string, string, string];
      await store.join(concertId, a);
      const tb = await store.join(concertId, b);
      const tc = await store.join(concertId, c);
      await store.end(concertId, b, tb.tokenId);
      expect((await store.status(concertId, b, tb.tokenId)).status).toBe("EXPIRED");
      expect((await store.status(concertId, c, tc.tokenId)).position).toBe(1);
    });

    it("ends an ACTIVE pass after its TTL, exactly, and admits the next on the tick", async () => {
      const { store, concertId, clock } = await setup({ QUEUE_MAX_ACTIVE: 1, QUEUE_ACTIVE_TTL_SECONDS: 60 });
      const [a, b] = users(2) as [string, string];
      const ta = await store.join(concertId, a);
      const tb = await store.join(concertId, b);
      clock.advance(59_999);
      expect(await store.isActive(concertId, a, ta.tokenId)).toBe(true);
      clock.advance(1);
      // Lapsed at once for the gate, before any cleanup ran.
      expect(await store.isActive(concertId, a, ta.tokenId)).toBe(false);
      expect(await store.tick(concertId)).toBe(1);
      expect(await store.isActive(concertId, b, tb.tokenId)).toBe(true);
      expect((await store.status(concertId, a, ta.tokenId)).status).toBe("EXPIRED");
    });

    it("extends an ACTIVE pass to cover a hold, never shortens it, and ignores others", async () => {
      const { store, concertId, clock } = await setup({ QUEUE_MAX_ACTIVE: 1, QUEUE_ACTIVE_TTL_SECONDS: 60 });
      const [a, b] = users(2) as [string, string];
      const ta = await store.join(concertId, a);
      const tb = await store.join(concertId, b);
      const now = clock.now().getTime();
      await store.extend(concertId, a, ta.tokenId, now + 300_000);
      await store.extend(concertId, a, ta.tokenId, now + 10_000);
      await store.extend(concertId, b, tb.tokenId, now + 300_000);
      clock.advance(299_000);
      expect(await store.isActive(concertId, a, ta.tokenId)).toBe(true);
      expect((await store.status(concertId, a, ta.tokenId)).activeUntil).toBe(now + 300_000);
      clock.advance(1_000);
      expect(await store.isActive(concertId, a, ta.tokenId)).toBe(false);
    });

    it("drops a waiter who stopped polling for the idle timeout and skips them on admission", async () => {
      const { store, concertId, clock } = await setup({ QUEUE_MAX_ACTIVE: 1, QUEUE_IDLE_TIMEOUT_SECONDS: 30 });
      const [a, idle, polling] = users(3) as [string, string, string];
      const ta = await store.join(concertId, a);
      const ti = await store.join(concertId, idle);
      const tp = await store.join(concertId, polling);
      clock.advance(20_000);
      await store.status(concertId, polling, tp.tokenId);
      clock.advance(15_000); // idle: 35 s since last poll; polling: 15 s
      await store.end(concertId, a, ta.tokenId);
      expect(await store.isActive(concertId, polling, tp.tokenId)).toBe(true);
      expect((await store.status(concertId, idle, ti.tokenId)).status).toBe("EXPIRED");
    });

    it("drops idle waiters near the front on the tick so places stay exact", async () => {
      const { store, concertId, clock } = await setup({ QUEUE_MAX_ACTIVE: 1, QUEUE_IDLE_TIMEOUT_SECONDS: 30 });
      const [a, idle, polling] = users(3) as [string, string, string];
      await store.join(concertId, a);
      await store.join(concertId, idle);
      const tp = await store.join(concertId, polling);
      clock.advance(20_000);
      await store.status(concertId, polling, tp.tokenId);
      clock.advance(15_000);
      await store.tick(concertId);
      expect((await store.status(concertId, polling, tp.tokenId)).position).toBe(1);
      expect((await store.stats(concertId)).waiting).toBe(1);
    });

    it("a waiter who comes back after the idle timeout gets a new place at the back", async () => {
      const { store, concertId, clock } = await setup({ QUEUE_MAX_ACTIVE: 1, QUEUE_IDLE_TIMEOUT_SECONDS: 30 });
      const [a, b, c] = users(3) as [string, string, string];
      await store.join(concertId, a);
      const tb = await store.join(concertId, b);
      clock.advance(20_000);
      const tc = await store.join(concertId, c);
      clock.advance(15_000);
      const back = await store.join(concertId, b);
      expect(back.tokenId).not.toBe(tb.tokenId);
      expect(back.position).toBe(2);
      expect((await store.status(concertId, c, tc.tokenId)).position).toBe(1);
    });

    it("after the pass ends (payment), asking again queues at the back with a new token", async () => {
      const { store, concertId } = await setup({ QUEUE_MAX_ACTIVE: 1 });
      const [a, b] = users(2) as [string, string];
      const ta = await store.join(concertId, a);
      await store.join(concertId, b);
      await store.end(concertId, a, ta.tokenId);
      const again = await store.join(concertId, a);
      expect(again.tokenId).not.toBe(ta.tokenId);
      expect(again.status).toBe("WAITING");
      expect(again.position).toBe(1);
      expect(await store.isActive(concertId, a, ta.tokenId)).toBe(false);
    });

    it("a token id that is not the user's current pass is never active", async () => {
      const { store, concertId } = await setup();
      const [a, b] = users(2) as [string, string];
      const ta = await store.join(concertId, a);
      expect(await store.isActive(concertId, a, `${ta.tokenId}0`)).toBe(false);
      expect(await store.isActive(concertId, b, ta.tokenId)).toBe(false);
      expect(await store.isActive(randomUUID(), a, ta.tokenId)).toBe(false);
    });

    it("reports waiting, active and admissions of the last minute, and the concerts with lines", async () => {
      const { store, concertId, clock } = await setup({ QUEUE_MAX_ACTIVE: 2 });
      for (const id of users(5)) await store.join(concertId, id);
      expect(await store.stats(concertId)).toEqual({ waiting: 3, active: 2, admittedLastMinute: 2 });
      clock.advance(61_000);
      expect((await store.stats(concertId)).admittedLastMinute).toBe(0);
      expect(await store.concertsWithLines()).toContain(concertId);
    });

    it("estimates from the observed admissions: the state carries admissions of the last minute", async () => {
      const { store, concertId } = await setup({ QUEUE_MAX_ACTIVE: 3 });
      const results = [];
      for (const id of users(4)) results.push(await store.join(concertId, id));
      expect(results[3]!.admittedLastMinute).toBe(3);
    });

    it("never admits more than the cap when 10x the cap join at once; places are 1..N", async () => {
      const { store, concertId } = await setup({ QUEUE_MAX_ACTIVE: 10 });
      const results = await Promise.all(users(100).map((id) => store.join(concertId, id)));
      expect(results.filter((r) => r.status === "ACTIVE")).toHaveLength(10);
      const places = results.filter((r) => r.status === "WAITING").map((r) => r.position).sort((x, y) => x - y);
      expect(places).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
      expect(new Set(results.map((r) => r.tokenId)).size).toBe(100);
    });
  });
}
