import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis, redisReady, type Redis } from "../infra/redis";
import { TEST_REDIS_URL } from "@/test/services";
import { DRAW_PLACE_LUA, drawPlace, MAX_DRAW } from "./draw-permutation";

describe("drawPlace", () => {
  it("is a permutation of 0..n-1 for every n and key", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (n, key) => {
        const seen = new Uint8Array(n);
        for (let i = 0; i < n; i++) {
          const p = drawPlace(i, n, key);
          expect(Number.isInteger(p) && p >= 0 && p < n).toBe(true);
          expect(seen[p]).toBe(0);
          seen[p] = 1;
        }
      }),
      { numRuns: 150 },
    );
  });

  it("stays in range at the largest draw, and refuses a place outside the pre-queue", () => {
    for (const i of [0, 1, MAX_DRAW - 1]) expect(drawPlace(i, MAX_DRAW, 7)).toBeLessThan(MAX_DRAW);
    expect(() => drawPlace(5, 5, 1)).toThrow(RangeError);
    expect(() => drawPlace(-1, 5, 1)).toThrow(RangeError);
    expect(() => drawPlace(0.5, 5, 1)).toThrow(RangeError);
    expect(() => drawPlace(0, MAX_DRAW + 1, 1)).toThrow(RangeError);
  });

  it("depends on the key: two keys order a pre-queue differently", () => {
    const order = (key: number) => Array.from({ length: 100 }, (_, i) => drawPlace(i, 100, key));
    expect(order(1)).not.toEqual(order(2));
  });

  describe("in Lua (Redis)", () => {
    let redis: Redis;
    beforeAll(async () => {
      redis = createRedis(TEST_REDIS_URL, "");
      await redisReady(redis);
    });
    afterAll(() => redis.disconnect());

    it("answers exactly as the TypeScript does, over every size up to 2^26 and every key", async () => {
      const script = `${DRAW_PLACE_LUA}
local out = {}
for j = 1, #ARGV, 3 do out[#out + 1] = drawPlace(tonumber(ARGV[j]), tonumber(ARGV[j + 1]), tonumber(ARGV[j + 2])) end
return out`;
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc
              .tuple(
                fc.integer({ min: 1, max: MAX_DRAW }),
                fc.integer({ min: 0, max: 2 ** 31 - 1 }),
                fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
              )
              .map(([n, key, f]) => [Math.min(n - 1, Math.floor(f * n)), n, key] as const),
            { minLength: 1, maxLength: 200 },
          ),
          async (cases) => {
            const lua = (await redis.eval(script, 0, ...cases.flat())) as number[];
            expect(lua).toEqual(cases.map(([i, n, key]) => drawPlace(i, n, key)));
          },
        ),
        { numRuns: 50 },
      );
    });
  });
});
