import { randomInt } from "node:crypto";
import { Cluster } from "ioredis";
import { metrics } from "../infra/metrics";
import type { RedisClient } from "../infra/redis";
import type { Clock } from "../infra/clock";
import type {
  ActivePass,
  JoinResult,
  LineRules,
  QueueState,
  QueueStats,
  QueueStatus,
  QueueStore,
  QueueTiming,
} from "./queue-store";
import { LineBeats, type Beat } from "./line-beats";
import { LineReplica } from "./line-replica";
import { ACTIVE_PASS, END, EXTEND, JOIN, SNAPSHOT, STATS, STATUS, SYNC, TICK } from "./queue-scripts";

type Reply = [QueueStatus, number, number, number, number, number, string];

type QueueCommands = {
  queueJoin(...args: (string | number)[]): Promise<Reply>;
  queueStatus(...args: (string | number)[]): Promise<Reply>;
  queueActivePass(...args: (string | number)[]): Promise<[number, number] | 0>;
  queueExtend(...args: (string | number)[]): Promise<number>;
  queueEnd(...args: (string | number)[]): Promise<number>;
  queueTick(...args: (string | number)[]): Promise<[admitted: number, drawing: number]>;
  queueSync(...args: (string | number)[]): Promise<number>;
  queueStats(...args: (string | number)[]): Promise<[number, number, number, number]>;
  queueSnapshot(...args: (string | number)[]): Promise<SnapshotReply>;
};

type SnapshotReply = [
  ...[epoch: number, from: number, logLength: number, admittedLastMinute: number],
  ...[closed: number, pre: number, preFrom: number, drawEnd: number, opensAt: number, gbase: number],
  ...[draws: string, entries: string[]],
];

/** How many waiters at the front TICK checks for idleness (once a second per line). */
const PRUNE_FRONT = 200;
/** Heartbeats one refresh sends at most (a few BITFIELD operations of Redis each). */
const MAX_BEATS_PER_REFRESH = 10_000;
/** Steps of a draw one tick may take (DRAW_STEP fans each); the next tick goes on from there. */
const MAX_DRAW_STEPS_PER_TICK = 200;
/**
 * How long a join trusts that its concert is already in the set of lines (LINES_KEY) before
 * adding it again: one SADD per concert per 10 s instead of one per join. Should Redis lose the
 * set, the next join after that re-adds it (status polls admit meanwhile).
 */
const LINE_KNOWN_MS = 10_000;
/**
 * The set of concerts with a line, for the admission ticker. The one key outside every line's hash
 * tag: on Redis Cluster it lives in a slot of its own, which is fine because only single commands
 * touch it (SADD on a join at most every LINE_KNOWN_MS, SMEMBERS once per tick), never a script
 * with a line's keys. One set read per tick keeps the ticker's cost the same on one server and on
 * a Cluster; a set per master, or a SCAN of every master, would only add round trips.
 */
export const LINES_KEY = "queue:lines";

/**
 * Whether polls are answered from each instance's replica of the line (see poll). Heartbeats then
 * reach Redis up to a tick late and at most once per twelfth of the idle timeout (line-beats.ts),
 * so the idle timeout must be 12 s and four ticks at least; with a shorter one, every poll reads
 * and writes Redis as a join does.
 */
export function answersFromReplica(c: QueueTiming): boolean {
  return c.QUEUE_IDLE_TIMEOUT_SECONDS >= 12 && c.QUEUE_IDLE_TIMEOUT_SECONDS * 1000 >= 4 * c.QUEUE_TICK_MS;
}

const pollsFromReplica = metrics.queuePolls.labels("replica");
const pollsFromRedis = metrics.queuePolls.labels("redis");

/** A user id in 22 characters (base64url of the UUID's 16 bytes): less memory per waiter. */
export function userKey(userId: string): string {
  return Buffer.from(userId.replaceAll("-", ""), "hex").toString("base64url");
}

/**
 * The keys of a concert's line (after the client's key prefix), in the order the scripts take
 * them (see queue-scripts.ts). Exported with `userKey` for tools that write lines directly (the
 * benchmark seeds a million waiters this way).
 */
export function concertKeys(
  concertId: string,
): [
  wait: string,
  seen: string,
  active: string,
  aticket: string,
  seq: string,
  adm: string,
  acap: string,
  cfg: string,
  gone: string,
] {
  const tag = `{q:${concertId}}`;
  return [
    `${tag}:wait`,
    `${tag}:seen`,
    `${tag}:active`,
    `${tag}:aticket`,
    `${tag}:seq`,
    `${tag}:adm`,
    `${tag}:acap`,
    `${tag}:cfg`,
    `${tag}:gone`,
  ];
}

/** The keys the pass gate reads: active, aticket, acap. */
function passKeys(concertId: string): [string, string, string] {
  const [, , active, aticket, , , acap] = concertKeys(concertId);
  return [active, aticket, acap];
}

/** The rules as the scripts take them (ARGV, see syncCfg in queue-scripts.ts). */
export function rulesArgs(r: LineRules): number[] {
  return [r.version, r.opensAt, r.paused ? 1 : 0, r.closed ? 1 : 0, r.maxActive, r.admitPerMinute];
}

function toState([status, , position, activeUntil, admittedLastMinute, opensAt, reason]: Reply): QueueState {
  return {
    status,
    position,
    activeUntil: status === "ACTIVE" ? activeUntil : null,
    admittedLastMinute,
    opensAt: opensAt > 0 ? opensAt : null,
    reason: reason === "LINE_CLOSED" ? reason : null,
  };
}

/** The waiting room in Redis: one Lua script per state change (see queue-scripts.ts). */
export class RedisQueueStore implements QueueStore {
  private readonly redis: RedisClient & QueueCommands;
  /** Concert id -> when this instance last added it to LINES_KEY. */
  private readonly linesAdded = new Map<string, number>();
  private readonly fromReplica: boolean;
  private readonly replicas = new Map<string, LineReplica>();
  /** Concert id -> the heartbeats of this instance's polls of that line. */
  private readonly beats = new Map<string, LineBeats>();

  constructor(
    redis: RedisClient,
    private readonly config: QueueTiming,
    private readonly clock: Clock,
  ) {
    redis.defineCommand("queueJoin", { numberOfKeys: 9, lua: JOIN });
    redis.defineCommand("queueStatus", { numberOfKeys: 9, lua: STATUS });
    redis.defineCommand("queueActivePass", { numberOfKeys: 3, lua: ACTIVE_PASS });
    redis.defineCommand("queueExtend", { numberOfKeys: 4, lua: EXTEND });
    redis.defineCommand("queueEnd", { numberOfKeys: 9, lua: END });
    redis.defineCommand("queueTick", { numberOfKeys: 9, lua: TICK });
    redis.defineCommand("queueSync", { numberOfKeys: 9, lua: SYNC });
    redis.defineCommand("queueStats", { numberOfKeys: 9, lua: STATS });
    redis.defineCommand("queueSnapshot", { numberOfKeys: 9, lua: SNAPSHOT });
    this.redis = redis as RedisClient & QueueCommands;
    this.fromReplica = answersFromReplica(config);
  }

  /** A waiter's heartbeat goes to Redis at most once per this period per instance (line-beats.ts). */
  private get beatPeriodSec(): number {
    return Math.max(1, Math.floor(this.config.QUEUE_IDLE_TIMEOUT_SECONDS / 12));
  }

  /** How old a replica may be and still answer: a few ticks (a stalled ticker falls back to Redis). */
  private get maxReplicaAgeMs(): number {
    return 4 * this.config.QUEUE_TICK_MS + 1_000;
  }

  /**
   * The timing ARGV of the scripts that admit: now, ttlMs, passMaxMs, idleCutoffSec, nowSec,
   * tickMs, and a fresh random seed for a draw (unknowable in advance, so nobody can aim at a place).
   */
  private timing(): number[] {
    const now = this.clock.now().getTime();
    const nowSec = Math.floor(now / 1000);
    const c = this.config;
    return [
      now,
      c.QUEUE_ACTIVE_TTL_SECONDS * 1000,
      c.QUEUE_PASS_MAX_SECONDS * 1000,
      nowSec - c.QUEUE_IDLE_TIMEOUT_SECONDS,
      nowSec,
      c.QUEUE_TICK_MS,
      randomInt(2 ** 31),
    ];
  }

  async join(concertId: string, userId: string, rules: LineRules): Promise<JoinResult> {
    const timing = this.timing();
    const [reply] = await Promise.all([
      this.redis.queueJoin(...concertKeys(concertId), userKey(userId), ...timing, ...rulesArgs(rules)),
      this.noteLine(concertId, timing[0]!),
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
    const now = this.clock.now().getTime();
    const nowSec = Math.floor(now / 1000);
    const idleCutoff = nowSec - this.config.QUEUE_IDLE_TIMEOUT_SECONDS;
    const reply = await this.redis.queueStatus(
      ...concertKeys(concertId),
      userKey(userId),
      tokenId,
      now,
      idleCutoff,
      nowSec,
    );
    return toState(reply);
  }

  /**
   * The hot path of a waiting room: answered from this instance's replica of the line (no Redis
   * round trip; lags by a tick at most, never shows a place lower than the true one), with the
   * heartbeat of a waiter kept for the line's refreshes (at most one per waiter per twelfth of the
   * idle timeout, however often they poll; line-beats.ts). What the replica cannot answer (no
   * fresh replica, a closed line) is read from Redis as `status` does.
   */
  async poll(concertId: string, userId: string, tokenId: string): Promise<QueueState> {
    if (!this.fromReplica) {
      pollsFromRedis.inc();
      return this.status(concertId, userId, tokenId);
    }
    const now = this.clock.now().getTime();
    const ticket = Number(tokenId);
    const answer = this.replicas.get(concertId)?.answer(ticket, now, this.maxReplicaAgeMs);
    if (!answer) {
      pollsFromRedis.inc();
      return this.status(concertId, userId, tokenId);
    }
    pollsFromReplica.inc();
    if (answer.status === "WAITING" || answer.status === "PREQUEUE") {
      let beats = this.beats.get(concertId);
      if (!beats) this.beats.set(concertId, (beats = new LineBeats(this.beatPeriodSec)));
      beats.polled(userKey(userId), ticket, Math.floor(now / 1000));
    }
    return answer;
  }

  /**
   * Sends the heartbeats that are due (line-beats.ts) and reads the line's snapshot into this
   * instance's replica (see LineReplica), in one script. A heartbeat that waited for it is up to a
   * tick old: the idle cutoff allows for that.
   */
  async refresh(concertId: string): Promise<void> {
    if (!this.fromReplica) return;
    let replica = this.replicas.get(concertId);
    if (!replica) this.replicas.set(concertId, (replica = new LineReplica()));
    const { epoch, cursor } = replica.position();
    const now = this.clock.now().getTime();
    const nowSec = Math.floor(now / 1000);
    const idleCutoff = nowSec - this.config.QUEUE_IDLE_TIMEOUT_SECONDS - Math.ceil(this.config.QUEUE_TICK_MS / 1000);
    const beats: Beat[] = this.beats.get(concertId)?.take(nowSec, MAX_BEATS_PER_REFRESH) ?? [];
    let r: SnapshotReply;
    try {
      r = await this.redis.queueSnapshot(
        ...concertKeys(concertId),
        now,
        epoch,
        cursor,
        randomInt(2 ** 31),
        idleCutoff,
        nowSec,
        ...beats.flat(),
      );
    } catch (err) {
      this.beats.get(concertId)?.failed(beats, nowSec);
      throw err;
    }
    const [
      logEpoch,
      from,
      logLength,
      admittedLastMinute,
      closed,
      pre,
      preFrom,
      drawEnd,
      opensAt,
      gbase,
      draws,
      entries,
    ] = r;
    replica.apply(
      {
        epoch: logEpoch,
        from,
        logLength,
        admittedLastMinute,
        closed: closed === 1,
        pre: pre === 1,
        preFrom,
        drawEnd,
        opensAt,
        gbase,
        draws,
        entries,
      },
      now,
    );
  }

  async activePass(concertId: string, userId: string, tokenId: string): Promise<ActivePass | null> {
    const now = this.clock.now().getTime();
    const reply = await this.redis.queueActivePass(...passKeys(concertId), userKey(userId), tokenId, now);
    return reply === 0 ? null : { until: reply[0], hardEnd: reply[1] };
  }

  async extend(concertId: string, userId: string, tokenId: string, untilMs: number): Promise<void> {
    const now = this.clock.now().getTime();
    const gone = concertKeys(concertId)[8];
    await this.redis.queueExtend(...passKeys(concertId), gone, userKey(userId), tokenId, now, untilMs);
  }

  async end(concertId: string, userId: string, tokenId: string): Promise<void> {
    await this.redis.queueEnd(...concertKeys(concertId), userKey(userId), tokenId, ...this.timing());
  }

  /**
   * Admits, then refreshes this instance's replica of the line (see refresh). A draw under way takes
   * one step per script, back to back, so that other commands interleave.
   */
  async tick(concertId: string, rules: LineRules): Promise<number> {
    let admitted = 0;
    for (let step = 0; step < MAX_DRAW_STEPS_PER_TICK; step++) {
      const [n, drawing] = await this.redis.queueTick(
        ...concertKeys(concertId),
        PRUNE_FRONT,
        ...this.timing(),
        ...rulesArgs(rules),
      );
      admitted += n;
      if (!drawing) break;
    }
    await this.refresh(concertId);
    return admitted;
  }

  async applyRules(concertId: string, rules: LineRules): Promise<void> {
    await this.redis.queueSync(...concertKeys(concertId), ...rulesArgs(rules));
  }

  concertsWithLines(): Promise<string[]> {
    return this.redis.smembers(LINES_KEY);
  }

  async stats(concertId: string): Promise<QueueStats> {
    const [waiting, prequeue, active, admittedLastMinute] = await this.redis.queueStats(
      ...concertKeys(concertId),
      this.clock.now().getTime(),
    );
    return { waiting, prequeue, active, admittedLastMinute };
  }

  /**
   * On a Cluster, every master that serves slots, by the client's slot table: each holds some of
   * the lines, so one lost master (or a slot nobody serves) is a queue that is down.
   */
  async ping(): Promise<void> {
    const redis = this.redis;
    if (!(redis instanceof Cluster)) {
      await redis.ping();
      return;
    }
    const serving = new Set<string | undefined>();
    for (let slot = 0; slot < 16_384; slot++) serving.add(redis.slots[slot]?.[0]);
    const masters = new Map(redis.nodes("master").map((node) => [`${node.options.host}:${node.options.port}`, node]));
    const lost = [...serving].filter((key) => key === undefined || !masters.has(key));
    if (redis.status !== "ready" || lost.length) throw new Error("Redis Cluster: not ready, or a master is missing");
    await Promise.all([...serving].map((key) => masters.get(key!)!.ping()));
  }
}
