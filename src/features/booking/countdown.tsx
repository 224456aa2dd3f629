"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { formatClock } from "@/lib/format";

/** Moments worth announcing to a screen reader, in seconds left; the clock itself stays quiet. */
const ANNOUNCE_AT = [240, 180, 120, 60, 30, 10];

/** mm:ss until `until`, warning in the last minute, with a polite spoken reminder now and then. */
export function Countdown({
  until,
  now,
  label,
  testId,
}: {
  until: string;
  now: number;
  label: string;
  testId?: string;
}) {
  const t = useTranslations("countdown");
  const remaining = new Date(until).getTime() - now;
  const seconds = Math.max(0, Math.ceil(remaining / 1000));
  const [announcement, setAnnouncement] = useState("");
  /** The last mark passed; null before the first render, which announces nothing. */
  const lastMark = useRef<number | null>(null);

  useEffect(() => {
    const reached = ANNOUNCE_AT.filter((m) => seconds <= m).at(-1);
    if (lastMark.current !== null && reached !== undefined && reached < lastMark.current)
      setAnnouncement(
        `${label}: ${reached >= 60 ? t("minutesLeft", { minutes: reached / 60 }) : t("secondsLeft", { seconds: reached })}`,
      );
    lastMark.current = reached ?? Infinity;
  }, [seconds, label, t]);

  return (
    <span className={`countdown ${seconds <= 60 ? "countdown--urgent" : ""}`}>
      <span className="visually-hidden">{label}: </span>
      <span role="timer" aria-live="off" className="countdown__clock" data-testid={testId}>
        {formatClock(remaining)}
      </span>
      <span className="visually-hidden" aria-live="polite">
        {announcement}
      </span>
    </span>
  );
}
