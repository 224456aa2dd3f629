import { describe, expect, it } from "vitest";
import { estimateWaitSeconds, pollAfterMs, toQueueView } from "./queue.service";

const config = { QUEUE_MAX_ACTIVE: 100, QUEUE_ACTIVE_TTL_SECONDS: 600, QUEUE_IDLE_TIMEOUT_SECONDS: 300 };

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
    const at = (position: number) => pollAfterMs({ status: "WAITING", position }, config);
    expect(at(1)).toBe(1_000);
    expect(at(50)).toBeGreaterThan(at(1));
    expect(at(500)).toBeGreaterThan(at(50));
    expect(at(1_000_000)).toBe(15_000);
  });
  it("stays well within the idle timeout", () => {
    const short = { ...config, QUEUE_IDLE_TIMEOUT_SECONDS: 6 };
    expect(pollAfterMs({ status: "WAITING", position: 10_000 }, short)).toBe(2_000);
  });
  it("tells an expired pass to stop polling", () => {
    expect(pollAfterMs({ status: "EXPIRED", position: 0 }, config)).toBe(0);
  });
});

describe("toQueueView", () => {
  it("renders activeUntil as ISO only while ACTIVE", () => {
    const until = Date.UTC(2030, 0, 1);
    expect(toQueueView({ status: "ACTIVE", position: 0, activeUntil: until, admittedLastMinute: 5 }, config)).toEqual({
      status: "ACTIVE",
      position: 0,
      estimatedWaitSeconds: 0,
      activeUntil: "2030-01-01T00:00:00.000Z",
      pollAfterMs: 5_000,
    });
    expect(toQueueView({ status: "WAITING", position: 3, activeUntil: null, admittedLastMinute: 0 }, config).activeUntil).toBeNull();
  });
});
