const won = new Intl.NumberFormat("ko-KR", { style: "currency", currency: "KRW" });
const count = new Intl.NumberFormat("en-US");

/** Prices are integer KRW. */
export function formatWon(amount: number): string {
  return won.format(amount);
}

/** Points are worth one won each. */
export function formatPoints(amount: number): string {
  return `${count.format(amount)} P`;
}

export function formatCount(n: number): string {
  return count.format(n);
}

const dateTime = new Intl.DateTimeFormat("en-GB", {
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const dateOnly = new Intl.DateTimeFormat("en-GB", {
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
});
const timeOnly = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

export function formatDate(iso: string): string {
  return dateOnly.format(new Date(iso));
}

export function formatTime(iso: string): string {
  return timeOnly.format(new Date(iso));
}

/** mm:ss, never negative. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

/** "about 3 minutes" style, for waits that are estimates. */
export function formatWait(seconds: number): string {
  if (seconds <= 0) return "any moment now";
  if (seconds < 60) return "less than a minute";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.round(minutes / 6) / 10;
  return `about ${hours} hour${hours === 1 ? "" : "s"}`;
}
