import type { Deps } from "../deps";
import { logger } from "../infra/logger";
import type { QueueClaims } from "../infra/tokens";
import { getQueueStatus } from "./queue.service";
import type { QueueView } from "./queue.schema";

/**
 * The waiting room's event streams (`GET /api/v1/queue/events`, Server-Sent Events) open on this
 * instance, grouped by concert. Nothing here is shared between instances: after each admission tick
 * every open stream's status is read again (`getQueueStatus`, answered from the instance's own view
 * of the line) and only the streams whose status changed are written to. That status call is also
 * what keeps an open stream's place against the idle timeout, exactly as a poll would.
 *
 * Cost per stream: one ReadableStream and its controller, one small record, one entry in a Set. No
 * timer, no subscription and no listener per stream: one interval serves every stream's heartbeat.
 */

/** What `GET /queue/events` sends first: how long an EventSource waits before reconnecting. */
const RETRY_MS = 3000;
/** A comment-free keep-alive, so that proxies and the client see the stream is alive. */
const HEARTBEAT_MS = 15_000;
/**
 * Streams one instance keeps open at most; the next one gets 503 and the client polls instead.
 * Each costs a socket and a few kilobytes; well above the 20,000 one instance is sized for.
 */
const MAX_STREAMS_PER_INSTANCE = 40_000;

/** Events a stream may hold unsent (its client reading nothing) before it is cut off. */
const MAX_BACKLOG = 64;

export const EVENT_STREAM_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "text/event-stream",
  // no-transform: no compression layer (Next.js's, a proxy's) may buffer the stream.
  "cache-control": "no-cache, no-transform",
  // nginx: pass each event on at once instead of buffering the response.
  "x-accel-buffering": "no",
};

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode("event: heartbeat\ndata: {}\n\n");

/** One Server-Sent Event of the fan's status. */
function statusEvent(view: QueueView): string {
  return `event: status\ndata: ${JSON.stringify(view)}\n\n`;
}

/** Whether the fan has news: the wait estimate and poll hint alone are not. */
function changed(a: QueueView, b: QueueView): boolean {
  return (
    a.status !== b.status ||
    a.position !== b.position ||
    a.activeUntil !== b.activeUntil ||
    a.opensAt !== b.opensAt ||
    a.reason !== b.reason
  );
}

type Stream = {
  claims: QueueClaims;
  /** The status last sent. */
  last: QueueView;
  controller: ReadableStreamDefaultController<Uint8Array>;
  closed: boolean;
};

type EventsDeps = Pick<Deps, "queue" | "config" | "clock">;

export type QueueEventsOptions = { maxStreams?: number; heartbeatMs?: number };

export class QueueEvents {
  private readonly byConcert = new Map<string, Set<Stream>>();
  private count = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastHeartbeat = 0;
  private lastRefresh = 0;
  private refreshing: Promise<void> | undefined;
  private readonly maxStreams: number;
  private readonly heartbeatMs: number;

  constructor(
    private readonly deps: EventsDeps,
    options: QueueEventsOptions = {},
  ) {
    this.maxStreams = options.maxStreams ?? MAX_STREAMS_PER_INSTANCE;
    this.heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  }

  /** Open streams on this instance. */
  get size(): number {
    return this.count;
  }

  /** Open streams of one concert. */
  sizeOf(concertId: string): number {
    return this.byConcert.get(concertId)?.size ?? 0;
  }

  get full(): boolean {
    return this.count >= this.maxStreams;
  }

  /**
   * A new stream for the holder of `claims`, starting with `initial` (their status as just read).
   * Undefined when the instance is full. An EXPIRED status is sent and the stream ends at once.
   * `signal`: the request's, so that a client that goes away is dropped even if nobody reads.
   */
  open(claims: QueueClaims, initial: QueueView, signal?: AbortSignal): ReadableStream<Uint8Array> | undefined {
    if (this.full) return undefined;
    let stream: Stream | undefined;
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        controller.enqueue(encoder.encode(`retry: ${RETRY_MS}\n\n${statusEvent(initial)}`));
        if (initial.status === "EXPIRED") {
          controller.close();
          return;
        }
        stream = { claims, last: initial, controller, closed: false };
        this.add(stream);
      },
      cancel: () => {
        if (stream) this.remove(stream);
      },
    });
    if (stream && signal) {
      const s = stream;
      if (signal.aborted) this.end(s);
      else signal.addEventListener("abort", () => this.end(s), { once: true });
    }
    return body;
  }

  /**
   * Reads every open stream's status again and writes the changed ones; ends those that are now
   * EXPIRED. Called after each admission tick. A read that fails (the store is down) leaves the
   * stream as it is: its heartbeat goes on and the next tick tries again.
   */
  refresh(): Promise<void> {
    // A slow round is never doubled up: the next caller waits for the one under way.
    this.refreshing ??= this.refreshAll().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Ends every stream (shutdown): clients reconnect, to another instance if this one is going. */
  closeAll(): void {
    for (const streams of this.byConcert.values()) for (const s of [...streams]) this.end(s);
  }

  /** Sends the heartbeat to every open stream; the interval calls it every `heartbeatMs`. */
  heartbeat(): void {
    this.lastHeartbeat = performance.now();
    for (const streams of this.byConcert.values()) for (const s of streams) this.write(s, HEARTBEAT);
  }

  private async refreshAll(): Promise<void> {
    this.lastRefresh = performance.now();
    const reads: Promise<void>[] = [];
    const publish = (s: Stream, view: QueueView) => {
      if (s.closed || !changed(view, s.last)) return;
      s.last = view;
      this.write(s, encoder.encode(statusEvent(view)));
      if (view.status === "EXPIRED") this.end(s);
    };
    const skip = (err: unknown) =>
      logger.debug({ err }, "queue event stream: status not read this tick, kept as it was");
    for (const streams of this.byConcert.values()) {
      for (const s of streams) reads.push(getQueueStatus(this.deps, s.claims).then((v) => publish(s, v), skip));
    }
    await Promise.all(reads);
  }

  private write(s: Stream, chunk: Uint8Array): void {
    if (s.closed) return;
    if ((s.controller.desiredSize ?? 0) < -MAX_BACKLOG) {
      // A client that reads nothing (its socket full) would hold its events here forever: it is
      // cut off, and reconnects or polls like any client whose stream broke.
      this.remove(s);
      s.controller.error(new Error("event stream backlog over the limit"));
      return;
    }
    try {
      s.controller.enqueue(chunk);
    } catch {
      // The stream was cancelled under us.
      this.remove(s);
    }
  }

  /** Closes the stream from this side (after EXPIRED, at shutdown, when the client is gone). */
  private end(s: Stream): void {
    if (s.closed) return;
    this.remove(s);
    try {
      s.controller.close();
    } catch {
      // Already closed or cancelled.
    }
  }

  private add(s: Stream): void {
    const { concertId } = s.claims;
    let streams = this.byConcert.get(concertId);
    if (!streams) this.byConcert.set(concertId, (streams = new Set()));
    streams.add(s);
    this.count++;
    this.timer ??= this.startTimer();
  }

  private remove(s: Stream): void {
    if (s.closed) return;
    s.closed = true;
    const streams = this.byConcert.get(s.claims.concertId);
    if (streams?.delete(s)) {
      this.count--;
      if (!streams.size) this.byConcert.delete(s.claims.concertId);
    }
    if (this.count === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /**
   * The one timer of all streams: heartbeats every `heartbeatMs`, and a refresh of its own when no
   * tick has refreshed the streams lately (a tick stuck on a slow store, or a process without the
   * ticker), so an open stream keeps its place and hears its news whatever the ticker does.
   */
  private startTimer(): NodeJS.Timeout {
    const now = performance.now();
    this.lastHeartbeat = now;
    this.lastRefresh = now;
    const step = Math.min(1000, this.heartbeatMs);
    const stale = Math.max(1000, 4 * this.deps.config.QUEUE_TICK_MS);
    const timer = setInterval(() => {
      const at = performance.now();
      if (at - this.lastHeartbeat >= this.heartbeatMs - step / 2) this.heartbeat();
      if (at - this.lastRefresh >= stale) void this.refresh();
    }, step);
    timer.unref();
    return timer;
  }
}

const registries = new WeakMap<object, QueueEvents>();

/** The instance's one registry of event streams (one per set of dependencies: per app, per test app). */
export function queueEventsOf(deps: EventsDeps): QueueEvents {
  let events = registries.get(deps.queue);
  if (!events) registries.set(deps.queue, (events = new QueueEvents(deps)));
  return events;
}
