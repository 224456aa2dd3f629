"use client";

import { Countdown } from "./countdown";

/** The admitted fan's time left to book. */
export function PassBanner({ activeUntil, now }: { activeUntil: string; now: number }) {
  return (
    <div className="pass-banner">
      <p className="pass-banner__title">You&apos;re in</p>
      <p className="pass-banner__text">
        Time left to book <Countdown until={activeUntil} now={now} label="Time left to book" testId="pass-countdown" />
      </p>
    </div>
  );
}
