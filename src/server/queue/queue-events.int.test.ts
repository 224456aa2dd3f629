import { describe, expect, it } from "vitest";
import { redisReady } from "@/server/infra/redis";
import { useTestApp } from "@/test/app";
import { createConcertWithSchedule, createUser, joinQueue } from "@/test/factories";
import { call } from "@/test/http";
import { tickAllLines } from "./admission-ticker";
import { QueueEvents, queueEventsOf } from "./queue-events";
import type { QueueView } from "./queue.schema";

/** Short enough that a waiter who does nothing is dropped within a few steps of the test clock. */
const IDLE_SECONDS = 30;
const app = useTestApp({
  QUEUE_MAX_ACTIVE: 1,
  QUEUE_IDLE_TIMEOUT_SECONDS: IDLE_SECONDS,
  QUEUE_ACTIVE_TTL_SECONDS: 600,
});

type Event = { event: string; data: unknown } | { retry: number };

/** An open `GET /queue/events` read event by event, as an EventSource would. */
type Stream = {
  res: Response;
  next: () => Promise<Event | undefined>;
  close: () => void;
};

async function open(opts: { queueToken?: string; query?: string }): Promise<Stream> {
  const abort = new AbortController();
  const headers: Record<string, string> = opts.queueToken ? { "x-queue-token": opts.queueToken } : {};
  const res = await fetch(`${app.url}/api/v1/queue/events${opts.query ? `?${opts.query}` : ""}`, {
    headers,
    signal: abort.signal,
  });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const next = async (): Promise<Event | undefined> => {
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(block.split("\n").map((line) => line.split(/: (.*)/s, 2)));
        if (fields.retry !== undefined) return { retry: Number(fields.retry) };
        return { event: fields.event, data: JSON.parse(fields.data) };
      }
      const read = await reader.read();
      if (read.done) return undefined;
      buffer += read.value;
    }
  };
  return { res, next, close: () => abort.abort() };
}

/** The next event, or "timeout" when none comes within `ms`. */
async function nextWithin(stream: Stream, ms: number): Promise<Event | undefined | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), ms)));
  try {
    return await Promise.race([stream.next(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitFor(check: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

const events = () => queueEventsOf(app.deps);

/** One admission tick as the ticker runs it. */
async function tick(): Promise<void> {
  await tickAllLines(app.deps);
  await events().refresh();
}

/** A concert whose one slot is taken, and fans waiting behind it. */
async function line(waiters: number) {
  const { concertId } = await createConcertWithSchedule(app.deps);
  const first = await createUser(app);
  const firstTicket = await joinQueue(app, first, concertId);
  const fans = [];
  for (let i = 0; i < waiters; i++) {
    const user = await createUser(app);
    fans.push({ ...user, ticket: await joinQueue(app, user, concertId) });
  }
  return { concertId, first: { ...first, ticket: firstTicket }, fans };
}

async function statusOf(queueToken: string): Promise<QueueView> {
  return (await call<QueueView>(app, "GET", "/queue/status", undefined, { queueToken })).body;
}

describe("GET /queue/events", () => {
  it("streams the retry hint and the fan's status at once, with the headers of an event stream", async () => {
    const { concertId, fans } = await line(2);
    const stream = await open({ queueToken: fans[1]!.ticket.queueToken });
    expect(stream.res.status).toBe(200);
    expect(stream.res.headers.get("content-type")).toBe("text/event-stream");
    expect(stream.res.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(stream.res.headers.get("x-accel-buffering")).toBe("no");
    expect(await stream.next()).toEqual({ retry: 3000 });
    const first = await stream.next();
    expect(first).toEqual({ event: "status", data: await statusOf(fans[1]!.ticket.queueToken) });
    expect(first).toMatchObject({ data: { status: "WAITING", position: 2 } });
    expect(events().sizeOf(concertId)).toBe(1);
    stream.close();
  });

  it("takes the token as the queueToken query parameter (for EventSource)", async () => {
    const { fans } = await line(1);
    const stream = await open({ query: `queueToken=${encodeURIComponent(fans[0]!.ticket.queueToken)}` });
    expect(stream.res.status).toBe(200);
    await stream.next();
    expect(await stream.next()).toMatchObject({ event: "status", data: { status: "WAITING", position: 1 } });
    stream.close();
  });

  it("refuses a missing, malformed or forged token with 401 and the error body of /queue/status", async () => {
    const { fans } = await line(1);
    const token = fans[0]!.ticket.queueToken;
    const forged = `${token.slice(0, -4)}AAAA`;
    for (const [opts, statusOpts] of [
      [{}, {}],
      [{ queueToken: "not-a-jwt" }, { queueToken: "not-a-jwt" }],
      [{ query: `queueToken=${forged}` }, { queueToken: forged }],
    ] as const) {
      const res = await fetch(
        `${app.url}/api/v1/queue/events${"query" in opts ? `?${opts.query}` : ""}`,
        "queueToken" in opts ? { headers: { "x-queue-token": opts.queueToken } } : {},
      );
      const status = await call(app, "GET", "/queue/status", undefined, statusOpts);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/json");
      const body = await res.json();
      expect(body).toEqual(status.body);
      expect(body.data.reason).toBe("UNAUTHORIZED");
    }
    expect(events().size).toBe(0);
  });

  it("sends a change after an admission tick, and nothing when nothing changed", async () => {
    const { first, fans } = await line(2);
    const next = await open({ queueToken: fans[0]!.ticket.queueToken });
    const behind = await open({ queueToken: fans[1]!.ticket.queueToken });
    for (const s of [next, behind]) await s.next();
    expect(await next.next()).toMatchObject({ data: { status: "WAITING", position: 1 } });
    expect(await behind.next()).toMatchObject({ data: { status: "WAITING", position: 2 } });

    await tick();
    events().heartbeat();
    // Nothing changed: the heartbeat is the next thing on the wire, not a repeated status.
    expect(await next.next()).toEqual({ event: "heartbeat", data: {} });
    expect(await behind.next()).toEqual({ event: "heartbeat", data: {} });

    const left = await call(app, "DELETE", "/queue/tokens/current", undefined, {
      token: first.accessToken,
      queueToken: first.ticket.queueToken,
    });
    expect(left.status).toBe(204);
    await tick();
    expect(await next.next()).toMatchObject({ event: "status", data: { status: "ACTIVE", position: 0 } });
    expect(await behind.next()).toMatchObject({ event: "status", data: { status: "WAITING", position: 1 } });
    // An ACTIVE stream stays open.
    await tick();
    events().heartbeat();
    expect(await next.next()).toEqual({ event: "heartbeat", data: {} });
    next.close();
    behind.close();
  });

  it("hears a change within seconds even when no tick refreshes the streams", async () => {
    const { first, fans } = await line(1);
    const stream = await open({ queueToken: fans[0]!.ticket.queueToken });
    await stream.next();
    await stream.next();
    await call(app, "DELETE", "/queue/tokens/current", undefined, {
      token: first.accessToken,
      queueToken: first.ticket.queueToken,
    });
    // The line moves on, but nothing tells this instance's streams: only their own timer is left.
    await tickAllLines(app.deps);
    expect(await nextWithin(stream, 3000)).toMatchObject({ event: "status", data: { status: "ACTIVE" } });
    stream.close();
  });

  it("keeps the place of a fan who only has the stream open, past the idle timeout", async () => {
    const { fans } = await line(2);
    const streaming = await open({ queueToken: fans[1]!.ticket.queueToken });
    await streaming.next();
    await streaming.next();
    // fans[0] neither polls nor streams.
    for (let s = 0; s < IDLE_SECONDS * 2; s += 10) {
      app.clock.advance(10_000);
      await tick();
    }
    expect((await statusOf(fans[0]!.ticket.queueToken)).status).toBe("EXPIRED");
    // The stream told its fan they moved up when the idle one dropped out, and they are still in line.
    expect(await streaming.next()).toMatchObject({ event: "status", data: { status: "WAITING", position: 1 } });
    expect(await statusOf(fans[1]!.ticket.queueToken)).toMatchObject({ status: "WAITING", position: 1 });
    streaming.close();
  });

  it("sends EXPIRED and then ends the stream", async () => {
    const { concertId, fans } = await line(1);
    const fan = fans[0]!;
    const stream = await open({ queueToken: fan.ticket.queueToken });
    await stream.next();
    await stream.next();
    await call(app, "DELETE", "/queue/tokens/current", undefined, {
      token: fan.accessToken,
      queueToken: fan.ticket.queueToken,
    });
    await tick();
    expect(await stream.next()).toMatchObject({ event: "status", data: { status: "EXPIRED" } });
    expect(await nextWithin(stream, 2000)).toBeUndefined();
    expect(events().sizeOf(concertId)).toBe(0);

    // A pass already EXPIRED gets its status and the end at once.
    const again = await open({ queueToken: fan.ticket.queueToken });
    expect(again.res.status).toBe(200);
    await again.next();
    expect(await again.next()).toMatchObject({ event: "status", data: { status: "EXPIRED" } });
    expect(await nextWithin(again, 2000)).toBeUndefined();
    expect(events().sizeOf(concertId)).toBe(0);
  });

  it("forgets a stream when its client goes away", async () => {
    const { concertId, fans } = await line(3);
    const streams = await Promise.all(fans.map((f) => open({ queueToken: f.ticket.queueToken })));
    for (const s of streams) await s.next();
    expect(events().sizeOf(concertId)).toBe(3);
    streams[0]!.close();
    await waitFor(() => events().sizeOf(concertId) === 2);
    for (const s of streams.slice(1)) s.close();
    await waitFor(() => events().size === 0);
  });
});

describe("QueueEvents", () => {
  it("opens no more streams than its limit", async () => {
    const { fans } = await line(2);
    const registry = new QueueEvents(app.deps, { maxStreams: 1 });
    const claims = await Promise.all(fans.map((f) => app.deps.tokens.verifyQueue(f.ticket.queueToken)));
    const view = await statusOf(fans[0]!.ticket.queueToken);
    const first = registry.open(claims[0]!, view);
    expect(first).toBeDefined();
    expect(registry.full).toBe(true);
    expect(registry.open(claims[1]!, view)).toBeUndefined();
    await first!.cancel();
    expect(registry.size).toBe(0);
    expect(registry.open(claims[1]!, view)).toBeDefined();
    registry.closeAll();
    expect(registry.size).toBe(0);
  });

  it("cuts off a stream whose client reads nothing, before its backlog grows without end", async () => {
    const { fans } = await line(1);
    const registry = new QueueEvents(app.deps);
    const claims = await app.deps.tokens.verifyQueue(fans[0]!.ticket.queueToken);
    const body = registry.open(claims, await statusOf(fans[0]!.ticket.queueToken))!;
    for (let i = 0; i < 100 && registry.size; i++) registry.heartbeat();
    expect(registry.size).toBe(0);
    await expect(body.getReader().read()).rejects.toThrow("backlog");
  });
});

describe("GET /queue/events with the queue store down", () => {
  it("answers 503 in the error body of /queue/status, and opens no stream", async () => {
    const { fans } = await line(1);
    const queueToken = fans[0]!.ticket.queueToken;
    const redis = app.deps.redis!;
    redis.disconnect();
    try {
      const res = await fetch(`${app.url}/api/v1/queue/events`, {
        headers: { "x-queue-token": queueToken },
      });
      expect(res.status).toBe(503);
      expect(res.headers.get("content-type")).toBe("application/json");
      expect((await res.json()).data.reason).toBe("UNAVAILABLE");
      expect(events().size).toBe(0);
    } finally {
      // The connection ends for good (a manual disconnect is not retried), then connects again.
      if (redis.status !== "end") await new Promise((resolve) => redis.once("end", resolve));
      await redis.connect();
      await redisReady(redis);
      // Back in service (the store may take a moment to trust its connection again).
      const until = Date.now() + 5000;
      while ((await call(app, "GET", "/queue/status", undefined, { queueToken })).status !== 200) {
        if (Date.now() > until) throw new Error("the queue store did not come back");
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  });
});
