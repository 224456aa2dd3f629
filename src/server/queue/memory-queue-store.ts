import type { Config } from "@/env";
import type { Clock } from "../infra/clock";
import type { JoinResult, QueueState, QueueStats, QueueStore } from "./queue-store";

/**
 * Counts live tickets below a ticket number in O(log N) (a Fenwick tree that grows by doubling),
 * which gives a waiter's place without scanning the line.
 */
class TicketCounter {
  private tree = new Int32Array(1024);

  private grow(ticket: number): void {
    if (ticket < this.tree.length) return;
    let size = this.tree.length;
    while (size <= ticket) size *= 2;
    const old = this.tree;
    this.tree = new Int32Array(size);
    // Rebuild from point values recovered from the old tree.
    for (let i = 1; i < old.length; i++) {
      const value = this.rangeIn(old, i) - this.rangeIn(old, i - 1);
      if (value) this.addIn(this.tree, i, value);
    }
  }

  private addIn(tree: Int32Array, i: number, delta: number): void {
    for (; i < tree.length; i += i & -i) tree[i]! += delta;
  }

  private rangeIn(tree: Int32Array, i: number): number {
    let sum = 0;
    for (; i > 0; i -= i & -i) sum += tree[i]!;
    return sum;
  }

  add(ticket: number, delta: 1 | -1): void {
    this.grow(ticket);
    this.addIn(this.tree, ticket, delta);
  }

  /** Live tickets <= ticket. */
  upTo(ticket: number): number {
    return this.rangeIn(this.tree, Math.min(ticket, this.tree.length - 1));
  }
}

type Waiter = { userId: string; lastSeen: number };
type Pass = { ticket: number; until: number };

class Line {
  seq = 0;
  head = 1;
  readonly tickets = new Map<string, number>();
  readonly waiters = new Map<number, Waiter>();
  readonly counter = new TicketCounter();
  readonly active = new Map<string, Pass>();
  admissions: number[] = [];

  dropWaiter(ticket: number): void {
    const w = this.waiters.get(ticket);
    if (!w) return;
    this.waiters.delete(ticket);
    this.tickets.delete(w.userId);
    this.counter.add(ticket, -1);
  }

  headTicket(): number | undefined {
    while (this.head <= this.seq && !this.waiters.has(this.head)) this.head++;
    return this.head <= this.seq ? this.head : undefined;
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
    private readonly config: Pick<Config, "QUEUE_MAX_ACTIVE" | "QUEUE_ACTIVE_TTL_SECONDS" | "QUEUE_IDLE_TIMEOUT_SECONDS">,
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

  private admit(line: Line, now: number): number {
    for (const [userId, pass] of line.active) if (pass.until <= now) line.active.delete(userId);
    line.admissions = line.admissions.filter((t) => t > now - 60_000);
    let admitted = 0;
    const cutoff = this.idleCutoff(now);
    while (line.active.size < this.config.QUEUE_MAX_ACTIVE) {
      const ticket = line.headTicket();
      if (ticket === undefined) break;
      const waiter = line.waiters.get(ticket)!;
      line.dropWaiter(ticket);
      if (waiter.lastSeen < cutoff) continue;
      line.active.set(waiter.userId, { ticket, until: now + this.config.QUEUE_ACTIVE_TTL_SECONDS * 1000 });
      line.admissions.push(now);
      admitted++;
    }
    return admitted;
  }

  private state(line: Line, userId: string, ticket: number, now: number): QueueState {
    const admittedLastMinute = line.admissions.filter((t) => t > now - 60_000).length;
    const pass = line.active.get(userId);
    if (pass && pass.ticket === ticket && pass.until > now) {
      return { status: "ACTIVE", position: 0, activeUntil: pass.until, admittedLastMinute };
    }
    if (line.tickets.get(userId) === ticket) {
      return { status: "WAITING", position: line.counter.upTo(ticket), activeUntil: null, admittedLastMinute };
    }
    return { status: "EXPIRED", position: 0, activeUntil: null, admittedLastMinute };
  }

  async join(concertId: string, userId: string): Promise<JoinResult> {
    const line = this.line(concertId);
    const now = this.clock.now().getTime();
    const pass = line.active.get(userId);
    if (pass && pass.until > now) return { ...this.state(line, userId, pass.ticket, now), tokenId: String(pass.ticket) };
    let ticket = line.tickets.get(userId);
    if (ticket !== undefined && line.waiters.get(ticket)!.lastSeen < this.idleCutoff(now)) {
      line.dropWaiter(ticket);
      ticket = undefined;
    }
    if (ticket === undefined) {
      ticket = ++line.seq;
      line.tickets.set(userId, ticket);
      line.waiters.set(ticket, { userId, lastSeen: now });
      line.counter.add(ticket, 1);
    } else {
      line.waiters.get(ticket)!.lastSeen = now;
    }
    this.admit(line, now);
    return { ...this.state(line, userId, ticket, now), tokenId: String(ticket) };
  }

  async status(concertId: string, userId: string, tokenId: string): Promise<QueueState> {
    const line = this.line(concertId);
    const now = this.clock.now().getTime();
    const ticket = Number(tokenId);
    if (line.tickets.get(userId) === ticket) {
      const waiter = line.waiters.get(ticket)!;
      if (waiter.lastSeen < this.idleCutoff(now)) line.dropWaiter(ticket);
      else waiter.lastSeen = now;
    }
    this.admit(line, now);
    return this.state(line, userId, ticket, now);
  }

  async isActive(concertId: string, userId: string, tokenId: string): Promise<boolean> {
    const pass = this.lines.get(concertId)?.active.get(userId);
    return !!pass && String(pass.ticket) === tokenId && pass.until > this.clock.now().getTime();
  }

  async extend(concertId: string, userId: string, tokenId: string, untilMs: number): Promise<void> {
    const pass = this.lines.get(concertId)?.active.get(userId);
    if (pass && String(pass.ticket) === tokenId && pass.until > this.clock.now().getTime()) {
      pass.until = Math.max(pass.until, untilMs);
    }
  }

  async end(concertId: string, userId: string, tokenId: string): Promise<void> {
    const line = this.line(concertId);
    const ticket = Number(tokenId);
    const pass = line.active.get(userId);
    if (pass?.ticket === ticket) line.active.delete(userId);
    else if (line.tickets.get(userId) === ticket) line.dropWaiter(ticket);
    this.admit(line, this.clock.now().getTime());
  }

  async tick(concertId: string): Promise<number> {
    const line = this.line(concertId);
    const now = this.clock.now().getTime();
    const admitted = this.admit(line, now);
    const cutoff = this.idleCutoff(now);
    let checked = 0;
    for (let t = line.head; t <= line.seq && checked < 200; t++) {
      const waiter = line.waiters.get(t);
      if (!waiter) continue;
      checked++;
      if (waiter.lastSeen < cutoff) line.dropWaiter(t);
    }
    return admitted;
  }

  async concertsWithLines(): Promise<string[]> {
    return [...this.lines.keys()];
  }

  async stats(concertId: string): Promise<QueueStats> {
    const line = this.lines.get(concertId);
    if (!line) return { waiting: 0, active: 0, admittedLastMinute: 0 };
    const now = this.clock.now().getTime();
    return {
      waiting: line.waiters.size,
      active: [...line.active.values()].filter((p) => p.until > now).length,
      admittedLastMinute: line.admissions.filter((t) => t > now - 60_000).length,
    };
  }

  async ping(): Promise<void> {}
}
