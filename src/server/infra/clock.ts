/** The source of time for every rule with a deadline, injectable so expiry is tested without sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. */
export class FakeClock implements Clock {
  private ms: number;
  constructor(start: Date | number = Date.UTC(2030, 0, 1, 12)) {
    this.ms = typeof start === "number" ? start : start.getTime();
  }
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  set(at: Date): void {
    this.ms = at.getTime();
  }
}
