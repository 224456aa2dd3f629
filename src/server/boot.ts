import { env } from "@/env";
import { createDeps, depsReady, type Deps } from "./deps";
import { createApiHandler } from "./http/api-handler";
import { ensureDatabase, migrate } from "./infra/migrate";
import { logger } from "./infra/logger";
import { startAdmissionTicker } from "./queue/admission-ticker";

/**
 * The process-wide app: settings, dependencies, the API handler and the background jobs.
 * Kept on globalThis so that every route bundle of Next.js (and dev reloads) share one instance.
 */
type App = { deps: Deps; handle: (req: Request) => Promise<Response>; ready: Promise<void> };

const holder = globalThis as typeof globalThis & { __concertBookingApp?: App };

async function prepare(deps: Deps): Promise<void> {
  const { DATABASE_URL, BACKGROUND_JOBS } = deps.config;
  await ensureDatabase(DATABASE_URL);
  const applied = await migrate(DATABASE_URL);
  await depsReady(deps);
  if (!deps.redis) logger.warn("REDIS_URL is not set: the waiting room is kept in this process; run one instance only");
  if (applied.length) logger.info({ applied }, "migrations applied");
  if (BACKGROUND_JOBS === "on") {
    startAdmissionTicker(deps);
  }
}

export function getApp(): App {
  if (!holder.__concertBookingApp) {
    const deps = createDeps(env());
    const ready = prepare(deps);
    ready.catch((err) => logger.fatal({ err }, "start-up failed"));
    holder.__concertBookingApp = { deps, handle: createApiHandler(deps), ready };
  }
  return holder.__concertBookingApp;
}

/** The API entry for route handlers: waits for start-up (migrations) once, then serves. */
export async function handleApi(req: Request): Promise<Response> {
  const app = getApp();
  await app.ready;
  return app.handle(req);
}
