/** The source of time for every rule with a deadline, injectable so expiry is tested without sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
