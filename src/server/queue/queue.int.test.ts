import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { createConcertWithSchedule, createUser, joinQueue } from "@/test/factories";
import { call } from "@/test/http";
import { startAdmissionTicker } from "./admission-ticker";
import { LINES_KEY } from "./redis-queue-store";

const CAP = 3;
// Passes shorter than the idle timeout, so an expired pass does not also make the waiters idle.
const app = useTestApp({ QUEUE_MAX_ACTIVE: CAP, QUEUE_TICK_MS: 50, QUEUE_ACTIVE_TTL_SECONDS: 120 });

async function concert() {
  return (await createConcertWithSchedule(app.deps)).concertId;
}

describe("POST /queue/tokens", () => {
  it("gives a signed token, the status, place, wait estimate and poll interval", async () => {
    const concertId = await concert();
    const user = await createUser(app);
    const res = await call(app, "POST", "/queue/tokens", { concertId }, { token: user.accessToken });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      queueToken: expect.any(String),
      status: "ACTIVE",
      position: 0,
      estimatedWaitSeconds: 0,
      activeUntil: expect.any(String),
      pollAfterMs: expect.any(Number),
      opensAt: null,
    });
    const until = Date.parse(res.body.activeUntil);
    expect(until - Date.now()).toBeGreaterThan(app.config.QUEUE_ACTIVE_TTL_SECONDS * 1000 - 10_000);
  });

  it("puts users beyond the cap in line with growing places, waits and poll intervals", async () => {
    const concertId = await concert();
    const tickets = [];
    for (let i = 0; i < CAP + 3; i++) tickets.push(await joinQueue(app, await createUser(app), concertId));
    const waiting = tickets.slice(CAP);
    expect(waiting.map((t) => [t.status, t.position])).toEqual([
      ["WAITING", 1],
      ["WAITING", 2],
      ["WAITING", 3],
    ]);
    expect(waiting[0]!.estimatedWaitSeconds).toBeGreaterThan(0);
    expect(waiting[2]!.estimatedWaitSeconds).toBeGreaterThan(waiting[0]!.estimatedWaitSeconds);
    expect(waiting[2]!.pollAfterMs).toBeGreaterThan(waiting[0]!.pollAfterMs);
  });

  it("returns the same place when asked again", async () => {
    const concertId = await concert();
    for (let i = 0; i < CAP; i++) await joinQueue(app, await createUser(app), concertId);
    const user = await createUser(app);
    const first = await joinQueue(app, user, concertId);
    await joinQueue(app, await createUser(app), concertId);
    const again = await joinQueue(app, user, concertId);
    expect(again.position).toBe(first.position);
    expect(again.status).toBe("WAITING");
  });

  it("answers 404 for an unknown concert, 400 for a bad id or body, 401 without a user", async () => {
    const user = await createUser(app);
    const t = { token: user.accessToken };
    const unknown = randomUUID();
    expect((await call(app, "POST", "/queue/tokens", { concertId: unknown }, t)).status).toBe(404);
    expect((await call(app, "POST", "/queue/tokens", { concertId: "nope" }, t)).status).toBe(400);
    expect((await call(app, "POST", "/queue/tokens", {}, t)).status).toBe(400);
    expect((await call(app, "POST", "/queue/tokens", { concertId: await concert() })).status).toBe(401);
    // The unknown concert got no line: no key of any name, and no entry in the set of lines.
    expect(await app.deps.redis!.keys(`${app.redisPrefix}*${unknown}*`)).toEqual([]);
    expect(await app.deps.redis!.sismember(LINES_KEY, unknown)).toBe(0);
  });

  it("never admits more than the cap when 10x the cap join at once; places 1..N distinct", async () => {
    const concertId = await concert();
    const users = await Promise.all(Array.from({ length: CAP * 10 }, () => createUser(app)));
    const results = await Promise.all(
      users.map((u) => call(app, "POST", "/queue/tokens", { concertId }, { token: u.accessToken })),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(results.filter((r) => r.body.status === "ACTIVE")).toHaveLength(CAP);
    const places = results.filter((r) => r.body.status === "WAITING").map((r) => r.body.position as number);
    expect(places.sort((a, b) => a - b)).toEqual(Array.from({ length: CAP * 9 }, (_, i) => i + 1));
    expect((await app.deps.queue.stats(concertId)).active).toBe(CAP);
  });
});

describe("GET /queue/status", () => {
  it("reports the place and moves to ACTIVE when a slot frees", async () => {
    const concertId = await concert();
    const first = await createUser(app);
    const firstTicket = await joinQueue(app, first, concertId);
    for (let i = 1; i < CAP; i++) await joinQueue(app, await createUser(app), concertId);
    const ticket = await joinQueue(app, await createUser(app), concertId);
    const waiting = await call(app, "GET", "/queue/status", undefined, { queueToken: ticket.queueToken });
    expect(waiting.status).toBe(200);
    expect(waiting.body).toMatchObject({ status: "WAITING", position: 1, activeUntil: null });
    expect(waiting.body).not.toHaveProperty("queueToken");
    const left = await call(app, "DELETE", "/queue/tokens/current", undefined, {
      token: first.accessToken,
      queueToken: firstTicket.queueToken,
    });
    expect(left.status).toBe(204);
    const active = await call(app, "GET", "/queue/status", undefined, { queueToken: ticket.queueToken });
    expect(active.body).toMatchObject({ status: "ACTIVE", position: 0, estimatedWaitSeconds: 0 });
    const gone = await call(app, "GET", "/queue/status", undefined, { queueToken: firstTicket.queueToken });
    expect(gone.status).toBe(200);
    expect(gone.body).toMatchObject({ status: "EXPIRED", position: 0, activeUntil: null });
  });

  it("answers 401 for a missing, malformed, altered or wrong-kind token", async () => {
    const concertId = await concert();
    const user = await createUser(app);
    const { queueToken } = await joinQueue(app, user, concertId);
    const [h, p, s] = queueToken.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, "base64url").toString());
    const altered = `${h}.${Buffer.from(JSON.stringify({ ...claims, jti: "999" })).toString("base64url")}.${s}`;
    for (const token of [undefined, "garbage", altered, user.accessToken, `${h}.${p}.${s.slice(0, -2)}xx`]) {
      const res = await call(app, "GET", "/queue/status", undefined, { queueToken: token });
      expect(res.status, String(token)).toBe(401);
      expect(res.body.message).toEqual(expect.any(String));
    }
  });

  it("drops a waiter who stops polling for the idle timeout", async () => {
    const concertId = await concert();
    for (let i = 0; i < CAP; i++) await joinQueue(app, await createUser(app), concertId);
    const ticket = await joinQueue(app, await createUser(app), concertId);
    app.clock.advance((app.config.QUEUE_IDLE_TIMEOUT_SECONDS + 1) * 1000);
    const res = await call(app, "GET", "/queue/status", undefined, { queueToken: ticket.queueToken });
    expect(res.body.status).toBe("EXPIRED");
  });
});

describe("DELETE /queue/tokens/current", () => {
  it("needs the user and their own queue token", async () => {
    const concertId = await concert();
    const a = await createUser(app);
    const b = await createUser(app);
    const ta = await joinQueue(app, a, concertId);
    expect((await call(app, "DELETE", "/queue/tokens/current", undefined, { queueToken: ta.queueToken })).status).toBe(
      401,
    );
    expect((await call(app, "DELETE", "/queue/tokens/current", undefined, { token: a.accessToken })).status).toBe(401);
    const other = await call(app, "DELETE", "/queue/tokens/current", undefined, {
      token: b.accessToken,
      queueToken: ta.queueToken,
    });
    expect(other.status).toBe(403);
    expect((await call(app, "GET", "/queue/status", undefined, { queueToken: ta.queueToken })).body.status).toBe(
      "ACTIVE",
    );
  });
});

describe("admission ticker", () => {
  it("gives a freed slot to the head of the line within a second though nobody polls", async () => {
    const concertId = await concert();
    const holders = [];
    for (let i = 0; i < CAP; i++) {
      const u = await createUser(app);
      holders.push({ u, t: await joinQueue(app, u, concertId) });
    }
    const waiter = await createUser(app);
    const ticket = await joinQueue(app, waiter, concertId);
    expect(ticket.status).toBe("WAITING");
    // Expire every ACTIVE pass; nobody calls the API afterwards.
    app.clock.advance(app.config.QUEUE_ACTIVE_TTL_SECONDS * 1000 + 1);
    const stop = startAdmissionTicker(app.deps, { admit: true });
    try {
      const claims = await app.deps.tokens.verifyQueue(ticket.queueToken);
      const deadline = Date.now() + 1_000;
      let admitted = false;
      while (!admitted && Date.now() < deadline) {
        admitted = (await app.deps.queue.activePass(concertId, waiter.userId, claims.tokenId)) !== null;
        if (!admitted) await new Promise((r) => setTimeout(r, 20));
      }
      expect(admitted).toBe(true);
    } finally {
      stop();
    }
  });
});
