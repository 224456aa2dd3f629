/**
 * The draw of a pre-queue as a keyed permutation: the fan with ticket `preFrom + 1 + i` takes place
 * `preFrom + 1 + drawPlace(i, n, key)` of the n places the pre-queue spans. Because the order is a
 * function of (ticket, key), any instance that knows the draw's key can tell a drawn fan's place
 * from the ticket in the queue token, with no lookup in Redis (line-replica.ts), and the draw in
 * Redis is one step per ticket with no swaps (queue-scripts.ts, drawStep).
 *
 * A six-round Feistel network over the smallest even power of two that holds n, cycle-walking back
 * into [0, n): a bijection of [0, n) for every key. The key is drawn at random when the pre-queue
 * closes (after the last fan of the pre-queue joined), so nobody can aim at a place; the contract
 * suite checks that the drawn order is uncorrelated with the joining order.
 *
 * Written twice, here and in Lua (DRAW_PLACE_LUA), with the same arithmetic on integers below 2^53,
 * so doubles compute it exactly on both sides; draw-permutation.int.test.ts holds them to the same
 * answers.
 */

const ROUNDS = 6;
/** The modulus of the round function: a prime below 2^20, so that h * h stays below 2^40. */
const P = 1_048_573;
/** MINSTD's multiplier and modulus: the round keys are successive states of that generator. */
const LCG_A = 48_271;
const LCG_M = 2_147_483_647;

/** The largest pre-queue a draw orders: tickets and places stay below 2^26 (see PLACE_SCALE). */
export const MAX_DRAW = 67_108_864;

function roundKeys(key: number): number[] {
  const keys: number[] = [];
  let s = (key % (LCG_M - 1)) + 1;
  for (let r = 0; r < ROUNDS; r++) {
    s = (s * LCG_A) % LCG_M;
    keys.push(s);
  }
  return keys;
}

function roundFunction(right: number, k: number): number {
  const h = ((right + 1) * ((k % 65_521) + 1)) % P;
  return (h * h + k) % P;
}

/** Bits per half: the smallest b with 4^b >= n. */
function halfBits(n: number): number {
  let b = 1;
  while (4 ** b < n) b++;
  return b;
}

/**
 * The 0-based place of the i-th fan (0-based, in ticket order) of a pre-queue of n fans, under
 * `key` (an integer in [0, 2^31)).
 */
export function drawPlace(i: number, n: number, key: number): number {
  if (!Number.isInteger(i) || !Number.isInteger(n) || i < 0 || i >= n || n > MAX_DRAW)
    throw new RangeError(`drawPlace: ${i} is not in [0, ${n})`);
  const half = 2 ** halfBits(n);
  const keys = roundKeys(key);
  let x = i;
  do {
    let left = Math.floor(x / half);
    let right = x % half;
    for (const k of keys) {
      const next = (left + (roundFunction(right, k) % half)) % half;
      left = right;
      right = next;
    }
    x = left * half + right;
  } while (x >= n);
  return x;
}

/** The same function in Lua 5.1 (Redis), as `drawPlace(i, n, key)`. */
export const DRAW_PLACE_LUA = `
local function drawPlace(i, n, key)
  local b = 1
  while 4 ^ b < n do b = b + 1 end
  local half = 2 ^ b
  local keys = {}
  local s = (key % ${LCG_M - 1}) + 1
  for r = 1, ${ROUNDS} do
    s = (s * ${LCG_A}) % ${LCG_M}
    keys[r] = s
  end
  local x = i
  repeat
    local left, right = math.floor(x / half), x % half
    for r = 1, ${ROUNDS} do
      local k = keys[r]
      local h = ((right + 1) * ((k % 65521) + 1)) % ${P}
      local nextRight = (left + ((h * h + k) % ${P}) % half) % half
      left, right = right, nextRight
    end
    x = left * half + right
  until x < n
  return x
end
`;
