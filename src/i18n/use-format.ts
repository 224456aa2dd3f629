"use client";

import { useLocale, useTimeZone } from "next-intl";
import { useMemo } from "react";
import {
  formatCount,
  formatCountdown,
  formatDate,
  formatDateTime,
  formatPoints,
  formatTime,
  formatTimestamp,
  formatWon,
  fromDateTimeLocal,
  toDateTimeLocal,
} from "@/lib/format";

/**
 * The formatters of the fan's language and the venue's time zone (VENUE_TIME_ZONE, handed to the
 * browser by NextIntlClientProvider): the same text on the server and in every browser.
 */
export function useFormat() {
  const locale = useLocale();
  // Always set by src/i18n/request.ts; the type allows none.
  const timeZone = useTimeZone() ?? "UTC";
  return useMemo(
    () => ({
      locale,
      timeZone,
      won: (amount: number) => formatWon(amount, locale),
      points: (amount: number) => formatPoints(amount, locale),
      count: (n: number) => formatCount(n, locale),
      countdown: (ms: number) => formatCountdown(ms, locale),
      dateTime: (iso: string) => formatDateTime(iso, locale, timeZone),
      date: (iso: string) => formatDate(iso, locale, timeZone),
      time: (iso: string) => formatTime(iso, timeZone),
      timestamp: (iso: string) => formatTimestamp(iso, locale, timeZone),
      /** The venue's wall-clock time of `iso`, for a `datetime-local` input. */
      toInput: (iso: string) => toDateTimeLocal(iso, timeZone),
      /** The moment a `datetime-local` value names at the venue; undefined when it names none. */
      fromInput: (value: string) => fromDateTimeLocal(value, timeZone),
    }),
    [locale, timeZone],
  );
}

export type Format = ReturnType<typeof useFormat>;
