import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineBeats } from "./line-beats";

describe("LineBeats", () => {
  it("sends a waiter's first poll at once, then at most once a period, always their latest poll", () => {
    const beats = new LineBeats(25);
    beats.polled("a", 7, 100);
    expect(beats.take(100, 10)).toEqual([["a", 7, 100]]);
    for (let sec = 101; sec < 125; sec++) {
      beats.polled("a", 7, sec);
      expect(beats.take(sec, 10)).toEqual([]);
    }
    expect(beats.take(125, 10)).toEqual([["a", 7, 124]]);
  });

  it("sends the last poll of a waiter who stopped, then forgets them", () => {
    const beats = new LineBeats(25);
    beats.polled("a", 7, 100);
    beats.take(100, 10);
    beats.polled("a", 7, 110);
    expect(beats.take(125, 10)).toEqual([["a", 7, 110]]);
    expect(beats.take(150, 10)).toEqual([]);
    expect(beats.size).toBe(0);
    beats.polled("a", 7, 151);
    expect(beats.take(151, 10)).toEqual([["a", 7, 151]]);
  });

  it("sends no more than asked for; the rest stay due; a failed send goes out again", () => {
    const beats = new LineBeats(25);
    for (let i = 0; i < 5; i++) beats.polled(`u${i}`, i, 100);
    const first = beats.take(100, 3);
    expect(first).toHaveLength(3);
    expect(beats.take(100, 3)).toHaveLength(2);
    beats.failed(first, 101);
    expect(
      beats
        .take(101, 10)
        .map(([uk]) => uk)
        .sort(),
    ).toEqual(first.map(([uk]) => uk).sort());
  });

  it("whatever the polls, Redis never lags a polling waiter's latest poll by more than a period and a second, and writes stay within one per period", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 300 }),
        (period, gaps) => {
          const beats = new LineBeats(period);
          let sec = 1_000;
          let inRedis = -1;
          let lastPoll = -1;
          let writes = 0;
          for (const gap of gaps) {
            for (let s = 0; s < gap; s++) {
              sec++;
              for (const [, , polled] of beats.take(sec, 100)) {
                inRedis = Math.max(inRedis, polled);
                writes++;
              }
              if (lastPoll >= 0) expect(lastPoll - inRedis).toBeLessThanOrEqual(period + 1);
            }
            beats.polled("a", 1, sec);
            lastPoll = sec;
          }
          const seconds = sec - 1_000;
          expect(writes).toBeLessThanOrEqual(Math.ceil(seconds / period) + 2);
        },
      ),
      { numRuns: 500 },
    );
  });
});
