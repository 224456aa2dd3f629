/**
 * WEB_CONCURRENCY above 1: the production entry as a node:cluster primary over that many worker
 * processes, to use every core of a machine. Each worker is the whole entry (server.ts) with its own
 * pools, Next.js and background jobs, as one more instance would be; they share the port, the
 * primary handing each new connection to the next worker in turn. The primary serves nothing:
 * - it prints `Ready on http://localhost:<port>` once every worker listens; a worker that stops
 *   before then fails the start (exit code 1, or the worker's), as a single process would;
 * - it replaces a worker that stops afterwards, after a pause that doubles while the replacements
 *   keep stopping soon after they start;
 * - on SIGTERM or SIGINT it sends every worker SIGTERM (each drains as a single process does, see
 *   server.ts), waits for all of them and exits 0, or with the code of a worker that failed.
 * Workers run the same file with the same arguments and Node options (`--import tsx` in a
 * checkout, plain `node server.js` in the Docker image): node:cluster's defaults.
 */
import cluster, { type Worker } from "node:cluster";
import type { Config } from "../../env";
import { logger } from "../infra/logger";

const FIRST_RESTART_MS = 1_000;
const MAX_RESTART_MS = 30_000;
/** A worker that ran this long before it stopped was not failing at start: its replacement gets the first pause. */
const STABLE_MS = 30_000;
/** Past the drain, how long a worker gets to close its pools before it is killed. */
const STOP_GRACE_MS = 5_000;

/** The pause before replacing a worker, after `failures` replacements in a row that stopped soon too. */
export function restartDelay(failures: number): number {
  return Math.min(MAX_RESTART_MS, FIRST_RESTART_MS * 2 ** failures);
}

type Slot = { worker?: Worker; startedAt: number; failures: number; restart?: NodeJS.Timeout };

/** Starts `config.WEB_CONCURRENCY` workers and looks after them until SIGTERM or SIGINT. */
export function runWorkers(config: Config, drainMs: number): void {
  const count = config.WEB_CONCURRENCY;
  // What a process without them generates for itself (src/env.ts), made the same for every worker:
  // a token, ticket code or admin password one of them takes is good on all.
  const shared = {
    AUTH_SECRET: config.AUTH_SECRET,
    ADMIN_PASSWORD: config.ADMIN_PASSWORD,
    TICKET_SIGNING_KEY: config.TICKET_SIGNING_KEY,
  };
  const slots: Slot[] = Array.from({ length: count }, () => ({ startedAt: 0, failures: 0 }));
  const listening = new Set<Worker>();
  let ready = false;
  let stopping = false;
  let exitCode = 0;

  const start = (slot: Slot) => {
    slot.restart = undefined;
    slot.worker = cluster.fork(shared);
    slot.startedAt = Date.now();
  };

  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const slot of slots) clearTimeout(slot.restart);
    const live = slots.flatMap((slot) => (slot.worker ? [slot.worker] : []));
    if (!live.length) process.exit(exitCode);
    // SIGTERM whatever the primary got: after a terminal's Ctrl-C, which reaches the workers too, a
    // second SIGINT would end a worker at once instead of letting it drain.
    for (const worker of live) worker.process.kill("SIGTERM");
    setTimeout(() => {
      for (const worker of live) if (!worker.isDead()) worker.process.kill("SIGKILL");
    }, drainMs + STOP_GRACE_MS).unref();
  };

  cluster.on("listening", (worker, address) => {
    if (stopping) return;
    if (ready) {
      logger.info({ pid: worker.process.pid }, "replacement worker process listening");
      return;
    }
    listening.add(worker);
    if (listening.size < count) return;
    ready = true;
    logger.info({ port: address.port, workers: count }, "all worker processes listening");
    console.log(`Ready on http://localhost:${address.port}`);
  });

  cluster.on("exit", (worker, code, signal) => {
    const slot = slots.find((s) => s.worker === worker);
    if (!slot) return;
    slot.worker = undefined;
    const { pid } = worker.process;
    if (stopping) {
      // A worker still starting has no handler yet: the SIGTERM it was sent ends it, as asked.
      const failed = code !== 0 && signal !== "SIGTERM";
      if (failed && exitCode === 0) exitCode = code || 1;
      if (slots.every((s) => !s.worker)) process.exit(exitCode);
      return;
    }
    if (!ready) {
      logger.error({ pid, code, signal }, "a worker process stopped while starting: stopping the others");
      exitCode = code || 1;
      stop();
      return;
    }
    if (Date.now() - slot.startedAt >= STABLE_MS) slot.failures = 0;
    const delay = restartDelay(slot.failures++);
    logger.warn({ pid, code, signal, restartInMs: delay }, "a worker process stopped: starting another");
    slot.restart = setTimeout(() => start(slot), delay);
  });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      logger.info({ signal }, "shutting down: every worker finishes its requests in flight");
      stop();
    });
  }

  logger.info({ workers: count }, "starting worker processes");
  for (const slot of slots) start(slot);
}
