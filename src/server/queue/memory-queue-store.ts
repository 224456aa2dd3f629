import { randomInt } from "node:crypto";
import type { Clock } from "../infra/clock";
import { TicketCounter } from "./ticket-counter";
import type { ActivePass, JoinResult, LineRules, QueueState, QueueStats, QueueStore, QueueTiming } from "./queue-store";

type Waiter = { userId: string; ticket: number; lastSeen: number };
type Pass = { ticket: number; until: number; hardEnd: number };

const NO_RULES: LineRules = { version: -1, opensAt: 0, paused: false, closed: false, maxActive: 0, admitPerMinute: 0 };

/**
 * One concert's line. A waiter sits in a slot: their ticket in FIFO order, or the rank drawn at
 * an opening (after everyone already in line, before every later ticket), as in the Redis store.
 */
class Line {
  seq = 0;
  head = 1;
  /** userId -> slot */
  readonly slots = new Map<string, number>();
  readonly waiters = new Map<number, Waiter>();
  readonly counter = new TicketCounter();
  readonly active = new Map<string, Pass>();
  admissions: number[] = [];
  rules = NO_RULES;
  /** The pre-queue: fans with tickets above preFrom wait for the draw. */
  pre = false;
  preFrom = 0;
  /** Pacing schedule (see paceBudget in queue-scripts.ts). */
  tat = 0;

  addWaiter(slot: number, waiter: Waiter): void {
    this.slots.set(waiter.userId, slot);
    this.waiters.set(slot, waiter);
    this.counter.add(slot, 1);
  }

  dropWaiter(slot: number): void {
    const w = this.waiters.get(slot);
    if (!w) return;
    this.waiters.delete(slot);
    this.slots.delete(w.userId);
    this.counter.add(slot, -1);
  }

  /** The user's place in line, if it is the pass `ticket`. */
  waitingSlot(userId: string, ticket: number): number | undefined {
    const slot = this.slots.get(userId);
    return slot !== undefined && this.waiters.get(slot)?.ticket === ticket ? slot : undefined;
  }

  headSlot(): number | undefined {
    while (this.head <= this.seq && !this.waiters.has(this.head)) this.head++;
    return this.head <= this.seq ? this.head : undefined;
  }

  clear(): void {
    for (const slot of [...this.waiters.keys()]) this.dropWaiter(slot);
    this.pre = false;
  }
}

/**
 * The waiting room in this process's memory, for the single-instance embedded mode. Same rules as
 * the Redis store (the shared contract suite proves it); each method runs to completion without
 * awaiting, which makes every state change atomic within the process.
 */
export class MemoryQueueStore implements QueueStore {
  private readonly lines = new Map<string, Line>();

  constructor(
    private readonly config: QueueTiming,
    private readonly clock: Clock,
  ) {}

  private line(concertId: string): Line {
    let line = this.lines.get(concertId);
    if (!line) {
      line = new Line();
      this.lines.set(concertId, line);
    }
    return line;
  }

  private idleCutoff(now: number): number {
    return now - this.config.QUEUE_IDLE_TIMEOUT_SECONDS * 1000;
  }

  private sync(line: Line, rules: LineRules): void {
    if (rules.version <= line.rules.version) return;
    if (rules.closed && !line.rules.closed) line.clear();
    line.rules = { ...rules };
  }

  /** The draw at the opening (see drawStep in queue-scripts.ts), all at once in this process. */
  private draw(line: Line): void {
    const drawn: Waiter[] = [];
    for (const [slot, waiter] of [...line.waiters]) {
      if (slot <= line.preFrom) continue;
      line.dropWaiter(slot);
      drawn.push(waiter);
    }
    for (let i = drawn.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [drawn[i], drawn[j]] = [drawn[j]!, drawn[i]!];
    }
    drawn.forEach((waiter, i) => line.addWaiter(line.preFrom + 1 + i, waiter));
    line.head = Math.min(line.head, line.preFrom + 1);
  }

  private phase(line: Line, now: number): void {
    if (line.rules.opensAt > now) {
      if (!line.pre) {
        line.pre = true;
        line.preFrom = line.seq;
      }
    } else if (line.pre) {
      this.draw(line);
      line.pre = false;
    }
  }

  private paceBudget(line: Line, now: number): number {
    const pace = line.rules.admitPerMinute;
    if (pace <= 0) return Infinity;
    const interval = 60_000 / pace;
    line.tat = Math.max(line.tat, now - this.config.QUEUE_TICK_MS);
    const byRate = line.tat <= now ? Math.floor((now - line.tat) / interval) + 1 : 0;
    return Math.max(0, Math.min(byRate, pace - line.admissions.length));
  }

  private admit(line: Line, now: number): number {
    this.phase(line, now);
    for (const [userId, pass] of line.active) if (pass.until <= now) line.active.delete(userId);
    line.admissions = line.admissions.filter((t) => t > now - 60_000);
    const { paused, closed, opensAt, maxActive, admitPerMinute } = line.rules;
    if (paused || closed || line.pre || opensAt > now) return 0;
    const budget = this.paceBudget(line, now);
    const cutoff = this.idleCutoff(now);
    const c = this.config;
    let admitted = 0;
    while (line.active.size < maxActive && admitted < budget) {
      const slot = line.headSlot();
      if (slot === undefined) break;
      const waiter = line.waiters.get(slot)!;
      line.dropWaiter(slot);
      if (waiter.lastSeen < cutoff) continue;
      const until = now + Math.min(c.QUEUE_ACTIVE_TTL_SECONDS, c.QUEUE_PASS_MAX_SECONDS) * 1000;
      line.active.set(waiter.userId, { ticket: waiter.ticket, until, hardEnd: now + c.QUEUE_PASS_MAX_SECONDS * 1000 });
      line.admissions.push(now);
      admitted++;
    }
    if (admitPerMinute > 0) line.tat += admitted * (60_000 / admitPerMinute);
    return admitted;
  }

  private state(line: Line, userId: string, ticket: number, now: number): QueueState {
    const admittedLastMinute = line.admissions.filter((t) => t > now - 60_000).length;
    const opensAt = line.rules.opensAt > now ? line.rules.opensAt : null;
    const base = { position: 0, activeUntil: null, admittedLastMinute, opensAt, reason: null };
    const pass = line.active.get(userId);
    if (pass && pass.ticket === ticket && pass.until > now)
      return { ...base, status: "ACTIVE", activeUntil: pass.until };
    if (line.rules.closed) return { ...base, status: "EXPIRED", reason: "LINE_CLOSED" };
    const slot = line.waitingSlot(userId, ticket);
    if (slot === undefined) return { ...base, status: "EXPIRED" };
    if (line.pre && ticket > line.preFrom) return { ...base, status: "PREQUEUE" };
    return { ...base, status: "WAITING", position: line.counter.upTo(slot) };
  }

  async join(concertId: string, userId: string, rules: LineRules): Promise<JoinResult> {
    const line = this.line(concertId);
    const now = this.clock.now().getTime();
    this.sync(line, rules);
    const pass = line.active.get(userId);
    if (pass && pass.until > now)
      return { ...this.state(line, userId, pass.ticket, now), tokenId: String(pass.ticket) };
    if (line.rules.closed) {
      return { ...this.state(line, userId, 0, now), status: "EXPIRED", tokenId: "0", reason: "LINE_CLOSED" };
    }
    this.phase(line, now);
    let slot = line.slots.get(userId);
    if (slot !== undefined && line.waiters.get(slot)!.lastSeen < this.idleCutoff(now)) {
      line.dropWaiter(slot);
      slot = undefined;
    }
    let ticket: number;
    if (slot === undefined) {
      ticket = ++line.seq;
      line.addWaiter(ticket, { userId, ticket, lastSeen: now });
    } else {
      const waiter = line.waiters.get(slot)!;
      waiter.lastSeen = now;
      ticket = waiter.ticket;
    }
    this.admit(line, now);
    return { ...this.state(line, userId, ticket, now), tokenId: String(ticket) };
  }

  async status(concertId: string, userId: string, tokenId: string): Promise<QueueState> {
    const line = this.line(concertId);
    const now = this.clock.now().getTime();
    const ticket = Number(tokenId);
    const slot = line.waitingSlot(userId, ticket);
    if (slot !== undefined) {
      const waiter = line.waiters.get(slot)!;
      if (waiter.lastSeen < this.idleCutoff(now)) line.dropWaiter(slot);
      else waiter.lastSeen = now;
    }
    return this.state(line, userId, ticket, now);
  }

  private livePass(concertId: string, userId: string, tokenId: string): Pass | undefined {
    const pass = this.lines.get(concertId)?.active.get(userId);
    return pass && String(pass.ticket) === tokenId && pass.until > this.clock.now().getTime() ? pass : undefined;
  }

  /** Nothing to refresh: polls read the line itself. */
  async refresh(): Promise<void> {}

  /** Exact already: the line is in this process. */
  poll(concertId: string, userId: string, tokenId: string): Promise<QueueState> {
    return this.status(concertId, userId, tokenId);
  }

  async activePass(concertId: string, userId: string, tokenId: string): Promise<ActivePass | null> {
    const pass = this.livePass(concertId, userId, tokenId);
    return pass ? { until: pass.until, hardEnd: pass.hardEnd } : null;
  }

  async extend(concertId: string, userId: string, tokenId: string, untilMs: number): Promise<void> {
    const pass = this.livePass(concertId, userId, tokenId);
    if (pass) pass.until = Math.max(pass.until, Math.min(untilMs, pass.hardEnd));
  }

  async end(concertId: string, userId: string, tokenId: string): Promise<void> {
    const line = this.line(concertId);
    const ticket = Number(tokenId);
    const pass = line.active.get(userId);
    if (pass?.ticket === ticket) line.active.delete(userId);
    else {
      const slot = line.waitingSlot(userId, ticket);
      if (slot !== undefined) line.dropWaiter(slot);
    }
    this.admit(line, this.clock.now().getTime());
  }

  async tick(concertId: string, rules: LineRules): Promise<number> {
    const line = this.line(concertId);
    const now = this.clock.now().getTime();
    this.sync(line, rules);
    const admitted = this.admit(line, now);
    const cutoff = this.idleCutoff(now);
    let checked = 0;
    for (let slot = line.head; slot <= line.seq && checked < 200; slot++) {
      const waiter = line.waiters.get(slot);
      if (!waiter) continue;
      checked++;
      if (waiter.lastSeen < cutoff) line.dropWaiter(slot);
    }
    return admitted;
  }

  async applyRules(concertId: string, rules: LineRules): Promise<void> {
    this.sync(this.line(concertId), rules);
  }

  async concertsWithLines(): Promise<string[]> {
    return [...this.lines.keys()];
  }

  async stats(concertId: string): Promise<QueueStats> {
    const line = this.lines.get(concertId);
    if (!line) return { waiting: 0, prequeue: 0, active: 0, admittedLastMinute: 0 };
    const now = this.clock.now().getTime();
    const prequeue = line.pre ? [...line.waiters.values()].filter((w) => w.ticket > line.preFrom).length : 0;
    return {
      waiting: line.waiters.size - prequeue,
      prequeue,
      active: [...line.active.values()].filter((p) => p.until > now).length,
      admittedLastMinute: line.admissions.filter((t) => t > now - 60_000).length,
    };
  }

  async ping(): Promise<void> {}
}
