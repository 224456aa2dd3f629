/**
 * The waiting room of each concert. Implementations keep every rule of one state change atomic
 * (see redis-queue-store.ts); the service on top only turns states into responses.
 */
export type QueueStatus = "WAITING" | "ACTIVE" | "EXPIRED";

export type QueueState = {
  status: QueueStatus;
  /** 1-based while WAITING, else 0. */
  position: number;
  /** Epoch ms while ACTIVE, else null. */
  activeUntil: number | null;
  /** How many were admitted to this concert in the last minute (for the wait estimate). */
  admittedLastMinute: number;
};

export type JoinResult = QueueState & { tokenId: string };

export type QueueStats = { waiting: number; active: number; admittedLastMinute: number };

export interface QueueStore {
  /** Takes a place at the back, or returns the place the user already has. */
  join(concertId: string, userId: string): Promise<JoinResult>;
  /** The state of the pass `tokenId`; counts as a poll for the idle timeout. */
  status(concertId: string, userId: string, tokenId: string): Promise<QueueState>;
  /** Whether the pass is ACTIVE now: the gate of every admitted-only route. */
  isActive(concertId: string, userId: string, tokenId: string): Promise<boolean>;
  /** Extends an ACTIVE pass to last at least until `untilMs`. */
  extend(concertId: string, userId: string, tokenId: string, untilMs: number): Promise<void>;
  /** Ends the pass (leaves the line or frees the slot) and admits the next in line. */
  end(concertId: string, userId: string, tokenId: string): Promise<void>;
  /** Drops lapsed passes and idle waiters and fills free slots; returns how many it admitted. */
  tick(concertId: string): Promise<number>;
  /** Concerts that have had a line, for the admission ticker. */
  concertsWithLines(): Promise<string[]>;
  stats(concertId: string): Promise<QueueStats>;
  /** Resolves when the store answers. */
  ping(): Promise<void>;
}
