import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { createConcertWithSchedule, createUser } from "@/test/factories";
import { call } from "@/test/http";
import { MAX_BATCH_CALLS } from "../trpc/batch-limit";

/** tRPC batches against the real API and Redis: their size, and the rate limits of each call. */
const app = useTestApp({
  RATE_LIMITS: "on",
  TRUST_PROXY: 1,
  QUEUE_MAX_ACTIVE: 1000,
  RATE_LIMIT_SIGNUP_IP: "10/1m",
  RATE_LIMIT_QUEUE_USER: "3/1m",
});

const from = (ip: string) => ({ "x-forwarded-for": ip });

type BatchResult = {
  result?: { data: unknown };
  error?: { message: string; data: { httpStatus: number; reason: string } };
};

/** One POST carrying `inputs.length` mutations of `path` (`a,a,a?batch=1`, inputs keyed by index). */
function batch(path: string, inputs: unknown[], headers: Record<string, string>, encodedCommas = false) {
  const paths = Array(inputs.length)
    .fill(path)
    .join(encodedCommas ? "%2C" : ",");
  return fetch(`${app.url}/api/trpc/${paths}?batch=1`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(Object.fromEntries(inputs.map((input, i) => [i, input]))),
  });
}

const outcomes = (results: BatchResult[]) => results.map((r) => (r.result ? "ok" : r.error!.data.reason));

describe("batch size", () => {
  it(`refuses ${MAX_BATCH_CALLS + 1} calls with 400 and a message, before any runs or spends a budget`, async () => {
    expect(MAX_BATCH_CALLS).toBe(10);
    const ip = from("203.0.113.10");
    for (const encodedCommas of [false, true]) {
      const res = await batch("users.create", Array(11).fill({}), ip, encodedCommas);
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error.message).toBe("A request may batch at most 10 calls; this one has 11");
      expect(body.error.data).toMatchObject({ httpStatus: 400, reason: "BAD_REQUEST" });
    }
    const queries = await fetch(`${app.url}/api/trpc/${Array(11).fill("concerts.list").join(",")}?batch=1`);
    expect(queries.status).toBe(400);
    expect(await app.deps.db.user.count()).toBe(0);

    // Not one call of those counted against the address's 10 sign-ups.
    const ten = await batch("users.create", Array(10).fill({}), ip);
    expect(ten.status).toBe(200);
    expect(outcomes(await ten.json())).toEqual(Array(10).fill("ok"));
    expect(await app.deps.db.user.count()).toBe(10);
  });

  it("a batch of 10 queries answers each call", async () => {
    const res = await fetch(`${app.url}/api/trpc/${Array(10).fill("concerts.list").join(",")}?batch=1`);
    expect(res.status).toBe(200);
    expect(outcomes(await res.json())).toEqual(Array(10).fill("ok"));
  });
});

describe("rate limits per call of a batch", () => {
  it("a batch of 10 queue joins from one user with a limit of 3 a minute gets exactly 3 through", async () => {
    const { concertId } = await createConcertWithSchedule(app.deps);
    const fan = await createUser(app);
    const auth = { authorization: `Bearer ${fan.accessToken}`, ...from("198.51.100.40") };
    const res = await batch("queue.join", Array(10).fill({ concertId }), auth);
    const results = outcomes(await res.json());
    expect(results.filter((r) => r === "ok")).toHaveLength(3);
    expect(results.filter((r) => r === "RATE_LIMITED")).toHaveLength(7);
    // The REST route shares the budget the batch spent.
    const rest = await call(
      app,
      "POST",
      "/queue/tokens",
      { concertId },
      { token: fan.accessToken, headers: from("198.51.100.41") },
    );
    expect(rest.status).toBe(429);
  });

  it("every call of a batch counts against the address's budget too", async () => {
    const ip = from("198.51.100.50");
    for (let i = 0; i < 7; i++) expect((await call(app, "POST", "/users", {}, { headers: ip })).status).toBe(201);
    const res = await batch("users.create", Array(10).fill({}), ip);
    expect(outcomes(await res.json()).sort()).toEqual(
      [...Array(7).fill("RATE_LIMITED"), ...Array(3).fill("ok")].sort(),
    );
    expect(await app.deps.db.user.count()).toBe(10);
  });
});
