import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/env";
import { settingsArbitrary } from "@/test/env-arbitrary";
import { FakeClock } from "@/test/clock";
import { MemoryQueueStore } from "./memory-queue-store";
import type { LineRules, QueueState } from "./queue-store";
import { ZQueueTicket, ZQueueView } from "./queue.schema";
import { estimateWaitSeconds, pollAfterMs, toQueueView } from "./queue.service";

const config = { QUEUE_MAX_ACTIVE: 100, QUEUE_ACTIVE_TTL_SECONDS: 600, QUEUE_IDLE_TIMEOUT_SECONDS: 300 };
const NOW = Date.UTC(2030, 0, 1, 12);
const waiting = (position: number) => ({ status: "WAITING" as const, position, opensAt: null });

describe("estimateWaitSeconds", () => {
  it("is zero for those not waiting", () => {
    expect(estimateWaitSeconds(0, 50, config)).toBe(0);
  });
  it("divides the place by the admission rate observed over the last minute", () => {
    expect(estimateWaitSeconds(120, 60, config)).toBe(120);
    expect(estimateWaitSeconds(1, 600, config)).toBe(1);
  });
  it("assumes one turnover per pass lifetime before any admission is seen", () => {
    expect(estimateWaitSeconds(1, 0, config)).toBe(600);
    expect(estimateWaitSeconds(101, 0, config)).toBe(1200);
  });
});

describe("pollAfterMs", () => {
  it("is one second at the front and grows with the distance, capped", () => {
    const at = (position: number) => pollAfterMs(waiting(position), config, NOW);
    expect(at(1)).toBe(1_000);
    expect(at(50)).toBeGreaterThan(at(1));
    expect(at(500)).toBeGreaterThan(at(50));
    expect(at(1_000_000)).toBe(15_000);
  });
  it("stays well within the idle timeout", () => {
    const short = { ...config, QUEUE_IDLE_TIMEOUT_SECONDS: 6 };
    expect(pollAfterMs(waiting(10_000), short, NOW)).toBe(2_000);
  });
  it("is whole milliseconds when the idle timeout is not a multiple of 3 (5 s: 1,666 ms, not 1,666.67)", () => {
    const five = { ...config, QUEUE_IDLE_TIMEOUT_SECONDS: 5 };
    expect(pollAfterMs(waiting(10_000), five, NOW)).toBe(1_666);
    expect(pollAfterMs({ status: "ACTIVE", position: 0, opensAt: null }, five, NOW)).toBe(1_666);
  });
  it("brings a pre-queue page back around the opening, within the idle timeout", () => {
    const pre = (inMs: number) => pollAfterMs({ status: "PREQUEUE", position: 0, opensAt: NOW + inMs }, config, NOW);
    expect(pre(4_000)).toBe(4_000);
    expect(pre(10)).toBe(1_000);
    expect(pre(3_600_000)).toBe(15_000);
  });
  it("tells an expired pass to stop polling", () => {
    expect(pollAfterMs({ status: "EXPIRED", position: 0, opensAt: null }, config, NOW)).toBe(0);
  });
});

const state = (s: Partial<QueueState>): QueueState => ({
  status: "WAITING",
  position: 0,
  activeUntil: null,
  admittedLastMinute: 0,
  opensAt: null,
  reason: null,
  ...s,
});

describe("toQueueView", () => {
  it("renders activeUntil as ISO only while ACTIVE", () => {
    const until = Date.UTC(2030, 0, 1, 13);
    expect(toQueueView(state({ status: "ACTIVE", activeUntil: until, admittedLastMinute: 5 }), config, NOW)).toEqual({
      status: "ACTIVE",
      position: 0,
      estimatedWaitSeconds: 0,
      activeUntil: "2030-01-01T13:00:00.000Z",
      pollAfterMs: 5_000,
      opensAt: null,
    });
    expect(toQueueView(state({ position: 3 }), config, NOW).activeUntil).toBeNull();
  });
  it("in the pre-queue: no place, the opening, and the wait until it", () => {
    expect(toQueueView(state({ status: "PREQUEUE", opensAt: NOW + 252_500 }), config, NOW)).toMatchObject({
      status: "PREQUEUE",
      position: 0,
      estimatedWaitSeconds: 253,
      opensAt: "2030-01-01T12:04:12.500Z",
    });
  });
  it("says why a pass ended when the line was closed", () => {
    expect(toQueueView(state({ status: "EXPIRED", reason: "LINE_CLOSED" }), config, NOW)).toMatchObject({
      status: "EXPIRED",
      reason: "LINE_CLOSED",
      pollAfterMs: 0,
    });
  });
});

const QUEUE_SETTINGS = [
  "QUEUE_MAX_ACTIVE",
  "QUEUE_ACTIVE_TTL_SECONDS",
  "QUEUE_PASS_MAX_SECONDS",
  "QUEUE_IDLE_TIMEOUT_SECONDS",
  "QUEUE_TICK_MS",
] as const;

describe("every queue answer is valid for every valid setting", () => {
  it("toQueueView satisfies the output schema for any state a store can report", () => {
    fc.assert(
      fc.property(
        settingsArbitrary(QUEUE_SETTINGS),
        fc.constantFrom("PREQUEUE", "WAITING", "ACTIVE", "EXPIRED" as const),
        fc.integer({ min: 0, max: 67_108_864 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 400 * 86_400_000 }),
        fc.option(fc.integer({ min: -86_400_000, max: 100 * 365 * 86_400_000 })),
        (settings, status, position, admittedLastMinute, activeFor, opensIn) => {
          const s = state({
            status,
            position: status === "WAITING" ? position + 1 : 0,
            activeUntil: status === "ACTIVE" ? NOW + activeFor : null,
            admittedLastMinute,
            opensAt: opensIn === null ? null : NOW + opensIn,
          });
          ZQueueView.parse(toQueueView(s, settings, NOW));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("a line run with any valid settings answers every join and poll with a valid view", async () => {
    await fc.assert(
      fc.asyncProperty(
        settingsArbitrary(QUEUE_SETTINGS),
        fc.array(
          fc.tuple(fc.constantFrom("join", "poll", "tick", "wait"), fc.nat(9), fc.integer({ min: 1, max: 120_000 })),
          {
            minLength: 1,
            maxLength: 40,
          },
        ),
        fc.integer({ min: 0, max: 60_000 }),
        async (settings, steps, opensIn) => {
          const clock = new FakeClock(NOW);
          const store = new MemoryQueueStore(settings, clock);
          const rules: LineRules = {
            version: 1,
            opensAt: NOW + opensIn,
            paused: false,
            closed: false,
            maxActive: settings.QUEUE_MAX_ACTIVE,
            admitPerMinute: 0,
          };
          const tokens = new Map<number, string>();
          for (const [step, fan, ms] of steps) {
            const userId = `fan-${fan}`;
            const now = () => clock.now().getTime();
            if (step === "join") {
              const { tokenId, ...s } = await store.join("c", userId, rules);
              tokens.set(fan, tokenId);
              ZQueueTicket.parse({ queueToken: "t", ...toQueueView(s, settings, now()) });
            } else if (step === "poll" && tokens.has(fan)) {
              ZQueueView.parse(toQueueView(await store.status("c", userId, tokens.get(fan)!), settings, now()));
            } else if (step === "tick") {
              await store.tick("c", rules);
            } else {
              clock.advance(ms);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("the settings drawn are the schema's own: the defaults parse and are in range", () => {
    const defaults = parseConfig({ NODE_ENV: "test", DATABASE_URL: "x" });
    fc.assert(
      fc.property(settingsArbitrary(QUEUE_SETTINGS), (drawn) => {
        const parsed = parseConfig({
          NODE_ENV: "test",
          DATABASE_URL: "x",
          ...Object.fromEntries(Object.entries(drawn).map(([k, v]) => [k, String(v)])),
        });
        expect(Object.fromEntries(QUEUE_SETTINGS.map((k) => [k, parsed[k]]))).toEqual(drawn);
      }),
    );
    expect(defaults.QUEUE_PASS_MAX_SECONDS).toBe(900);
  });
});
