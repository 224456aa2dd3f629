/**
 * `npm run soak`: hostile traffic against one instance of the built app (its production entry, as
 * `npm start` runs it) for a bounded time — unknown paths, oversized tRPC batches, odd text,
 * oversized bodies, wrong and forged tokens, mixed with ordinary calls — then reports the app's
 * heap and RSS before and after (each after a full garbage collection) and every 5xx answer.
 * Passes with no 5xx and the heap back within 10% of where it started. Not part of `npm test`.
 * Writes bench/results/soak.json; SECURITY.md quotes it.
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { buildServerBundle } from "@/server/http/build-server";
import { log } from "./lib/compare";
import { memoryOf, startApp, type Server } from "./lib/servers";
import { createServices, dropServices, insertConcert, REDIS_URL } from "./lib/services";

const ROOT = path.resolve(import.meta.dirname, "..");
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CONCURRENCY = 32;
const ADMIN_PASSWORD = "soak-only-admin-password";

const ODD_TEXT = [
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udc00y",
  "\u0007bell",
  "\u001b[31m",
  "\u202e",
  "\u0085",
  "\ufeff",
  "💥".repeat(60),
];
const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;

type Req = { label: string; method: string; path: string; headers?: Record<string, string>; body?: string };

function hostile(ctx: { concertId: string; accessToken: string; adminToken: string }, n: number): Req {
  const json = { "content-type": "application/json" };
  const auth = { authorization: `Bearer ${ctx.accessToken}` };
  const kinds: (() => Req)[] = [
    () => ({ label: "unknown tRPC path", method: "GET", path: `/api/trpc/x${"y".repeat(2_000)}${n}` }),
    () => ({ label: "unknown REST path", method: "GET", path: `/api/v1/nope/${randomUUID()}/${n}` }),
    () => ({
      label: "huge GET batch",
      method: "GET",
      path: `/api/trpc/${Array(400).fill("reservations.list").join(",")}?batch=1`,
      headers: auth,
    }),
    () => ({
      label: "huge POST batch",
      method: "POST",
      path: `/api/trpc/${Array(200).fill("points.charge").join(",")}?batch=1`,
      headers: { ...json, ...auth },
      body: JSON.stringify(Object.fromEntries(Array.from({ length: 200 }, (_, i) => [i, { amount: 1 }]))),
    }),
    () => ({
      label: "odd user name",
      method: "POST",
      path: "/api/v1/users",
      headers: json,
      body: JSON.stringify({ name: pick(ODD_TEXT) }),
    }),
    () => ({
      label: "odd concert text",
      method: "POST",
      path: "/api/v1/admin/concerts",
      headers: { ...json, authorization: `Bearer ${ctx.adminToken}` },
      body: JSON.stringify({
        title: pick(ODD_TEXT),
        artist: pick(ODD_TEXT),
        venue: "Hall",
        description: pick(ODD_TEXT),
      }),
    }),
    () => ({
      label: "oversized body",
      method: "POST",
      path: "/api/v1/users",
      headers: json,
      body: JSON.stringify({ name: "x".repeat(200_000) }),
    }),
    () => ({
      label: "body not JSON",
      method: "POST",
      path: "/api/v1/queue/tokens",
      headers: { ...json, ...auth },
      body: "{".repeat(5_000),
    }),
    () => ({
      label: "forged token",
      method: "GET",
      path: "/api/v1/users/me",
      headers: { authorization: `Bearer eyJhbGciOiJub25lIn0.${"e30"}.${n}` },
    }),
    () => ({
      label: "garbage queue token",
      method: "GET",
      path: "/api/v1/queue/status",
      headers: { "x-queue-token": "x".repeat(4_000) },
    }),
    () => ({ label: "metrics without token", method: "GET", path: "/api/metrics" }),
    () => ({
      label: "ordinary join",
      method: "POST",
      path: "/api/v1/queue/tokens",
      headers: { ...json, ...auth },
      body: JSON.stringify({ concertId: ctx.concertId }),
    }),
    () => ({ label: "ordinary list", method: "GET", path: "/api/v1/concerts" }),
  ];
  return kinds[n % kinds.length]!();
}

async function main() {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("run `npm run build` first");
  const s = await createServices();
  let app: Server | undefined;
  try {
    const bundle = await buildServerBundle(path.join(ROOT, ".next", "soak-server.mjs"));
    app = await startApp(
      "app",
      bundle,
      {
        DATABASE_URL: s.databaseUrl,
        REDIS_URL,
        REDIS_KEY_PREFIX: s.redisPrefix,
        AUTH_SECRET: s.authSecret,
        TICKET_SIGNING_KEY: s.ticketSigningKey,
        ADMIN_PASSWORD,
        // Limits would answer most of this with 429 before it reached anything worth testing.
        RATE_LIMITS: "off",
      },
      ["--expose-gc", "--import", path.join(ROOT, "bench", "lib", "memory-probe.mjs")],
    );
    const concertId = await insertConcert(s.pool, "soak");
    const post = async (p: string, body: unknown) =>
      (
        await fetch(app!.url + p, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        })
      ).json();
    const { accessToken } = await post("/api/v1/users", {});
    const { adminToken } = await post("/api/v1/admin/session", { password: ADMIN_PASSWORD });
    const ctx = { concertId, accessToken, adminToken };

    // Warm up first (the JIT, pools, every route once), so that "before" is the steady state.
    for (let i = 0; i < 200; i++) await send(app.url, hostile(ctx, i));
    const before = await memoryOf(app);
    log(
      `soak: ${SECONDS} s of hostile traffic, ${CONCURRENCY} at a time; heap ${mb(before.heapUsed)}, RSS ${mb(before.rss)}`,
    );

    const statuses = new Map<string, number>();
    const fivexx: { label: string; status: number }[] = [];
    let sent = 0;
    const deadline = Date.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (Date.now() < deadline) {
          const req = hostile(ctx, sent++);
          const status = await send(app!.url, req);
          statuses.set(`${req.label} ${status}`, (statuses.get(`${req.label} ${status}`) ?? 0) + 1);
          if (status >= 500) fivexx.push({ label: req.label, status });
        }
      }),
    );
    await sleep(1_000);
    const after = await memoryOf(app);
    const heapGrowth = after.heapUsed / before.heapUsed - 1;
    const result = {
      finishedAt: new Date().toISOString(),
      seconds: SECONDS,
      requests: sent,
      fivexx: fivexx.length,
      fivexxByKind: Object.fromEntries(
        [...new Set(fivexx.map((f) => f.label))].map((l) => [l, fivexx.filter((f) => f.label === l).length]),
      ),
      answers: Object.fromEntries([...statuses].sort()),
      before,
      after,
      heapGrowth,
      rssGrowth: after.rss / before.rss - 1,
      passed: fivexx.length === 0 && heapGrowth <= 0.1,
    };
    for (const [k, v] of Object.entries(result.answers)) log(`  ${k}: ${v}`);
    log(
      `soak: ${sent} requests, ${fivexx.length} answered 5xx; heap ${mb(before.heapUsed)} -> ${mb(after.heapUsed)} (${pct(heapGrowth)}), RSS ${mb(before.rss)} -> ${mb(after.rss)} (${pct(result.rssGrowth)}): ${result.passed ? "passed" : "FAILED"}`,
    );
    await mkdir(path.join(ROOT, "bench", "results"), { recursive: true });
    await writeFile(path.join(ROOT, "bench", "results", "soak.json"), `${JSON.stringify(result, null, 2)}\n`);
    if (!result.passed) process.exitCode = 1;
  } finally {
    await app?.stop();
    await dropServices(s);
  }
}

async function send(base: string, req: Req): Promise<number> {
  try {
    const res = await fetch(base + req.path, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    // A connection the server refused or reset counts as a failure of the server.
    return 599;
  }
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const pct = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}%`;

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
