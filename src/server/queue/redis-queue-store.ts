import type { Redis } from "ioredis";
import type { Config } from "@/env";
import type { Clock } from "../infra/clock";
import type { JoinResult, QueueState, QueueStats, QueueStatus, QueueStore } from "./queue-store";
import { END, EXTEND, IS_ACTIVE, JOIN, STATS, STATUS, TICK } from "./queue-scripts";

type Reply = [QueueStatus, number, number, number, number];

type QueueCommands = {
  queueJoin(...args: (string | number)[]): Promise<Reply>;
  queueStatus(...args: (string | number)[]): Promise<Reply>;
  queueIsActive(...args: (string | number)[]): Promise<number>;
  queueExtend(...args: (string | number)[]): Promise<number>;
  queueEnd(...args: (string | number)[]): Promise<number>;
  queueTick(...args: (string | number)[]): Promise<number>;
  queueStats(...args: (string | number)[]): Promise<[number, number, number]>;
};

/** How many waiters at the front the ticker checks for idleness each tick. */
const PRUNE_FRONT = 200;
/**
 * How long a join trusts that its concert is already in the set of lines (LINES_KEY) before
 * adding it again: one SADD per concert per 10 s instead of one per join. Should Redis lose the
 * set, the next join after that re-adds it (status polls admit meanwhile).
 */
const LINE_KNOWN_MS = 10_000;
/** The set of concerts with a line, for the admission ticker. */
export const LINES_KEY = "queue:lines";

/** A user id in 22 characters (base64url of the UUID's 16 bytes): less memory per waiter. */
export function userKey(userId: string): string {
  return Buffer.from(userId.replaceAll("-", ""), "hex").toString("base64url");
}

/**
 * The keys of a concert's line (after the client's key prefix), in the order the scripts take
 * them (see queue-scripts.ts). Exported with `userKey` for tools that write lines directly (the
 * benchmark seeds a million waiters this way).
 */
export function concertKeys(concertId: string): [wait: string, seen: string, active: string, aticket: string, seq: string, adm: string] {
  const tag = `{q:${concertId}}`;
  return [`${tag}:wait`, `${tag}:seen`, `${tag}:active`, `${tag}:aticket`, `${tag}:seq`, `${tag}:adm`];
}

function toState([status, , position, activeUntil, admittedLastMinute]: Reply): QueueState {
  return { status, position, activeUntil: status === "ACTIVE" ? activeUntil : null, admittedLastMinute };
}

/** The waiting room in Redis: one Lua script per state change (see queue-scripts.ts). */
export class RedisQueueStore implements QueueStore {
  private readonly redis: Redis & QueueCommands;
  /** Concert id -> when this instance last added it to LINES_KEY. */
  private readonly linesAdded = new Map<string, number>();

  constructor(
    redis: Redis,
    private readonly config: Pick<Config, "QUEUE_MAX_ACTIVE" | "QUEUE_ACTIVE_TTL_SECONDS" | "QUEUE_IDLE_TIMEOUT_SECONDS">,
    private readonly clock: Clock,
  ) {
    redis.defineCommand("queueJoin", { numberOfKeys: 6, lua: JOIN });
    redis.defineCommand("queueStatus", { numberOfKeys: 6, lua: STATUS });
    redis.defineCommand("queueIsActive", { numberOfKeys: 2, lua: IS_ACTIVE });
    redis.defineCommand("queueExtend", { numberOfKeys: 2, lua: EXTEND });
    redis.defineCommand("queueEnd", { numberOfKeys: 6, lua: END });
    redis.defineCommand("queueTick", { numberOfKeys: 6, lua: TICK });
    redis.defineCommand("queueStats", { numberOfKeys: 6, lua: STATS });
    this.redis = redis as Redis & QueueCommands;
  }

  /** now, maxActive, ttlMs, idleCutoffSec, nowSec */
  private timing(): [number, number, number, number, number] {
    const now = this.clock.now().getTime();
    const nowSec = Math.floor(now / 1000);
    const c = this.config;
    return [now, c.QUEUE_MAX_ACTIVE, c.QUEUE_ACTIVE_TTL_SECONDS * 1000, nowSec - c.QUEUE_IDLE_TIMEOUT_SECONDS, nowSec];
  }

  async join(concertId: string, userId: string): Promise<JoinResult> {
    const timing = this.timing();
    const [reply] = await Promise.all([
      this.redis.queueJoin(...concertKeys(concertId), userKey(userId), ...timing),
      this.noteLine(concertId, timing[0]),
    ]);
    return { ...toState(reply), tokenId: String(reply[1]) };
  }

  /** Adds the concert to the lines the ticker walks, unless this instance did so moments ago. */
  private async noteLine(concertId: string, now: number): Promise<void> {
    const added = this.linesAdded.get(concertId);
    if (added !== undefined && now - added >= 0 && now - added < LINE_KNOWN_MS) return;
    if (this.linesAdded.size >= 10_000) this.linesAdded.clear();
    await this.redis.sadd(LINES_KEY, concertId);
    this.linesAdded.set(concertId, now);
  }

  async status(concertId: string, userId: string, tokenId: string): Promise<QueueState> {
    const reply = await this.redis.queueStatus(...concertKeys(concertId), userKey(userId), tokenId, ...this.timing());
    return toState(reply);
  }

  async isActive(concertId: string, userId: string, tokenId: string): Promise<boolean> {
    const [, , active, aticket] = concertKeys(concertId);
    const now = this.clock.now().getTime();
    return (await this.redis.queueIsActive(active, aticket, userKey(userId), tokenId, now)) === 1;
  }

  async extend(concertId: string, userId: string, tokenId: string, untilMs: number): Promise<void> {
    const [, , active, aticket] = concertKeys(concertId);
    const now = this.clock.now().getTime();
    await this.redis.queueExtend(active, aticket, userKey(userId), tokenId, now, untilMs);
  }

  async end(concertId: string, userId: string, tokenId: string): Promise<void> {
    const [now, maxActive, ttlMs, idleCutoff] = this.timing();
    await this.redis.queueEnd(...concertKeys(concertId), userKey(userId), tokenId, now, maxActive, ttlMs, idleCutoff);
  }

  async tick(concertId: string): Promise<number> {
    const [now, maxActive, ttlMs, idleCutoff] = this.timing();
    return this.redis.queueTick(...concertKeys(concertId), now, maxActive, ttlMs, idleCutoff, PRUNE_FRONT);
  }

  concertsWithLines(): Promise<string[]> {
    return this.redis.smembers(LINES_KEY);
  }

  async stats(concertId: string): Promise<QueueStats> {
    const [waiting, active, admittedLastMinute] = await this.redis.queueStats(
      ...concertKeys(concertId),
      this.clock.now().getTime(),
    );
    return { waiting, active, admittedLastMinute };
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }
}
