import type { Clock } from "@/server/infra/clock";

/** Real time plus an offset the test can move forward: expiry without sleeping. */
export class TestClock implements Clock {
  private offset = 0;
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  advance(ms: number): void {
    this.offset += ms;
  }
  reset(): void {
    this.offset = 0;
  }
}
