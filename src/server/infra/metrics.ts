import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { QueueStore } from "../queue/queue-store";

/**
 * Prometheus metrics of this instance. One registry per process (kept on globalThis because
 * Next.js may load this module once per route bundle).
 */
function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    // prom-client keeps every series for the life of the process: each label takes its values
    // from a fixed set (the router's procedures, `batch`, `unmatched`; see http/api-handler.ts),
    // never from the request as sent.
    httpDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "API request duration by procedure (batch: several tRPC calls; unmatched: no procedure), method and status",
      labelNames: ["route", "method", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    holds: new Counter({
      name: "seat_holds_total",
      help: "Seat holds by event: created, expired (swept), cancelled",
      labelNames: ["event"] as const,
      registers: [registry],
    }),
    payments: new Counter({
      name: "payments_total",
      help: "Payment attempts by result: completed, or the reason they failed",
      labelNames: ["result"] as const,
      registers: [registry],
    }),
    queuePolls: new Counter({
      name: "queue_polls_total",
      help: "Waiting-room polls (and event-stream refreshes) by where they were answered: replica (this instance's copy of the line) or redis",
      labelNames: ["answered"] as const,
      registers: [registry],
    }),
    queueWaiting: new Gauge({
      name: "queue_waiting_users",
      help: "Users waiting in line, per concert",
      labelNames: ["concert"] as const,
      registers: [registry],
    }),
    queueActive: new Gauge({
      name: "queue_active_users",
      help: "Users admitted (ACTIVE) now, per concert",
      labelNames: ["concert"] as const,
      registers: [registry],
    }),
    queueAdmitted: new Gauge({
      name: "queue_admitted_last_minute",
      help: "Users admitted in the last minute, per concert",
      labelNames: ["concert"] as const,
      registers: [registry],
    }),
  };
}

type Metrics = ReturnType<typeof create>;
const holder = globalThis as typeof globalThis & { __concertBookingMetrics?: Metrics };
export const metrics: Metrics = (holder.__concertBookingMetrics ??= create());

/** The metrics in Prometheus text format, with the line gauges read from the queue store. */
export async function renderMetrics(queue: QueueStore): Promise<{ body: string; contentType: string }> {
  const concerts = await queue.concertsWithLines().catch(() => []);
  const stats = await Promise.all(concerts.map((c) => queue.stats(c).catch(() => null)));
  metrics.queueWaiting.reset();
  metrics.queueActive.reset();
  metrics.queueAdmitted.reset();
  concerts.forEach((concert, i) => {
    const s = stats[i];
    if (!s) return;
    metrics.queueWaiting.set({ concert }, s.waiting);
    metrics.queueActive.set({ concert }, s.active);
    metrics.queueAdmitted.set({ concert }, s.admittedLastMinute);
  });
  return { body: await metrics.registry.metrics(), contentType: metrics.registry.contentType };
}
