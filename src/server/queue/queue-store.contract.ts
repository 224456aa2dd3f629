import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { FakeClock } from "@/test/clock";
import type { LineRules, QueueStore, QueueTiming } from "./queue-store";

export type StoreSettings = QueueTiming & { QUEUE_MAX_ACTIVE: number };

export type StoreFactory = (settings: QueueTiming, clock: FakeClock) => Promise<QueueStore>;

const DEFAULTS: StoreSettings = {
  QUEUE_MAX_ACTIVE: 2,
  QUEUE_ACTIVE_TTL_SECONDS: 600,
  QUEUE_PASS_MAX_SECONDS: 900,
  QUEUE_IDLE_TIMEOUT_SECONDS: 300,
  QUEUE_TICK_MS: 250,
};

/** Spearman's rank correlation of two rankings of the same n items (1..n, no ties). */
function rankCorrelation(a: number[], b: number[]): number {
  const n = a.length;
  const d2 = a.reduce((sum, x, i) => sum + (x - b[i]!) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

/**
 * The behaviour every waiting-room store must have: one suite, run against each implementation.
 */
export function describeQueueStore(name: string, makeStore: StoreFactory) {
  describe(`${name} queue store`, () => {
    async function setup(overrides: Partial<StoreSettings> & { rules?: Partial<LineRules> } = {}) {
      const clock = new FakeClock();
      const { rules: ruleOverrides, ...settingOverrides } = overrides;
      const settings = { ...DEFAULTS, ...settingOverrides };
      const store = await makeStore(settings, clock);
      const rules: LineRules = {
        version: 1,
        opensAt: 0,
        paused: false,
        closed: false,
        maxActive: settings.QUEUE_MAX_ACTIVE,
        admitPerMinute: 0,
        ...ruleOverrides,
      };
      return { clock, store, settings, rules, concertId: randomUUID() };
    }
    const users = (n: number) => Array.from({ length: n }, () => randomUUID());
    const isActive = async (store: QueueStore, concertId: string, userId: string, tokenId: string) =>
      (await store.activePass(concertId, userId, tokenId)) !== null;

    it("admits in strict FIFO order of first request up to the cap; the rest wait with places 1..N", async () => {
      const { store, concertId, rules } = await setup();
      const ids = users(5);
      const results = [];
      for (const id of ids) results.push(await store.join(concertId, id, rules));
      expect(results.map((r) => r.status)).toEqual(["ACTIVE", "ACTIVE", "WAITING", "WAITING", "WAITING"]);
      expect(results.map((r) => r.position)).toEqual([0, 0, 1, 2, 3]);
      expect(results[0]!.activeUntil).toBeGreaterThan(0);
      expect(results[2]!.activeUntil).toBeNull();
    });

    it("gives the same place to a user who asks again, never a second one", async () => {
      const { store, concertId, rules } = await setup({ QUEUE_MAX_ACTIVE: 1 });
      const [a, b, c] = users(3) as [string, string, string];
      await store.join(concertId, a, rules);
      const first = await store.join(concertId, b, rules);
      await store.join(concertId, c, rules);
      const again = await store.join(concertId, b, rules);
      expect(again.tokenId).toBe(first.tokenId);
      expect(again.position).toBe(1);
      expect((await store.join(concertId, c, rules)).position).toBe(2);
      expect((await store.stats(concertId)).waiting).toBe(2);
    });

    it("hands a freed slot to the head of the line at once", async () => {
      const { store, concertId, rules } = await setup({ QUEUE_MAX_ACTIVE: 1 });
      const [a, b, c] = users(3) as [string, string, string];
      const ta = await store.join(concertId, a, rules);
      const tb = await store.join(concertId, b, rules);
      const tc = await store.join(concertId, c, rules);
      await store.end(concertId, a, ta.tokenId);
      expect(await isActive(store, concertId, a, ta.tokenId)).toBe(false);
      expect(await isActive(store, concertId, b, tb.tokenId)).toBe(true);
      expect((await store.status(concertId, c, tc.tokenId)).position).toBe(1);
      expect((await store.status(concertId, a, ta.tokenId)).status).toBe("EXPIRED");
    });

    it("lets a waiter leave the line; those behind move up", async () => {
      const { store, concertId, rules } = await setup({ QUEUE_MAX_ACTIVE: 1 });
      const [a, b, c] = users(3) as [string, string, string];
      await store.join(concertId, a, rules);
      const tb = await store.join(concertId, b, rules);
      const tc = await store.join(concertId, c, rules);
      await store.end(concertId, b, tb.tokenId);
      expect((await store.status(concertId, b, tb.tokenId)).status).toBe("EXPIRED");
      expect((await store.status(concertId, c, tc.tokenId)).position).toBe(1);
    });

    it("ends an ACTIVE pass after its TTL, exactly, and admits the next on the tick", async () => {
      const { store, concertId, clock, rules } = await setup({ QUEUE_MAX_ACTIVE: 1, QUEUE_ACTIVE_TTL_SECONDS: 60 });
      const [a, b] = users(2) as [string, string];
      const ta = await store.join(concertId, a, rules);
      const tb = await store.join(concertId, b, rules);
      clock.advance(59_999);
      expect(await isActive(store, concertId, a, ta.tokenId)).toBe(true);
      clock.advance(1);
      // Lapsed at once for the gate, before any cleanup ran.
      expect(await isActive(store, concertId, a, ta.tokenId)).toBe(false);
      expect(await store.tick(concertId, rules)).toBe(1);
      expect(await isActive(store, concertId, b, tb.tokenId)).toBe(true);
      expect((await store.status(concertId, a, ta.tokenId)).status).toBe("EXPIRED");
    });

    it("extends an ACTIVE pass to cover a hold, never shortens it, and ignores others", async () => {
      const { store, concertId, clock, rules } = await setup({ QUEUE_MAX_ACTIVE: 1, QUEUE_ACTIVE_TTL_SECONDS: 60 });
      const [a, b] = users(2) as [string, string];
      const ta = await store.join(concertId, a, rules);
      const tb = await store.join(concertId, b, rules);
      const now = clock.now().getTime();
      await store.extend(concertId, a, ta.tokenId, now + 300_000);
      await store.extend(concertId, a, ta.tokenId, now + 10_000);
      await store.extend(concertId, b, tb.tokenId, now + 300_000);
      clock.advance(299_000);
      expect(await isActive(store, concertId, a, ta.tokenId)).toBe(true);
      expect((await store.status(concertId, a, ta.tokenId)).activeUntil).toBe(now + 300_000);
      clock.advance(1_000);
      expect(await isActive(store, concertId, a, ta.tokenId)).toBe(false);
    });

    it("drops a waiter who stopped polling for the idle timeout and skips them on admission", async () => {
      const { store, concertId, clock, rules } = await setup({ QUEUE_MAX_ACTIVE: 1, QUEUE_IDLE_TIMEOUT_SECONDS: 30 });
      const [a, idle, polling] = users(3) as [string, string, string];
      const ta = await store.join(concertId, a, rules);
      const ti = await store.join(concertId, idle, rules);
      const tp = await store.join(concertId, polling, rules);
      clock.advance(20_000);
      await store.status(concertId, polling, tp.tokenId);
      clock.advance(15_000); // idle: 35 s since last poll; polling: 15 s
      await store.end(concertId, a, ta.tokenId);
      expect(await isActive(store, concertId, polling, tp.tokenId)).toBe(true);
      expect((await store.status(concertId, idle, ti.tokenId)).status).toBe("EXPIRED");
    });

    it("drops idle waiters near the front on the tick so places stay exact", async () => {
      const { store, concertId, clock, rules } = await setup({ QUEUE_MAX_ACTIVE: 1, QUEUE_IDLE_TIMEOUT_SECONDS: 30 });
      const [a, idle, polling] = users(3) as [string, string, string];
      await store.join(concertId, a, rules);
      await store.join(concertId, idle, rules);
      const tp = await store.join(concertId, polling, rules);
      clock.advance(20_000);
      await store.status(concertId, polling, tp.tokenId);
      clock.advance(15_000);
      await store.tick(concertId, rules);
      expect((await store.status(concertId, polling, tp.tokenId)).position).toBe(1);
      expect((await store.stats(concertId)).waiting).toBe(1);
    });

    it("a waiter who comes back after the idle timeout gets a new place at the back", async () => {
      const { store, concertId, clock, rules } = await setup({ QUEUE_MAX_ACTIVE: 1, QUEUE_IDLE_TIMEOUT_SECONDS: 30 });
      const [a, b, c] = users(3) as [string, string, string];
      await store.join(concertId, a, rules);
      const tb = await store.join(concertId, b, rules);
      clock.advance(20_000);
      const tc = await store.join(concertId, c, rules);
      clock.advance(15_000);
      const back = await store.join(concertId, b, rules);
      expect(back.tokenId).not.toBe(tb.tokenId);
      expect(back.position).toBe(2);
      expect((await store.status(concertId, c, tc.tokenId)).position).toBe(1);
    });

    it("after the pass ends (payment), asking again queues at the back with a new token", async () => {
      const { store, concertId, rules } = await setup({ QUEUE_MAX_ACTIVE: 1 });
      const [a, b] = users(2) as [string, string];
      const ta = await store.join(concertId, a, rules);
      await store.join(concertId, b, rules);
      await store.end(concertId, a, ta.tokenId);
      const again = await store.join(concertId, a, rules);
      expect(again.tokenId).not.toBe(ta.tokenId);
      expect(again.status).toBe("WAITING");
      expect(again.position).toBe(1);
      expect(await isActive(store, concertId, a, ta.tokenId)).toBe(false);
    });

    it("a token id that is not the user's current pass is never active", async () => {
      const { store, concertId, rules } = await setup();
      const [a, b] = users(2) as [string, string];
      const ta = await store.join(concertId, a, rules);
      expect(await isActive(store, concertId, a, `${ta.tokenId}0`)).toBe(false);
      expect(await isActive(store, concertId, b, ta.tokenId)).toBe(false);
      expect(await isActive(store, randomUUID(), a, ta.tokenId)).toBe(false);
    });

    it("reports waiting, active and admissions of the last minute, and the concerts with lines", async () => {
      const { store, concertId, clock, rules } = await setup({ QUEUE_MAX_ACTIVE: 2 });
      for (const id of users(5)) await store.join(concertId, id, rules);
      expect(await store.stats(concertId)).toEqual({ waiting: 3, prequeue: 0, active: 2, admittedLastMinute: 2 });
      clock.advance(61_000);
      expect((await store.stats(concertId)).admittedLastMinute).toBe(0);
      expect(await store.concertsWithLines()).toContain(concertId);
    });

    it("estimates from the observed admissions: the state carries admissions of the last minute", async () => {
      const { store, concertId, rules } = await setup({ QUEUE_MAX_ACTIVE: 3 });
      const results = [];
      for (const id of users(4)) results.push(await store.join(concertId, id, rules));
      expect(results[3]!.admittedLastMinute).toBe(3);
    });

    it("never admits more than the cap when 10x the cap join at once; places are 1..N", async () => {
      const { store, concertId, rules } = await setup({ QUEUE_MAX_ACTIVE: 10 });
      const results = await Promise.all(users(100).map((id) => store.join(concertId, id, rules)));
      expect(results.filter((r) => r.status === "ACTIVE")).toHaveLength(10);
      const places = results
        .filter((r) => r.status === "WAITING")
        .map((r) => r.position)
        .sort((x, y) => x - y);
      expect(places).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
      expect(new Set(results.map((r) => r.tokenId)).size).toBe(100);
    });

    it("ends a pass at its hard end, however often it is extended, and admits the next", async () => {
      const { store, concertId, clock, rules } = await setup({
        QUEUE_MAX_ACTIVE: 1,
        QUEUE_ACTIVE_TTL_SECONDS: 20,
        QUEUE_PASS_MAX_SECONDS: 60,
      });
      const [a, b] = users(2) as [string, string];
      const admittedAt = clock.now().getTime();
      const ta = await store.join(concertId, a, rules);
      const tb = await store.join(concertId, b, rules);
      expect(ta.activeUntil).toBe(admittedAt + 20_000);
      expect(await store.activePass(concertId, a, ta.tokenId)).toEqual({
        until: admittedAt + 20_000,
        hardEnd: admittedAt + 60_000,
      });
      // Re-holding every 10 s asks for ever more time; the pass never goes past admission + 60 s.
      for (let t = 0; t < 6; t++) {
        await store.extend(concertId, a, ta.tokenId, clock.now().getTime() + 70_000);
        expect((await store.activePass(concertId, a, ta.tokenId))?.until).toBe(admittedAt + 60_000);
        clock.advance(10_000);
        await store.tick(concertId, rules);
      }
      expect(await isActive(store, concertId, a, ta.tokenId)).toBe(false);
      expect(await isActive(store, concertId, b, tb.tokenId)).toBe(true);
      expect((await store.status(concertId, a, ta.tokenId)).status).toBe("EXPIRED");
    });

    it("a pass shorter than QUEUE_ACTIVE_TTL_SECONDS when the hard end comes first", async () => {
      const { store, concertId, clock, rules } = await setup({
        QUEUE_ACTIVE_TTL_SECONDS: 600,
        QUEUE_PASS_MAX_SECONDS: 30,
      });
      const t = await store.join(concertId, randomUUID(), rules);
      expect(t.activeUntil).toBe(clock.now().getTime() + 30_000);
    });

    it("holds early fans in a pre-queue, admits nobody before the opening, then draws their places once", async () => {
      const clock0 = Date.UTC(2030, 0, 1, 12);
      const { store, concertId, clock, rules } = await setup({
        QUEUE_MAX_ACTIVE: 2,
        rules: { opensAt: clock0 + 60_000 },
      });
      const early = users(6);
      const joined = [];
      for (const id of early) joined.push(await store.join(concertId, id, rules));
      for (const j of joined)
        expect(j).toMatchObject({ status: "PREQUEUE", position: 0, activeUntil: null, opensAt: clock0 + 60_000 });
      expect(await store.stats(concertId)).toEqual({ waiting: 0, prequeue: 6, active: 0, admittedLastMinute: 0 });
      clock.advance(30_000);
      expect(await store.tick(concertId, rules)).toBe(0);
      for (let i = 0; i < early.length; i++) {
        expect((await store.status(concertId, early[i]!, joined[i]!.tokenId)).status).toBe("PREQUEUE");
      }
      clock.advance(30_000);
      expect(await store.tick(concertId, rules)).toBe(2);
      const late = await store.join(concertId, randomUUID(), rules);
      const after = [];
      for (let i = 0; i < early.length; i++) after.push(await store.status(concertId, early[i]!, joined[i]!.tokenId));
      expect(after.every((st) => st.opensAt === null)).toBe(true);
      expect(after.filter((st) => st.status === "ACTIVE")).toHaveLength(2);
      const places = after.filter((st) => st.status === "WAITING").map((st) => st.position);
      expect(places.sort()).toEqual([1, 2, 3, 4]);
      // Behind every fan of the pre-queue.
      expect(late).toMatchObject({ status: "WAITING", position: 5, opensAt: null });
      // Once: later ticks and polls leave the drawn places as they are.
      clock.advance(1_000);
      await store.tick(concertId, rules);
      for (let i = 0; i < early.length; i++) {
        expect((await store.status(concertId, early[i]!, joined[i]!.tokenId)).position).toBe(after[i]!.position);
      }
    });

    it("a fan who joins after the opening, before any tick drew the pre-queue, stays behind all of it", async () => {
      const clock0 = Date.UTC(2030, 0, 1, 12);
      const { store, concertId, clock, rules } = await setup({
        QUEUE_MAX_ACTIVE: 1,
        rules: { opensAt: clock0 + 1_000 },
      });
      const early = users(3);
      const tickets = [];
      for (const id of early) tickets.push(await store.join(concertId, id, rules));
      clock.advance(1_000);
      const late = randomUUID();
      const lateTicket = await store.join(concertId, late, rules);
      expect(lateTicket.status).not.toBe("PREQUEUE");
      await store.tick(concertId, rules);
      expect((await store.status(concertId, late, lateTicket.tokenId)).position).toBe(3);
      const places = [];
      for (let i = 0; i < 3; i++) places.push((await store.status(concertId, early[i]!, tickets[i]!.tokenId)).position);
      expect(places.sort()).toEqual([0, 1, 2]);
    });

    it("draws a uniformly random order: a permutation of the pre-queue, not correlated with joining", async () => {
      const clock0 = Date.UTC(2030, 0, 1, 12);
      const { store, concertId, clock, rules } = await setup({
        QUEUE_MAX_ACTIVE: 1,
        rules: { opensAt: clock0 + 1_000, paused: true },
      });
      const fans = users(1_000);
      const tickets = [];
      for (const id of fans) tickets.push(await store.join(concertId, id, rules));
      clock.advance(1_000);
      await store.tick(concertId, rules);
      const places = [];
      for (let i = 0; i < fans.length; i++)
        places.push((await store.status(concertId, fans[i]!, tickets[i]!.tokenId)).position);
      expect([...places].sort((x, y) => x - y)).toEqual(fans.map((_, i) => i + 1));
      // Under a uniform draw, Spearman's rho over n = 1,000 has mean 0 and standard deviation
      // 1/sqrt(n - 1) = 0.0316; |rho| < 0.15 is 4.7 standard deviations, failed by chance about
      // once in 400,000 runs. Arrival order kept (or reversed) would give rho = 1 (or -1).
      const rho = rankCorrelation(
        fans.map((_, i) => i + 1),
        places,
      );
      expect(Math.abs(rho)).toBeLessThan(0.15);
    });

    it("drops pre-queue fans who stopped polling before the draw", async () => {
      const clock0 = Date.UTC(2030, 0, 1, 12);
      const { store, concertId, clock, rules } = await setup({
        QUEUE_MAX_ACTIVE: 1,
        QUEUE_IDLE_TIMEOUT_SECONDS: 30,
        rules: { opensAt: clock0 + 60_000 },
      });
      const [gone, polling, other] = users(3) as [string, string, string];
      const tg = await store.join(concertId, gone, rules);
      const tp = await store.join(concertId, polling, rules);
      const to = await store.join(concertId, other, rules);
      for (let t = 0; t < 3; t++) {
        clock.advance(20_000);
        await store.status(concertId, polling, tp.tokenId);
        await store.status(concertId, other, to.tokenId);
      }
      await store.tick(concertId, rules);
      expect((await store.status(concertId, gone, tg.tokenId)).status).toBe("EXPIRED");
      const states = [
        await store.status(concertId, polling, tp.tokenId),
        await store.status(concertId, other, to.tokenId),
      ];
      expect(states.map((st) => st.status).sort()).toEqual(["ACTIVE", "WAITING"]);
      expect((await store.stats(concertId)).waiting).toBe(1);
    });

    it("moving the opening later after a draw admits nobody until then; newcomers are drawn behind those in line", async () => {
      const { store, concertId, clock, rules } = await setup({ QUEUE_MAX_ACTIVE: 1 });
      const [a, b, c, d] = users(4) as [string, string, string, string];
      await store.join(concertId, a, rules);
      const tb = await store.join(concertId, b, rules);
      const later = { ...rules, version: 2, opensAt: clock.now().getTime() + 10_000 };
      await store.applyRules(concertId, later);
      const tc = await store.join(concertId, c, later);
      const td = await store.join(concertId, d, later);
      expect((await store.status(concertId, b, tb.tokenId)).position).toBe(1);
      expect((await store.status(concertId, c, tc.tokenId)).status).toBe("PREQUEUE");
      clock.advance(10_000);
      await store.tick(concertId, later);
      expect((await store.status(concertId, b, tb.tokenId)).position).toBe(1);
      const drawn = [
        (await store.status(concertId, c, tc.tokenId)).position,
        (await store.status(concertId, d, td.tokenId)).position,
      ];
      expect(drawn.sort()).toEqual([2, 3]);
    });

    it("paused: nobody is admitted and everyone keeps the place; resumed: admitted in order", async () => {
      const { store, concertId, clock, rules } = await setup({ QUEUE_MAX_ACTIVE: 2 });
      const [a, b, c] = users(3) as [string, string, string];
      const ta = await store.join(concertId, a, rules);
      const paused = { ...rules, version: 2, paused: true };
      await store.applyRules(concertId, paused);
      const tb = await store.join(concertId, b, paused);
      const tc = await store.join(concertId, c, paused);
      await store.end(concertId, a, ta.tokenId);
      clock.advance(5_000);
      expect(await store.tick(concertId, paused)).toBe(0);
      expect((await store.status(concertId, b, tb.tokenId)).position).toBe(1);
      expect((await store.status(concertId, c, tc.tokenId)).position).toBe(2);
      expect(await store.stats(concertId)).toMatchObject({ waiting: 2, active: 0 });
      expect(await store.tick(concertId, { ...paused, version: 3, paused: false })).toBe(2);
      expect(await isActive(store, concertId, b, tb.tokenId)).toBe(true);
      expect(await isActive(store, concertId, c, tc.tokenId)).toBe(true);
    });

    it("keeps the newest rules: an older version passed later changes nothing", async () => {
      const { store, concertId, rules } = await setup({ QUEUE_MAX_ACTIVE: 1 });
      await store.applyRules(concertId, { ...rules, version: 5, paused: true });
      const [a] = users(1) as [string];
      const ta = await store.join(concertId, a, { ...rules, version: 4 });
      expect(ta.status).toBe("WAITING");
      expect(await store.tick(concertId, { ...rules, version: 5 })).toBe(0);
      expect(await store.tick(concertId, { ...rules, version: 6 })).toBe(1);
    });

    it("paces admissions evenly, never more than admitPerMinute in any minute", async () => {
      const { store, concertId, clock, rules } = await setup({
        QUEUE_MAX_ACTIVE: 10_000,
        QUEUE_IDLE_TIMEOUT_SECONDS: 3_600,
        rules: { admitPerMinute: 120 },
      });
      const fans = users(400);
      for (const id of fans) await store.join(concertId, id, rules);
      const admittedAt: number[] = [];
      for (let t = 0; t < 150_000; t += 250) {
        const n = await store.tick(concertId, rules);
        for (let i = 0; i < n; i++) admittedAt.push(t);
        clock.advance(250);
      }
      // Every 60-second window holds at most 120 admissions.
      for (let i = 0; i + 120 < admittedAt.length; i++)
        expect(admittedAt[i + 120]! - admittedAt[i]!).toBeGreaterThanOrEqual(60_000);
      // Evenly: one per 500 ms, so within any 10 s about 20 (never a burst then a stall).
      for (let start = 0; start < 140_000; start += 10_000) {
        const n = admittedAt.filter((t) => t >= start && t < start + 10_000).length;
        expect(n).toBeGreaterThanOrEqual(19);
        expect(n).toBeLessThanOrEqual(21);
      }
    });

    it("closed: newcomers are refused, waiters are told the line closed, admitted fans keep their pass", async () => {
      const { store, concertId, rules } = await setup({ QUEUE_MAX_ACTIVE: 1 });
      const [a, b, c] = users(3) as [string, string, string];
      const ta = await store.join(concertId, a, rules);
      const tb = await store.join(concertId, b, rules);
      const closed = { ...rules, version: 2, closed: true };
      await store.applyRules(concertId, closed);
      expect(await store.join(concertId, c, closed)).toMatchObject({
        status: "EXPIRED",
        reason: "LINE_CLOSED",
        position: 0,
      });
      expect(await store.status(concertId, b, tb.tokenId)).toMatchObject({ status: "EXPIRED", reason: "LINE_CLOSED" });
      expect(await store.status(concertId, a, ta.tokenId)).toMatchObject({ status: "ACTIVE", reason: null });
      expect(await store.stats(concertId)).toMatchObject({ waiting: 0, prequeue: 0, active: 1 });
      // Reopened: the old places are gone for good; newcomers line up again.
      const open = { ...rules, version: 3 };
      expect(await store.tick(concertId, open)).toBe(0);
      expect(await store.status(concertId, b, tb.tokenId)).toMatchObject({ status: "EXPIRED", reason: null });
      expect((await store.join(concertId, c, open)).status).toBe("WAITING");
    });

    describe("poll: the waiting room's hot path", () => {
      /** Every fan's poll and exact status, side by side. */
      async function compare(store: QueueStore, concertId: string, fans: [string, { tokenId: string }][]) {
        const polled = [];
        const exact = [];
        for (const [id, t] of fans) polled.push(await store.poll(concertId, id, t.tokenId));
        for (const [id, t] of fans) exact.push(await store.status(concertId, id, t.tokenId));
        return { polled, exact };
      }

      it("answers as status does once a tick has run: every status and place exact", async () => {
        const { store, concertId, rules } = await setup({ QUEUE_MAX_ACTIVE: 3 });
        const fans: [string, { tokenId: string }][] = [];
        for (const id of users(40)) fans.push([id, await store.join(concertId, id, rules)]);
        // Some leave from the middle and the front, one pass ends: places shift, one is admitted.
        for (const i of [0, 5, 6, 20, 39]) await store.end(concertId, fans[i]![0], fans[i]![1].tokenId);
        await store.tick(concertId, rules);
        const { polled, exact } = await compare(store, concertId, fans);
        expect(polled).toEqual(exact);
        expect(exact.filter((st) => st.status === "WAITING").map((st) => st.position)).toEqual(
          Array.from({ length: 32 }, (_, i) => i + 1),
        );
      });

      it("between ticks shows no place lower than the true one; the next tick makes it exact", async () => {
        const { store, concertId, rules } = await setup({ QUEUE_MAX_ACTIVE: 1 });
        const fans: [string, { tokenId: string }][] = [];
        for (const id of users(12)) fans.push([id, await store.join(concertId, id, rules)]);
        await store.tick(concertId, rules);
        for (const i of [1, 3, 4]) await store.end(concertId, fans[i]![0], fans[i]![1].tokenId);
        const late = randomUUID();
        fans.push([late, await store.join(concertId, late, rules)]);
        const { polled, exact } = await compare(store, concertId, fans);
        for (let i = 0; i < fans.length; i++) {
          if (exact[i]!.status !== "WAITING") continue;
          expect(polled[i]!.status).toBe("WAITING");
          expect(polled[i]!.position).toBeGreaterThanOrEqual(exact[i]!.position);
        }
        await store.tick(concertId, rules);
        const after = await compare(store, concertId, fans);
        expect(after.polled).toEqual(after.exact);
      });

      it("a fan who only polls keeps the place past the idle timeout; one who stopped is dropped", async () => {
        const { store, concertId, clock, rules } = await setup({
          QUEUE_MAX_ACTIVE: 1,
          QUEUE_IDLE_TIMEOUT_SECONDS: 30,
        });
        const [a, idle, polling] = users(3) as [string, string, string];
        const ta = await store.join(concertId, a, rules);
        const ti = await store.join(concertId, idle, rules);
        const tp = await store.join(concertId, polling, rules);
        for (let t = 0; t < 120; t++) {
          clock.advance(500);
          if (t % 10 === 0) await store.poll(concertId, polling, tp.tokenId);
          await store.tick(concertId, rules);
        }
        await store.end(concertId, a, ta.tokenId);
        await store.tick(concertId, rules);
        expect(await isActive(store, concertId, polling, tp.tokenId)).toBe(true);
        expect((await store.poll(concertId, idle, ti.tokenId)).status).toBe("EXPIRED");
      });

      it("a fan idle past the timeout who polls again is dropped within a tick", async () => {
        const { store, concertId, clock, rules } = await setup({ QUEUE_MAX_ACTIVE: 1, QUEUE_IDLE_TIMEOUT_SECONDS: 30 });
        const fans = users(300);
        const tickets = [];
        for (const id of fans) tickets.push(await store.join(concertId, id, rules));
        clock.advance(40_000);
        await store.tick(concertId, rules);
        // Far behind the front the tick looks at, so only the fan's own poll finds them idle.
        const last = fans.length - 1;
        await store.poll(concertId, fans[last]!, tickets[last]!.tokenId);
        await store.tick(concertId, rules);
        expect((await store.poll(concertId, fans[last]!, tickets[last]!.tokenId)).status).toBe("EXPIRED");
      });

      it("knows drawn places: after the draw and a tick, every poll is exact, holes of leavers included", async () => {
        const clock0 = Date.UTC(2030, 0, 1, 12);
        const { store, concertId, clock, rules } = await setup({
          QUEUE_MAX_ACTIVE: 2,
          rules: { opensAt: clock0 + 10_000 },
        });
        const before = users(3);
        const fans: [string, { tokenId: string }][] = [];
        const opening = { ...rules, opensAt: 0 };
        // Three in line before the pre-queue (an open line), then the opening moves later.
        for (const id of before) fans.push([id, await store.join(concertId, id, opening)]);
        const later = { ...rules, version: 2 };
        await store.applyRules(concertId, later);
        for (const id of users(60)) fans.push([id, await store.join(concertId, id, later)]);
        await store.tick(concertId, later);
        const pre = await compare(store, concertId, fans.slice(3));
        expect(pre.polled.map((st) => st.status)).toEqual(pre.exact.map((st) => st.status));
        expect(pre.polled.every((st) => st.status === "PREQUEUE")).toBe(true);
        // Some leave the pre-queue before the draw, their places stay empty.
        for (const i of [3, 10, 11, 40]) await store.end(concertId, fans[i]![0], fans[i]![1].tokenId);
        await store.tick(concertId, later);
        clock.advance(10_000);
        await store.tick(concertId, later);
        const leftAfterDraw = 30;
        await store.end(concertId, fans[leftAfterDraw]![0], fans[leftAfterDraw]![1].tokenId);
        for (const id of users(5)) fans.push([id, await store.join(concertId, id, later)]);
        await store.tick(concertId, later);
        const { polled, exact } = await compare(store, concertId, fans);
        expect(polled).toEqual(exact);
        const places = exact.filter((st) => st.status === "WAITING").map((st) => st.position);
        expect(places.sort((x, y) => x - y)).toEqual(Array.from({ length: places.length }, (_, i) => i + 1));
      });

      it("closed: a poll says the line closed; a left fan's poll says EXPIRED after a tick", async () => {
        const { store, concertId, rules } = await setup({ QUEUE_MAX_ACTIVE: 1 });
        const [a, b, c] = users(3) as [string, string, string];
        await store.join(concertId, a, rules);
        const tb = await store.join(concertId, b, rules);
        const tc = await store.join(concertId, c, rules);
        await store.end(concertId, b, tb.tokenId);
        await store.tick(concertId, rules);
        expect(await store.poll(concertId, b, tb.tokenId)).toMatchObject({ status: "EXPIRED", reason: null });
        expect(await store.poll(concertId, c, tc.tokenId)).toMatchObject({ status: "WAITING", position: 1 });
        const closed = { ...rules, version: 2, closed: true };
        await store.tick(concertId, closed);
        expect(await store.poll(concertId, c, tc.tokenId)).toMatchObject({ status: "EXPIRED", reason: "LINE_CLOSED" });
        const open = { ...rules, version: 3 };
        await store.tick(concertId, open);
        const d = randomUUID();
        const td = await store.join(concertId, d, open);
        await store.tick(concertId, open);
        expect(await store.poll(concertId, c, tc.tokenId)).toMatchObject({ status: "EXPIRED", reason: null });
        expect(await store.poll(concertId, d, td.tokenId)).toMatchObject({ status: "WAITING", position: 1 });
      });
    });
  });
}
