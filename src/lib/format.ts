import type { Locale } from "@/i18n/locale";

/*
 * Every amount and moment the UI shows, in the fan's language and the venue's time zone (never the
 * browser's: a fan abroad sees the show's local time). Components get these through `useFormat()`
 * (src/i18n/use-format.ts); the functions here are pure so they can be tested over locales and zones.
 */

const pad2 = (n: number) => String(n).padStart(2, "0");

const counts: Record<Locale, Intl.NumberFormat> = {
  en: new Intl.NumberFormat("en-US"),
  ko: new Intl.NumberFormat("ko-KR"),
};
const wonSign = new Intl.NumberFormat("ko-KR", { style: "currency", currency: "KRW" });

/** Prices are integer KRW: `₩150,000` in English, `150,000원` in Korean. */
export function formatWon(amount: number, locale: Locale): string {
  return locale === "ko" ? `${counts.ko.format(amount)}원` : wonSign.format(amount);
}

/** Points are worth one won each; "P" in both languages. */
export function formatPoints(amount: number, locale: Locale): string {
  return `${counts[locale].format(amount)} P`;
}

export function formatCount(n: number, locale: Locale): string {
  return counts[locale].format(n);
}

/** mm:ss, never negative. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${pad2(Math.floor(total / 60))}:${pad2(total % 60)}`;
}

/** A countdown to a moment: mm:ss, h:mm:ss from an hour on, "2d 03:04:05" (Korean "2일 03:04:05") from a day. */
export function formatCountdown(ms: number, locale: Locale): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const days = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (days > 0) return `${days}${locale === "ko" ? "일" : "d"} ${pad2(h)}:${pad2(m)}:${pad2(s)}`;
  if (h > 0) return `${h}:${pad2(m)}:${pad2(s)}`;
  return `${pad2(m)}:${pad2(s)}`;
}

type Parts = Record<"year" | "month" | "day" | "weekday" | "hour" | "minute" | "second", string>;

/** What the formatters of one locale and zone need; built once per pair (Intl formatters are costly). */
type ZoneFormats = {
  dateTime: Intl.DateTimeFormat;
  date: Intl.DateTimeFormat;
  time: Intl.DateTimeFormat;
  timestamp: Intl.DateTimeFormat;
  /** Korean dates are assembled from parts: `2026년 12월 12일 (토) 20:00` whatever the ICU version. */
  koParts: Intl.DateTimeFormat;
};

const zoneFormats = new Map<string, ZoneFormats>();

function formatsOf(timeZone: string): ZoneFormats {
  let found = zoneFormats.get(timeZone);
  if (!found) {
    const day = { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone } as const;
    const clock = { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone } as const;
    found = {
      dateTime: new Intl.DateTimeFormat("en-GB", { ...day, ...clock }),
      date: new Intl.DateTimeFormat("en-GB", day),
      time: new Intl.DateTimeFormat("en-GB", clock),
      timestamp: new Intl.DateTimeFormat("en-GB", {
        day: "numeric",
        month: "short",
        year: "numeric",
        second: "2-digit",
        ...clock,
      }),
      koParts: new Intl.DateTimeFormat("ko-KR", {
        year: "numeric",
        month: "numeric",
        day: "numeric",
        weekday: "short",
        second: "2-digit",
        ...clock,
      }),
    };
    zoneFormats.set(timeZone, found);
  }
  return found;
}

function koParts(iso: string, timeZone: string): Parts {
  const parts = {} as Parts;
  for (const p of formatsOf(timeZone).koParts.formatToParts(new Date(iso))) {
    if (p.type === "weekday") parts.weekday = p.value;
    else if (p.type !== "literal") parts[p.type as keyof Parts] = p.value.replace(/\D+$/, "");
  }
  return parts;
}

const koDate = (p: Parts) => `${p.year}년 ${p.month}월 ${p.day}일 (${p.weekday})`;
const koTime = (p: Parts) => `${pad2(Number(p.hour))}:${pad2(Number(p.minute))}`;

/** `Sat, 12 Dec 2026, 20:00` / `2026년 12월 12일 (토) 20:00`, in `timeZone`. */
export function formatDateTime(iso: string, locale: Locale, timeZone: string): string {
  if (locale === "ko") {
    const p = koParts(iso, timeZone);
    return `${koDate(p)} ${koTime(p)}`;
  }
  return formatsOf(timeZone).dateTime.format(new Date(iso));
}

/** `Sat, 12 Dec 2026` / `2026년 12월 12일 (토)`, in `timeZone`. */
export function formatDate(iso: string, locale: Locale, timeZone: string): string {
  return locale === "ko" ? koDate(koParts(iso, timeZone)) : formatsOf(timeZone).date.format(new Date(iso));
}

/** `20:00` in `timeZone` (24-hour in both languages). */
export function formatTime(iso: string, timeZone: string): string {
  return formatsOf(timeZone).time.format(new Date(iso));
}

/** To the second, for logs: `12 Dec 2026, 20:00:05` / `2026년 12월 12일 20:00:05`. */
export function formatTimestamp(iso: string, locale: Locale, timeZone: string): string {
  if (locale === "ko") {
    const p = koParts(iso, timeZone);
    return `${p.year}년 ${p.month}월 ${p.day}일 ${koTime(p)}:${pad2(Number(p.second))}`;
  }
  return formatsOf(timeZone).timestamp.format(new Date(iso));
}

/*
 * `datetime-local` inputs (and the date and time inputs of the add-date form) hold the venue's
 * wall-clock time, whatever zone the admin's browser is in.
 */

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock reading of `timeZone` at `instant` (ms), as the UTC ms with the same reading. */
function wallClock(instant: number, timeZone: string): number {
  let f = wallClocks.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      hourCycle: "h23",
    });
    wallClocks.set(timeZone, f);
  }
  const n: Record<string, number> = {};
  for (const p of f.formatToParts(instant)) if (p.type !== "literal") n[p.type] = Number(p.value);
  return Date.UTC(n.year!, n.month! - 1, n.day!, n.hour!, n.minute!, n.second!);
}

/** The value of a `datetime-local` input showing `iso` as the clock of `timeZone` reads it. */
export function toDateTimeLocal(iso: string, timeZone: string): string {
  const wall = new Date(wallClock(Date.parse(iso), timeZone));
  const date = `${wall.getUTCFullYear()}-${pad2(wall.getUTCMonth() + 1)}-${pad2(wall.getUTCDate())}`;
  return `${date}T${pad2(wall.getUTCHours())}:${pad2(wall.getUTCMinutes())}`;
}

/**
 * The moment a `datetime-local` value (`2026-12-12T20:00`) names in `timeZone`; undefined when it is
 * not a real date and time. A time that a daylight-saving change skips is read with the offset after the change.
 */
export function fromDateTimeLocal(value: string, timeZone: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wanted = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wanted);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  // The zone's offset at a first guess, then at the moment that guess gives (they differ near a DST change).
  const guess = wanted - (wallClock(wanted, timeZone) - wanted);
  return new Date(wanted - (wallClock(guess, timeZone) - guess));
}
