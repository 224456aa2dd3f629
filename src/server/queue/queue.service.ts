import type { Config } from "@/env";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import { logger } from "../infra/logger";
import type { QueueClaims } from "../infra/tokens";
import { endHoldsOfPass } from "../reservations/reservations.service";
import { toRules } from "./line-settings";
import type { QueueState } from "./queue-store";
import type { QueueTicket, QueueView } from "./queue.schema";

type WaitConfig = Pick<Config, "QUEUE_MAX_ACTIVE" | "QUEUE_ACTIVE_TTL_SECONDS" | "QUEUE_IDLE_TIMEOUT_SECONDS">;

const ACTIVE_POLL_MS = 5_000;
const MIN_POLL_MS = 1_000;
const MAX_POLL_MS = 15_000;
/** The shortest poll interval, for idle timeouts too short for MIN_POLL_MS. */
const FLOOR_POLL_MS = 100;

/**
 * Seconds until a waiter at `position` gets in, from the admission rate of the last minute.
 * With no admissions observed yet, assume each slot turns over once per pass lifetime.
 */
export function estimateWaitSeconds(position: number, admittedLastMinute: number, config: WaitConfig): number {
  if (position <= 0) return 0;
  if (admittedLastMinute > 0) return Math.ceil((position * 60) / admittedLastMinute);
  return Math.ceil(position / config.QUEUE_MAX_ACTIVE) * config.QUEUE_ACTIVE_TTL_SECONDS;
}

/**
 * When to poll next: every second near the front, less often further back, but always well within
 * the idle timeout so a polling waiter never loses the place; in the pre-queue, around the opening.
 * Whole milliseconds for every setting.
 */
export function pollAfterMs(
  state: Pick<QueueState, "status" | "position" | "opensAt">,
  config: WaitConfig,
  now: number,
): number {
  if (state.status === "EXPIRED") return 0;
  const ceiling = Math.max(
    FLOOR_POLL_MS,
    Math.min(MAX_POLL_MS, Math.floor((config.QUEUE_IDLE_TIMEOUT_SECONDS * 1000) / 3)),
  );
  if (state.status === "ACTIVE") return Math.min(ACTIVE_POLL_MS, ceiling);
  if (state.status === "PREQUEUE") return Math.min(ceiling, Math.max(MIN_POLL_MS, (state.opensAt ?? now) - now));
  return Math.min(ceiling, MIN_POLL_MS + (state.position - 1) * 20);
}

export function toQueueView(state: QueueState, config: WaitConfig, now: number): QueueView {
  const untilOpening = state.opensAt === null ? 0 : Math.max(0, Math.ceil((state.opensAt - now) / 1000));
  const inLine = state.status === "WAITING" || state.status === "PREQUEUE";
  return {
    status: state.status,
    position: state.position,
    estimatedWaitSeconds:
      (inLine ? untilOpening : 0) + estimateWaitSeconds(state.position, state.admittedLastMinute, config),
    activeUntil: state.activeUntil === null ? null : new Date(state.activeUntil).toISOString(),
    pollAfterMs: pollAfterMs(state, config, now),
    opensAt: state.opensAt === null ? null : new Date(state.opensAt).toISOString(),
    ...(state.reason ? { reason: state.reason } : {}),
  };
}

const lineClosed = () => new AppError("LINE_CLOSED", "This line is closed: no more places are given out");

/**
 * Takes a place in the concert's line, or returns the one the user has: a retry never makes a
 * second place, so a join whose answer was lost is repeated safely.
 */
export async function joinQueue(
  deps: Pick<Deps, "queue" | "lines" | "tokens" | "config" | "clock">,
  userId: string,
  concertId: string,
): Promise<QueueTicket> {
  const settings = await deps.lines.get(concertId);
  if (!settings) throw new AppError("NOT_FOUND", "Concert not found");
  if (settings.closed) throw lineClosed();
  const { tokenId, ...state } = await deps.queue.join(concertId, userId, toRules(settings));
  if (state.status !== "ACTIVE" && state.reason === "LINE_CLOSED") throw lineClosed();
  const queueToken = await deps.tokens.signQueue({ userId, concertId, tokenId });
  return { queueToken, ...toQueueView(state, deps.config, deps.clock.now().getTime()) };
}

export async function getQueueStatus(
  deps: Pick<Deps, "queue" | "config" | "clock">,
  claims: QueueClaims,
): Promise<QueueView> {
  const state = await deps.queue.poll(claims.concertId, claims.userId, claims.tokenId);
  return toQueueView(state, deps.config, deps.clock.now().getTime());
}

/** Leaves the line or ends the pass; the holds made under the pass lapse with it. */
export async function leaveQueue(deps: Pick<Deps, "queue" | "db" | "clock">, claims: QueueClaims): Promise<void> {
  await deps.queue.end(claims.concertId, claims.userId, claims.tokenId);
  await releaseHoldsOfPass(deps, claims);
}

/**
 * Ends the live holds of a pass that has just ended (left, or paid for). After the pass ended, so
 * a failure here leaves holds that still lapse by their own time, which never outlives the pass's
 * hard end: logged, not thrown.
 */
export async function releaseHoldsOfPass(
  deps: Pick<Deps, "db" | "clock">,
  claims: Pick<QueueClaims, "userId" | "concertId">,
): Promise<void> {
  try {
    await endHoldsOfPass(deps, claims.userId, claims.concertId);
  } catch (err) {
    logger.warn({ err, concertId: claims.concertId }, "could not release the holds of an ended pass");
  }
}
