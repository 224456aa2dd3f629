import { drawPlace } from "./draw-permutation";
import type { QueueState } from "./queue-store";
import { TicketCounter } from "./ticket-counter";

/** A draw of a pre-queue: tickets from+1 .. end took places from+1 .. end in the order of `key`. */
type Draw = { from: number; end: number; key: number };

/** What the SNAPSHOT script reads (queue-scripts.ts), once per tick per line. */
export type LineSnapshot = {
  /** The departure log's epoch: it starts again when the line is closed (or Redis lost it). */
  epoch: number;
  /** Index in the log of `entries[0]`. */
  from: number;
  logLength: number;
  admittedLastMinute: number;
  closed: boolean;
  pre: boolean;
  preFrom: number;
  drawEnd: number;
  /** Epoch ms of the opening, 0 when there is none. */
  opensAt: number;
  /** Every ticket up to this one left when the log last started again. */
  gbase: number;
  /** `from:end:key;` per draw since the log started. */
  draws: string;
  /** Departures and pass events, as the log holds them (see the gone key in queue-scripts.ts). */
  entries: string[];
};

/** One bit per place: whether it left the line. Grows by doubling, like the counter beside it. */
class PlaceBits {
  private bits = new Uint8Array(1024);

  has(place: number): boolean {
    return place < this.bits.length && this.bits[place] === 1;
  }

  /** Sets the bit; false if it was set already. */
  set(place: number): boolean {
    if (place >= this.bits.length) {
      let size = this.bits.length;
      while (size <= place) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.bits);
      this.bits = grown;
    }
    if (this.bits[place] === 1) return false;
    this.bits[place] = 1;
    return true;
  }
}

/**
 * One instance's copy of who is in a line, enough to answer any waiter's status from the ticket in
 * their queue token with no Redis round trip: refreshed once per admission tick from the line's
 * departure log (RedisQueueStore.tick), so it lags Redis by at most a tick.
 *
 * Why it is exact. Every ticket 1..seq once took one place in line (drawn fans a place of their
 * draw's range, which draw-permutation.ts computes here too), and every place that left the line
 * is in the log. So a waiter's place is their place number minus the places before it that left.
 * Between ticks the replica may miss departures, never invent one: the place it shows is never
 * lower than the true place, and is exact again after the next tick. The log also tells of every
 * pass admitted, extended or ended, so a place that left is ACTIVE until its pass's end, or
 * EXPIRED. Only a closed line is not answered here: the store reads it from Redis, the few polls
 * that are.
 */
export class LineReplica {
  private epoch = Number.NaN;
  /** Log entries applied. */
  private cursor = 0;
  private gone = new TicketCounter();
  private goneBits = new PlaceBits();
  /** Tickets that left the pre-queue before its draw was known: placed once it is. */
  private pending = new Set<number>();
  private draws: Draw[] = [];
  /** Ticket -> end of its pass (ms), 0 once ended: the passes the log told of. */
  private passes = new Map<number, number>();
  private passesPrunedAt = 0;
  private snapshot: LineSnapshot | undefined;
  /** Epoch ms of the last refresh. */
  refreshedAt = 0;

  private reset(epoch: number): void {
    this.epoch = epoch;
    this.cursor = 0;
    this.gone = new TicketCounter();
    this.goneBits = new PlaceBits();
    this.pending.clear();
    this.draws = [];
    this.passes.clear();
  }

  /** The cursor and epoch the next snapshot should start from. */
  position(): { epoch: number; cursor: number } {
    return { epoch: Number.isNaN(this.epoch) ? -1 : this.epoch, cursor: this.cursor };
  }

  /** The place of a ticket: its own number, or where its draw put it. */
  private placeOf(ticket: number): number {
    for (const d of this.draws)
      if (ticket > d.from && ticket <= d.end) return d.from + 1 + drawPlace(ticket - d.from - 1, d.end - d.from, d.key);
    return ticket;
  }

  private inDraw(ticket: number): boolean {
    return this.draws.some((d) => ticket > d.from && ticket <= d.end);
  }

  private markGone(place: number): void {
    if (this.goneBits.set(place)) this.gone.add(place, 1);
  }

  apply(s: LineSnapshot, now: number): void {
    // The script sends the log from 0 when our epoch is not the log's or we are past its end.
    if (s.epoch !== this.epoch || s.from !== this.cursor) this.reset(s.epoch);
    for (const part of s.draws.split(";")) {
      if (!part) continue;
      const [from, end, key] = part.split(":").map(Number) as [number, number, number];
      if (this.draws.some((d) => d.from === from && d.end === end)) continue;
      this.draws.push({ from, end, key });
      for (const t of this.pending) {
        if (t > from && t <= end) {
          this.pending.delete(t);
          this.markGone(this.placeOf(t));
        }
      }
    }
    for (const entry of s.entries) {
      const colon = entry.indexOf(":");
      if (colon > 0) {
        this.passes.set(Number(entry.slice(0, colon)), Number(entry.slice(colon + 1)));
        continue;
      }
      const e = Number(entry);
      if (e < 0) this.markGone(-e);
      else if (this.inDraw(e)) this.markGone(this.placeOf(e));
      // In a pre-queue whose draw has not started (no key yet): placed when the draw is known.
      else if (s.pre && s.drawEnd === 0 && e > s.preFrom) this.pending.add(e);
      else this.markGone(e);
    }
    this.cursor += s.entries.length;
    this.snapshot = s;
    this.refreshedAt = now;
    // Passes that ended a minute ago are EXPIRED whether remembered or not.
    if (now - this.passesPrunedAt >= 60_000) {
      this.passesPrunedAt = now;
      for (const [ticket, until] of this.passes) if (until < now - 60_000) this.passes.delete(ticket);
    }
  }

  /**
   * The status of `ticket` as of the last refresh, or undefined when the replica cannot say: no
   * fresh snapshot (older than maxAgeMs), the log not read to its end yet, a closed line, or a
   * ticket of before the log last started again (the store asks Redis).
   */
  answer(ticket: number, now: number, maxAgeMs: number): QueueState | undefined {
    const s = this.snapshot;
    if (!s || now - this.refreshedAt > maxAgeMs || this.cursor < s.logLength || s.closed) return undefined;
    if (!Number.isSafeInteger(ticket) || ticket <= s.gbase) return undefined;
    const base = {
      position: 0,
      activeUntil: null,
      admittedLastMinute: s.admittedLastMinute,
      opensAt: s.opensAt > now ? s.opensAt : null,
      reason: null,
    };
    if (s.pre && ticket > s.preFrom && (s.drawEnd === 0 || ticket <= s.drawEnd)) {
      if (this.pending.has(ticket) || (this.inDraw(ticket) && this.goneBits.has(this.placeOf(ticket))))
        return undefined;
      return { ...base, status: "PREQUEUE" };
    }
    const place = this.placeOf(ticket);
    if (this.goneBits.has(place)) {
      // Admitted and not ended yet: ACTIVE. Left, dropped, or a pass that ended: EXPIRED.
      const until = this.passes.get(ticket) ?? 0;
      return until > now ? { ...base, status: "ACTIVE", activeUntil: until } : { ...base, status: "EXPIRED" };
    }
    return { ...base, status: "WAITING", position: place - s.gbase - this.gone.upTo(place - 1) };
  }
}
