/** How far the device's clock may drift from the server's before the server's count wins. */
const TRUSTED_DRIFT_MS = 2_000;

/**
 * When the sale opens, on this device's clock. `secondsToGo` is the server's own count (rounded
 * up) when the answer arrived at `receivedAt`: it wins when the device's clock is off by more than
 * that rounding, so a fan whose clock is wrong still sees the right countdown.
 */
export function openingOnDeviceClock(opensAt: string, secondsToGo: number, receivedAt: number): number {
  const byDeviceClock = Date.parse(opensAt);
  const byServerCount = receivedAt + secondsToGo * 1000;
  return Math.abs(byDeviceClock - byServerCount) > TRUSTED_DRIFT_MS ? byServerCount : byDeviceClock;
}
