import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metrics } from "../infra/metrics";
import { useTestApp } from "@/test/app";
import { call } from "@/test/http";
import { createApiCore } from "./api-handler";
import { createNodeApiListener } from "./node-adapter";

const METRICS_TOKEN = "scrape-me-0123456789";
const app = useTestApp({ METRICS_TOKEN });

/**
 * Both entries that serve /api/metrics: `app.url` is the Fetch handler the Next.js route handlers
 * run; `lean` the node:http listener of the production server (server.ts), here without a token.
 */
let lean: Server;
let leanUrl: string;
beforeAll(async () => {
  const core = createApiCore({ ...app.deps, config: { ...app.config, METRICS_TOKEN: undefined } });
  lean = createServer(createNodeApiListener(core));
  await new Promise<void>((resolve) => lean.listen(0, "127.0.0.1", resolve));
  leanUrl = `http://127.0.0.1:${(lean.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => lean?.close(() => resolve())));

const scrape = (base: string, authorization?: string) =>
  fetch(`${base}/api/metrics`, { headers: authorization === undefined ? {} : { authorization } });

/** Series of the request histogram: one `_count` per label set. */
async function durationSeries(route?: string): Promise<number> {
  const { values } = await metrics.httpDuration.get();
  return values.filter(
    (v) => v.metricName === "http_request_duration_seconds_count" && (route === undefined || v.labels.route === route),
  ).length;
}

/** The heap in use after a full collection (Node exposes `gc` to a new context once the flag is set). */
function heapAfterGc(): number {
  setFlagsFromString("--expose-gc");
  const gc = (globalThis.gc ?? runInNewContext("gc")) as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const LONG = "x".repeat(2_000);
const JSON_BODY = { method: "POST", headers: { "content-type": "application/json" }, body: "{}" };

/** Request `i` of the hostile traffic: a path no procedure has, in one of the API's four forms. */
function unknownPath(i: number): Promise<Response> {
  switch (i % 4) {
    case 0:
      return fetch(`${app.url}/api/trpc/${LONG}${i}`);
    case 1:
      return fetch(`${app.url}/api/trpc/a${i},b${i}?batch=1`, JSON_BODY);
    case 2:
      return fetch(`${app.url}/api/v1/${LONG}${i}`);
    default:
      return fetch(`${app.url}/api/v1/users/${i}/${LONG}`, JSON_BODY);
  }
}

/** Sends requests 0..n-1 from `concurrency` clients; returns how many answered each status. */
async function send(
  n: number,
  request: (i: number) => Promise<Response>,
  concurrency = 32,
): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  let next = 0;
  const client = async () => {
    while (next < n) {
      const res = await request(next++);
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return statuses;
}

describe("metric labels", () => {
  it("10,000 distinct unknown paths add no series and do not grow the heap", { timeout: 120_000 }, async () => {
    // Warm up first (connections, compiled code, each form's `unmatched` series).
    await send(1_000, unknownPath);
    const seriesBefore = await durationSeries();
    const heapBefore = heapAfterGc();

    const statuses = await send(10_000, unknownPath);

    expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
    expect(await durationSeries()).toBe(seriesBefore);
    // One `unmatched` series per method and status: GET and POST, 404 (and 405 for a REST path
    // that exists under another method).
    expect(await durationSeries("unmatched")).toBeLessThanOrEqual(4);
    // Measured here: ~1.5 MB (allocator noise); 13 MB when each path made series of its own.
    const grown = heapAfterGc() - heapBefore;
    expect(grown, `heap grew by ${(grown / 1e6).toFixed(1)} MB`).toBeLessThan(5e6);
    const text = await (await scrape(app.url, `Bearer ${METRICS_TOKEN}`)).text();
    expect(text).not.toContain(LONG);
    expect(text.length).toBeLessThan(100_000);
  });

  it("labels the router's own procedures, a batch of several as `batch`, anything else `unmatched`", async () => {
    expect((await call(app, "POST", "/users", {})).status).toBe(201);
    expect((await fetch(`${app.url}/api/trpc/concerts.list`)).status).toBe(200);
    expect((await fetch(`${app.url}/api/trpc/concerts.list,concerts.list?batch=1`)).status).toBe(200);
    expect((await fetch(`${app.url}/api/trpc/concerts.list,nope?batch=1`)).status).toBeLessThan(500);
    const text = await (await scrape(app.url, `Bearer ${METRICS_TOKEN}`)).text();
    expect(text).toMatch(
      /http_request_duration_seconds_count\{route="users.create",method="POST",status="201"\} [1-9]/,
    );
    expect(text).toMatch(
      /http_request_duration_seconds_count\{route="concerts.list",method="GET",status="200"\} [1-9]/,
    );
    expect(text).toMatch(/http_request_duration_seconds_count\{route="batch",method="GET",status="200"\} [1-9]/);
    expect(text).not.toMatch(/route="[^"]*,/);
    expect(text).not.toContain('route="nope"');
  });
});

describe("METRICS_TOKEN", () => {
  it("answers 404 without the token, with a wrong one or another scheme", async () => {
    const wrong = [
      "Bearer wrong-token-0123456789",
      `Bearer ${METRICS_TOKEN}x`,
      `Basic ${METRICS_TOKEN}`,
      METRICS_TOKEN,
    ];
    for (const authorization of [undefined, ...wrong]) {
      const res = await scrape(app.url, authorization);
      expect(res.status, String(authorization)).toBe(404);
      expect(await res.json()).toEqual({ message: "Not found", code: "NOT_FOUND" });
    }
  });

  it("answers 200 with Prometheus text to the right token", async () => {
    expect((await call(app, "POST", "/users", {})).status).toBe(201);
    const res = await scrape(app.url, `Bearer ${METRICS_TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(
      /http_request_duration_seconds_count\{route="users.create",method="POST",status="201"\} [1-9]/,
    );
    expect(text).toContain("process_cpu_seconds_total");
  });

  it("unset, /api/metrics is 404 for everyone, on the production server's listener too", async () => {
    for (const authorization of [undefined, `Bearer ${METRICS_TOKEN}`, "Bearer "]) {
      const res = await scrape(leanUrl, authorization);
      expect(res.status, String(authorization)).toBe(404);
      expect(await res.text()).not.toContain("http_request_duration_seconds");
    }
    expect((await fetch(`${leanUrl}/api/health`)).status).toBe(200);
  });
});
