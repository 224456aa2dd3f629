import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { log } from "../lib/compare";
import { EventClients, sharedNow } from "../lib/event-streams";
import { memoryOf, startApp, type Memory } from "../lib/servers";
import { deleteLine, insertConcert, seedActive, seedWaiting, type Services } from "../lib/services";
import { SETTINGS } from "../lib/settings";

type Ctx = { s: Services; bundle: string; env: Record<string, string> };

/** Descriptors the app may still open beside the streams (its pools growing, health checks, logs). */
const SPARE_FILES = 256;

export type EventsResult = {
  /** Streams asked for (SETTINGS.eventStreams) and those the app's open-files limit allowed. */
  asked: number;
  planned: number;
  /** The app process's open-files limit (hard; Node raises the soft one to it) and its descriptors before the streams. */
  openFilesLimit: number;
  appFilesBefore: number;
  /** Descriptors left to the app beside the streams. */
  spareFiles: number;
  /** Streams whose first status event arrived; the others by HTTP status or error. */
  opened: number;
  refused: Record<string, number>;
  openSeconds: number;
  memory: { before: Memory; after: Memory; perStream: { rss: number; heapUsed: number; external: number } };
  /** Admissions asked for (SETTINGS.eventAdmissions). */
  admissionsAsked: number;
  /** One entry per admission: streams concerned (WAITING at the time), reached, and the arrival times. */
  admissions: { concerned: number; reached: number; p50Ms: number; p99Ms: number; maxMs: number }[];
  /** Over every (admission, concerned stream): a stream never reached counts as infinitely late. */
  fanOut: { streams: number; reached: number; p50Ms: number; p99Ms: number; maxMs: number };
  /** Streams the server closed while the scenario held them (none expected). */
  endedEarly: number;
  /** The answer to a leave that was not 204 (the admissions stop there). */
  leaveFailed?: string;
  /** Shown places below the true place, and places in the first 1,000 not exact (none expected), over every check. */
  placesBelowTrue: number;
  placesInexactFront: number;
};

/** Nearest-rank percentile; NaN for no values. */
function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The hard limit on open files of a process, and how many it has open. */
function openFiles(pid: number): { limit: number; open: number } {
  const limits = readFileSync(`/proc/${pid}/limits`, "utf8");
  const hard = /^Max open files\s+\S+\s+(\S+)/m.exec(limits)?.[1];
  return {
    limit: hard === undefined || hard === "unlimited" ? Infinity : Number(hard),
    open: readdirSync(`/proc/${pid}/fd`).length,
  };
}

/**
 * queue-events: SETTINGS.eventStreams fans waiting in one line, each holding an open event stream
 * (`GET /api/v1/queue/events`) to one app instance of its own (started for this scenario with the
 * memory probe, so its memory is read after a full garbage collection). The line is full: its cap is
 * SETTINGS.eventsMaxActive, all ACTIVE. Measured:
 * - memory per stream: the instance's RSS, heap and external memory after opening the streams minus
 *   before, over the streams opened;
 * - the fan-out of one admission: a fan leaves an ACTIVE slot (`DELETE /api/v1/queue/tokens/current`),
 *   and from that moment until the head of the line's stream says ACTIVE and every stream behind it
 *   shows a lower place, each stream's delay; p99 over the streams and the admissions
 *   (SETTINGS.eventAdmissions, one after another, each next leaver the fan admitted before).
 * Checked: no shown place below the true one, and the first 1,000 exact, after opening and after
 * each admission.
 */
export async function queueEvents({ s, bundle, env }: Ctx): Promise<EventsResult> {
  const concertId = await insertConcert(s.pool, "queue-events");
  await s.pool.query(`UPDATE concerts SET queue_max_active = $2, line_version = line_version + 1 WHERE id = $1::uuid`, [
    concertId,
    SETTINGS.eventsMaxActive,
  ]);
  const probe = path.resolve(import.meta.dirname, "..", "lib", "memory-probe.mjs");
  const app = await startApp("app-events", bundle, env, ["--expose-gc", "--import", probe]);
  const clients = await EventClients.start(SETTINGS.eventClients);
  try {
    const files = openFiles(app.child.pid!);
    const planned = Math.min(SETTINGS.eventStreams, files.limit - files.open - SPARE_FILES);
    log(
      `queue-events: ${planned} streams (asked ${SETTINGS.eventStreams}; the app may open ${files.limit} files and has ${files.open} open)`,
    );
    const activeIds = Array.from({ length: SETTINGS.eventsMaxActive }, () => randomUUID());
    const activeTickets = await seedActive(s.redis, concertId, activeIds);
    const waiterIds = Array.from({ length: planned }, () => randomUUID());
    const tickets = await seedWaiting(s.redis, concertId, waiterIds);
    const queueToken = (userId: string, ticket: number) =>
      s.tokens.signQueue({ userId, concertId, tokenId: String(ticket) });
    const tokens: string[] = [];
    for (let i = 0; i < planned; i += 1_000)
      tokens.push(
        ...(await Promise.all(waiterIds.slice(i, i + 1_000).map((id, j) => queueToken(id, tickets[i + j]!)))),
      );
    const places = tokens.map((_, i) => i + 1);
    // The leavers: the fans ACTIVE now, then each fan the previous admission let in.
    const leavers = await Promise.all(
      [
        { userId: activeIds[0]!, ticket: activeTickets[0]! },
        ...waiterIds.slice(0, SETTINGS.eventAdmissions - 1).map((userId, i) => ({ userId, ticket: tickets[i]! })),
      ].map(async (f) => ({
        access: await s.tokens.signAccess({ userId: f.userId }),
        queue: await queueToken(f.userId, f.ticket),
      })),
    );

    // Unmeasured: a few streams opened and closed, so that nothing is loaded or compiled for the first time below.
    await clients.open(app.url, tokens.slice(0, 100), places.slice(0, 100));
    await clients.closeStreams();
    await sleep(1_000);

    const before = await memoryOf(app);
    const started = performance.now();
    const opened = await clients.open(app.url, tokens, places);
    const openSeconds = (performance.now() - started) / 1000;
    log(
      `queue-events: ${opened.opened} streams open in ${openSeconds.toFixed(1)} s; refused ${JSON.stringify(opened.refused)}`,
    );
    // A few ticks, so that every stream has been refreshed at least once before memory is read.
    await sleep(4 * Number(env.QUEUE_TICK_MS ?? 250) + 500);
    const after = await memoryOf(app);
    const per = (k: keyof Memory) => (opened.opened ? (after[k] - before[k]) / opened.opened : NaN);

    const admissions: EventsResult["admissions"] = [];
    const all: number[] = [];
    let concernedTotal = 0;
    let placesBelowTrue = opened.placesBelowTrue;
    let placesInexactFront = opened.placesInexactFront;
    let endedEarly = 0;
    let leaveFailed: string | undefined;
    for (let i = 0; i < leavers.length; i++) {
      await clients.mark();
      const t0 = sharedNow();
      const res = await fetch(`${app.url}/api/v1/queue/tokens/current`, {
        method: "DELETE",
        headers: { authorization: `Bearer ${leavers[i]!.access}`, "x-queue-token": leavers[i]!.queue },
      });
      if (res.status !== 204) {
        // Reported (the row fails) rather than thrown, so that a full run still writes its figures.
        leaveFailed = `${res.status}: ${(await res.text()).slice(0, 200)}`;
        log(`queue-events: leaving answered ${leaveFailed}`);
        break;
      }
      const deadline = performance.now() + SETTINGS.eventTimeoutSeconds * 1000;
      for (;;) {
        const p = await clients.progress();
        if (p.reached >= p.concerned || performance.now() > deadline) break;
        await sleep(50);
      }
      const c = await clients.collect(t0, i + 1);
      const sorted = [...c.latencies].sort((a, b) => a - b);
      const withMissed = [...sorted, ...Array<number>(c.concerned - sorted.length).fill(Infinity)];
      admissions.push({
        concerned: c.concerned,
        reached: sorted.length,
        p50Ms: percentile(withMissed, 50),
        p99Ms: percentile(withMissed, 99),
        maxMs: percentile(withMissed, 100),
      });
      all.push(...withMissed);
      concernedTotal += c.concerned;
      placesBelowTrue += c.placesBelowTrue;
      placesInexactFront += c.placesInexactFront;
      // Each leaver after the first held a stream, which ends with its EXPIRED status; no other may end.
      endedEarly = Math.max(0, c.ended - i);
      const a = admissions.at(-1)!;
      log(
        `queue-events admission ${i + 1}: ${a.reached} of ${a.concerned} streams told, p50 ${a.p50Ms.toFixed(0)} ms, p99 ${a.p99Ms.toFixed(0)} ms, max ${a.maxMs.toFixed(0)} ms`,
      );
      // The line settles (the leaver's stream ends, the next tick finds nothing to do) before the next.
      await sleep(2 * Number(env.QUEUE_TICK_MS ?? 250));
    }
    all.sort((a, b) => a - b);
    await clients.closeStreams();
    return {
      asked: SETTINGS.eventStreams,
      planned,
      openFilesLimit: files.limit,
      appFilesBefore: files.open,
      spareFiles: SPARE_FILES,
      opened: opened.opened,
      refused: opened.refused,
      openSeconds,
      memory: { before, after, perStream: { rss: per("rss"), heapUsed: per("heapUsed"), external: per("external") } },
      admissionsAsked: leavers.length,
      admissions,
      fanOut: {
        streams: concernedTotal,
        reached: all.filter(Number.isFinite).length,
        p50Ms: percentile(all, 50),
        p99Ms: percentile(all, 99),
        maxMs: percentile(all, 100),
      },
      endedEarly,
      leaveFailed,
      placesBelowTrue,
      placesInexactFront,
    };
  } finally {
    await clients.stop();
    await app.stop();
    await deleteLine(s, concertId);
  }
}
