/**
 * The waiting room of each concert. Implementations keep every rule of one state change atomic
 * (see redis-queue-store.ts); the service on top only turns states into responses.
 */
import type { Config } from "@/env";

/** The settings the stores read (a line's own rules come with each call that may admit). */
export type QueueTiming = Pick<
  Config,
  "QUEUE_ACTIVE_TTL_SECONDS" | "QUEUE_PASS_MAX_SECONDS" | "QUEUE_IDLE_TIMEOUT_SECONDS" | "QUEUE_TICK_MS"
>;

export type QueueStatus = "PREQUEUE" | "WAITING" | "ACTIVE" | "EXPIRED";

/** Why a pass is EXPIRED, when the line knows: it was closed. */
type ExpiredReason = "LINE_CLOSED";

export type QueueState = {
  status: QueueStatus;
  /** 1-based while WAITING, else 0. */
  position: number;
  /** Epoch ms while ACTIVE, else null. */
  activeUntil: number | null;
  /** How many were admitted to this concert in the last minute (for the wait estimate). */
  admittedLastMinute: number;
  /** Epoch ms of the opening while the line is not open yet, else null. */
  opensAt: number | null;
  reason: ExpiredReason | null;
};

export type JoinResult = QueueState & { tokenId: string };

export type QueueStats = { waiting: number; prequeue: number; active: number; admittedLastMinute: number };

/**
 * What a line runs by, as the store takes it: from PostgreSQL (line-settings.ts), with a version
 * that grows with every change, so that a store keeps the newest it was given.
 */
export type LineRules = {
  version: number;
  /** Epoch ms of the opening; 0 when there is none (the line is open). */
  opensAt: number;
  paused: boolean;
  closed: boolean;
  maxActive: number;
  /** Admissions per minute at most, evenly spread; 0: no pacing. */
  admitPerMinute: number;
};

/** An ACTIVE pass: its current end and its hard end (epoch ms). */
export type ActivePass = { until: number; hardEnd: number };

export interface QueueStore {
  /**
   * Takes a place at the back (in the pre-queue before the opening), or returns the place or pass
   * the user already has. A closed line answers EXPIRED with reason LINE_CLOSED and no place.
   */
  join(concertId: string, userId: string, rules: LineRules): Promise<JoinResult>;
  /**
   * The state of the pass `tokenId`, exactly as the store has it now; counts as a poll for the idle
   * timeout. Admits nobody (see tick).
   */
  status(concertId: string, userId: string, tokenId: string): Promise<QueueState>;
  /**
   * A waiter's poll: the state of the pass as `status` gives it, except that it may lag by one tick
   * (the store may answer from what its last tick read); a place it shows is never lower than the
   * true place. Counts as a poll for the idle timeout (give or take a tick).
   */
  poll(concertId: string, userId: string, tokenId: string): Promise<QueueState>;
  /** The pass if it is ACTIVE now: the gate of every admitted-only route. */
  activePass(concertId: string, userId: string, tokenId: string): Promise<ActivePass | null>;
  /** Extends an ACTIVE pass to last at least until `untilMs`, never past its hard end. */
  extend(concertId: string, userId: string, tokenId: string, untilMs: number): Promise<void>;
  /** Ends the pass (leaves the line or frees the slot) and admits the next in line. */
  end(concertId: string, userId: string, tokenId: string): Promise<void>;
  /**
   * Takes the line's rules, draws the pre-queue once the line opens, drops lapsed passes and idle
   * waiters and fills free slots; returns how many it admitted.
   */
  tick(concertId: string, rules: LineRules): Promise<number>;
  /**
   * What every instance does each tick for every line, admitting or not: sends the heartbeats its
   * polls collected and refreshes what `poll` answers from. Part of `tick`.
   */
  refresh(concertId: string): Promise<void>;
  /** Takes the line's rules now (an admin changed them), unless it already has these or newer. */
  applyRules(concertId: string, rules: LineRules): Promise<void>;
  /** Concerts that have had a line, for the admission ticker. */
  concertsWithLines(): Promise<string[]>;
  stats(concertId: string): Promise<QueueStats>;
  /** Resolves when the store answers. */
  ping(): Promise<void>;
}
