/** A heartbeat to send: the waiter (user key), their ticket, and the second they last polled. */
export type Beat = [userKey: string, ticket: number, polledSec: number];

/** sent: the poll last sent (-1: none); due: the wheel's second this waiter is filed under. */
type Waiter = { ticket: number; polled: number; sent: number; due: number };

/**
 * One line's heartbeats on one instance: what its polls tell Redis for the idle timeout. A waiter
 * polling this instance is sent at once, then at most once per `periodSec`, always with the second
 * of their latest poll; a waiter who stopped polling gets that last poll sent at their next due
 * second, then is forgotten. So Redis writes per waiter and instance stay bounded however often
 * the waiter polls, and the last poll in Redis is never more than a period behind the true one.
 *
 * Why a waiter is never dropped early: the idle timeout is at least 12 periods (answersFromReplica
 * and RedisQueueStore), and a polling waiter polls at least every third of it, so their newest poll
 * is in Redis before the one there could look idle. A timing wheel (due second -> waiters) finds
 * the waiters due in O(due), not by walking every waiter each tick.
 */
export class LineBeats {
  private readonly waiters = new Map<string, Waiter>();
  private readonly wheel = new Map<number, string[]>();

  constructor(private readonly periodSec: number) {}

  private due(sec: number, uk: string, w: Waiter): void {
    w.due = sec;
    const bucket = this.wheel.get(sec);
    if (bucket) bucket.push(uk);
    else this.wheel.set(sec, [uk]);
  }

  /** A poll by the waiter `uk` with `ticket`, at `sec`. */
  polled(uk: string, ticket: number, sec: number): void {
    const w = this.waiters.get(uk);
    if (!w) {
      const added = { ticket, polled: sec, sent: -1, due: sec };
      this.waiters.set(uk, added);
      this.due(sec, uk, added);
    } else if (w.ticket !== ticket) {
      w.ticket = ticket;
      w.polled = sec;
      w.sent = -1;
    } else if (sec > w.polled) w.polled = sec;
  }

  /** Heartbeats due at `nowSec`, at most `max` of them (the rest stay due). */
  take(nowSec: number, max: number): Beat[] {
    const beats: Beat[] = [];
    for (const [sec, bucket] of this.wheel) {
      if (sec > nowSec) continue;
      while (bucket.length && beats.length < max) {
        const uk = bucket.pop()!;
        const w = this.waiters.get(uk);
        if (!w || w.due !== sec) continue; // filed again under another second since
        if (w.polled > w.sent) {
          beats.push([uk, w.ticket, w.polled]);
          w.sent = w.polled;
          this.due(nowSec + this.periodSec, uk, w);
        } else this.waiters.delete(uk);
      }
      if (!bucket.length) this.wheel.delete(sec);
      if (beats.length >= max) break;
    }
    return beats;
  }

  /** Heartbeats that did not reach Redis go out again at the next take. */
  failed(beats: Beat[], nowSec: number): void {
    for (const [uk] of beats) {
      const w = this.waiters.get(uk);
      if (!w) continue;
      w.sent = -1;
      this.due(nowSec, uk, w);
    }
  }

  /** Waiters this instance keeps heartbeat state for. */
  get size(): number {
    return this.waiters.size;
  }
}
