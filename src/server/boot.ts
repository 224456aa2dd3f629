import { env } from "@/env";
import { closeDeps, createDeps, depsReady, type Deps } from "./deps";
import { createApiHandler } from "./http/api-handler";
import { ensureDatabase, migrate } from "./infra/migrate";
import { logger } from "./infra/logger";
import { startAdmissionTicker } from "./queue/admission-ticker";
import { startHoldSweeper } from "./reservations/hold-sweeper";
import { ensureFirstOwner } from "./staff/staff.service";

/**
 * The process-wide app: settings, dependencies, the API handler and the background jobs.
 * Kept on globalThis so that every route bundle of Next.js (and dev reloads) share one instance.
 */
type App = {
  deps: Deps;
  handle: (req: Request) => Promise<Response>;
  ready: Promise<void>;
  stopJobs: Array<() => void>;
};

const holder = globalThis as typeof globalThis & { __concertBookingApp?: App };

async function prepare(app: App): Promise<void> {
  const { deps } = app;
  const { DATABASE_URL, BACKGROUND_JOBS } = deps.config;
  await ensureDatabase(DATABASE_URL);
  const applied = await migrate(DATABASE_URL);
  await depsReady(deps);
  await ensureFirstOwner(deps);
  if (!deps.redis) logger.warn("REDIS_URL is not set: the waiting room is kept in this process; run one instance only");
  if (applied.length) logger.info({ applied }, "migrations applied");
  // Every instance keeps its copy of the lines fresh; only those with background jobs admit.
  app.stopJobs.push(startAdmissionTicker(deps, { admit: BACKGROUND_JOBS === "on" }));
  if (BACKGROUND_JOBS === "on") app.stopJobs.push(startHoldSweeper(deps));
}

export function getApp(): App {
  if (!holder.__concertBookingApp) {
    const deps = createDeps(env());
    const app: App = { deps, handle: createApiHandler(deps), ready: Promise.resolve(), stopJobs: [] };
    app.ready = prepare(app);
    app.ready.catch((err) => logger.fatal({ err }, "start-up failed"));
    holder.__concertBookingApp = app;
  }
  return holder.__concertBookingApp;
}

/** The API entry for route handlers: waits for start-up (migrations) once, then serves. */
export async function handleApi(req: Request): Promise<Response> {
  const app = getApp();
  await app.ready;
  return app.handle(req);
}

/** The first step of a graceful shutdown: no new admission ticks or sweeps. */
export function stopBackgroundJobs(): void {
  for (const stop of holder.__concertBookingApp?.stopJobs.splice(0) ?? []) stop();
}

/**
 * The last step of a graceful shutdown, once the HTTP server has stopped taking requests and
 * finished those in flight: stop the background jobs and close the pools.
 */
export async function stopApp(): Promise<void> {
  const app = holder.__concertBookingApp;
  if (!app) return;
  stopBackgroundJobs();
  await closeDeps(app.deps);
  holder.__concertBookingApp = undefined;
  logger.info("stopped");
}
