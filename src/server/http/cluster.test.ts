import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/env";
import { restartDelay } from "./cluster";

const noRedis = { DATABASE_URL: "postgresql://x/y", AUTH_SECRET: "s".repeat(32), ADMIN_PASSWORD: "pw" };
const base = { ...noRedis, REDIS_URL: "redis://127.0.0.1:6379" };

describe("WEB_CONCURRENCY", () => {
  it("is 1 by default: one process, no cluster", () => {
    expect(parseConfig(base).WEB_CONCURRENCY).toBe(1);
    expect(parseConfig(noRedis).WEB_CONCURRENCY).toBe(1);
  });

  it("takes 1..64 worker processes", () => {
    for (const [value, count] of [
      ["1", 1],
      ["2", 2],
      ["08", 8],
      ["64", 64],
    ] as const) {
      expect(parseConfig({ ...base, WEB_CONCURRENCY: value }).WEB_CONCURRENCY, value).toBe(count);
    }
  });

  it("takes auto: one worker per CPU this process may run on, at most 64", () => {
    expect(parseConfig({ ...base, WEB_CONCURRENCY: "auto" }).WEB_CONCURRENCY).toBe(
      Math.min(availableParallelism(), 64),
    );
  });

  it("refuses anything else, naming the setting and what it takes", () => {
    for (const bad of ["0", "65", "1000", "-1", "1.5", "", " 2", "two", "AUTO", "max"]) {
      expect(() => parseConfig({ ...base, WEB_CONCURRENCY: bad }), JSON.stringify(bad)).toThrow(
        /WEB_CONCURRENCY: expected 1\.\.64 worker processes, or auto \(one per CPU\)/,
      );
    }
  });

  it("refuses more than one worker without a shared Redis (each would keep a waiting room of its own)", () => {
    expect(parseConfig({ ...noRedis, WEB_CONCURRENCY: "1" }).WEB_CONCURRENCY).toBe(1);
    expect(() => parseConfig({ ...noRedis, WEB_CONCURRENCY: "2" })).toThrow(
      /WEB_CONCURRENCY: above 1 needs REDIS_URL or REDIS_CLUSTER_NODES/,
    );
    expect(
      parseConfig({ ...noRedis, REDIS_CLUSTER_NODES: "10.0.0.1:6379", WEB_CONCURRENCY: "2" }).WEB_CONCURRENCY,
    ).toBe(2);
  });
});

describe("replacing a worker process that stopped", () => {
  it("waits 1 s, doubling while the replacements keep stopping, never more than 30 s", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(restartDelay)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });
});
