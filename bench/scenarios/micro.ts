import { randomUUID } from "node:crypto";
import { jwtVerify } from "jose";
import pg from "pg";
import { runBatch } from "@/server/infra/batch";
import { createDb } from "@/server/infra/db";
import { createTokens } from "@/server/infra/tokens";
import { payBatch } from "@/server/payments/payments.repo";
import { compileSpread, installedTrpc, readSpreadPatch, type Spread } from "@/test/trpc-spread-patch";
import { cpuSnapshot, perRequest } from "../lib/cpu";
import { median } from "../lib/load";
import type { Services } from "../lib/services";

/**
 * The per-call costs behind two choices on the hot paths, measured in this run (CPU of this
 * process, 32 calls in flight, after a warm-up): verifying a token with jose (WebCrypto) against
 * the service's node:crypto HS256, one query through Prisma against the same through `pg`, and
 * PostgreSQL's CPU for the payment batch sent as statements against the same batch prepared
 * (infra/batch.ts), for reservations that do not exist (so nothing is written: the difference is
 * planning); and tRPC's compiled spread helper as published against the patched one
 * (patches/@trpc+server+*.patch), per middleware step of a procedure call.
 */
export type Micro = {
  tokenVerifyUs: { jose: number; nodeCrypto: number };
  queryUs: { prisma: number; pg: number };
  payBatchPostgresUs: { statements: number; prepared: number };
  /** CPU ns per middleware step (the three spreads tRPC's callRecursive makes per middleware). */
  spreadStepNs: { version: string; original: number; patched: number };
};

/**
 * What tRPC's callRecursive spreads for each middleware of a call: the options with the
 * middleware's own fields, then, when the middleware calls next({ ctx }), the options again with
 * the context merged. The options and context have the shapes of this app's procedure calls
 * (src/server/trpc/context.ts).
 */
function middlewareStep(spread: Spread, opts: Record<string, unknown>, extra: Record<string, unknown>) {
  const mw = spread(spread({}, opts), {}, { meta: undefined, input: opts.input, next: opts.next });
  const ctx = spread(spread({}, opts.ctx as object), extra);
  return spread(spread({}, mw), {}, { ctx, input: mw.input, getRawInput: mw.getRawInput });
}

/** CPU ns per middleware step with each helper, the two alternating over 5 rounds (medians). */
function spreadCosts(): Micro["spreadStepNs"] {
  const { version, files } = readSpreadPatch();
  const { dir } = installedTrpc();
  const { file, original, patched } = files.find((f) => f.file.endsWith(".mjs")) ?? files[0]!;
  const helpers = { original: compileSpread(dir, file, original), patched: compileSpread(dir, file, patched) };
  const headers = new Headers({ "x-queue-token": "t" });
  const ctx = { deps: {}, headers, setHeader: () => undefined, observed: {} };
  const opts = {
    ctx,
    type: "query",
    path: "queue.status",
    input: undefined,
    getRawInput: async () => undefined,
    signal: undefined,
    batchIndex: 0,
    next: () => undefined,
  };
  const extra = { userId: "0b6f5a6e-3c1d-4f0e-9a57-6d1f2f0a9b11" };
  const n = 200_000;
  const run = (spread: Spread) => {
    let sink = 0;
    const before = process.cpuUsage();
    for (let i = 0; i < n; i++) sink += Object.keys(middlewareStep(spread, opts, extra)).length;
    const used = process.cpuUsage(before);
    if (sink !== n * Object.keys(opts).length + n) throw new Error("a spread lost a property");
    return ((used.user + used.system) * 1_000) / n;
  };
  const times = { original: [] as number[], patched: [] as number[] };
  run(helpers.original);
  run(helpers.patched);
  for (let round = 0; round < 5; round++) {
    times.original.push(run(helpers.original));
    times.patched.push(run(helpers.patched));
  }
  return { version, original: median(times.original), patched: median(times.patched) };
}

async function cpuPerCall(call: (i: number) => Promise<unknown>, n: number): Promise<number> {
  for (let i = 0; i < n / 10; i++) await call(i);
  const before = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < n) await call(next++);
    }),
  );
  const used = process.cpuUsage(before);
  return (used.user + used.system) / n;
}

export async function micro(s: Services): Promise<Micro> {
  const spreadStepNs = spreadCosts();
  const tokens = createTokens(s.authSecret);
  const token = await tokens.signQueue({
    userId: "0b6f5a6e-3c1d-4f0e-9a57-6d1f2f0a9b11",
    concertId: "7d1e626c-c524-2ed1-3ea8-e4f7b3d5a9c0",
    tokenId: "1",
  });
  const key = new TextEncoder().encode(s.authSecret);
  const jose = await cpuPerCall(
    () => jwtVerify(token, key, { algorithms: ["HS256"], issuer: "concert-booking", audience: "queue" }),
    20_000,
  );
  const nodeCrypto = await cpuPerCall(() => tokens.verifyQueue(token), 20_000);

  const db = createDb(s.databaseUrl, 4);
  const pool = new pg.Pool({ connectionString: s.databaseUrl, max: 4 });
  const prisma = await cpuPerCall(
    (i) => db.$queryRaw`SELECT id FROM users WHERE balance = ${i % 7}::int LIMIT 1`,
    4_000,
  );
  const plain = await cpuPerCall(
    (i) => pool.query("SELECT id FROM users WHERE balance = $1::int LIMIT 1", [i % 7]),
    4_000,
  );
  const batchPg = async (prepare: boolean) => {
    const call = () =>
      runBatch(
        pool,
        payBatch({ reservationId: randomUUID(), userId: randomUUID(), concertId: randomUUID(), now: new Date() }),
        { prepare },
      );
    for (let i = 0; i < 100; i++) await call();
    const n = 4_000;
    let next = 0;
    const before = await cpuSnapshot([]);
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next++ < n) await call();
      }),
    );
    return perRequest(before, await cpuSnapshot([]), n).postgres;
  };
  const statements = await batchPg(false);
  const prepared = await batchPg(true);
  await Promise.all([db.$disconnect(), pool.end()]);
  return {
    tokenVerifyUs: { jose, nodeCrypto },
    queryUs: { prisma, pg: plain },
    payBatchPostgresUs: { statements, prepared },
    spreadStepNs,
  };
}
