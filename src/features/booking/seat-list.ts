import type { Locale } from "@/i18n/locale";

/** "seat 7" or "seats 7, 8" ("Seat 7" at the start of a sentence); Korean "7, 8번 좌석". */
export function seatList(numbers: number[], locale: Locale, capitalized = false): string {
  const sorted = [...numbers].sort((a, b) => a - b);
  if (locale === "ko") return `${sorted.join(", ")}번 좌석`;
  const word = sorted.length === 1 ? "seat" : "seats";
  return `${capitalized ? "S" + word.slice(1) : word} ${sorted.join(", ")}`;
}
