import type { Config } from "@/env";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import type { QueueClaims } from "../infra/tokens";
import { concertExists } from "../catalog/concert-exists";
import type { QueueState } from "./queue-store";
import type { QueueTicket, QueueView } from "./queue.schema";

type WaitConfig = Pick<Config, "QUEUE_MAX_ACTIVE" | "QUEUE_ACTIVE_TTL_SECONDS" | "QUEUE_IDLE_TIMEOUT_SECONDS">;

const ACTIVE_POLL_MS = 5_000;
const MIN_POLL_MS = 1_000;
const MAX_POLL_MS = 15_000;

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
 * the idle timeout so a polling waiter never loses the place.
 */
export function pollAfterMs(state: Pick<QueueState, "status" | "position">, config: WaitConfig): number {
  if (state.status === "EXPIRED") return 0;
  const ceiling = Math.max(MIN_POLL_MS, Math.min(MAX_POLL_MS, (config.QUEUE_IDLE_TIMEOUT_SECONDS * 1000) / 3));
  if (state.status === "ACTIVE") return Math.min(ACTIVE_POLL_MS, ceiling);
  return Math.min(ceiling, MIN_POLL_MS + (state.position - 1) * 20);
}

export function toQueueView(state: QueueState, config: WaitConfig): QueueView {
  return {
    status: state.status,
    position: state.position,
    estimatedWaitSeconds: estimateWaitSeconds(state.position, state.admittedLastMinute, config),
    activeUntil: state.activeUntil === null ? null : new Date(state.activeUntil).toISOString(),
    pollAfterMs: pollAfterMs(state, config),
  };
}

export async function joinQueue(
  deps: Pick<Deps, "db" | "queue" | "tokens" | "config">,
  userId: string,
  concertId: string,
): Promise<QueueTicket> {
  if (!(await concertExists(deps.db, concertId))) throw new AppError("NOT_FOUND", "Concert not found");
  const { tokenId, ...state } = await deps.queue.join(concertId, userId);
  const queueToken = await deps.tokens.signQueue({ userId, concertId, tokenId });
  return { queueToken, ...toQueueView(state, deps.config) };
}

export async function getQueueStatus(deps: Pick<Deps, "queue" | "config">, claims: QueueClaims): Promise<QueueView> {
  const state = await deps.queue.status(claims.concertId, claims.userId, claims.tokenId);
  return toQueueView(state, deps.config);
}

export async function leaveQueue(deps: Pick<Deps, "queue">, claims: QueueClaims): Promise<void> {
  await deps.queue.end(claims.concertId, claims.userId, claims.tokenId);
}
