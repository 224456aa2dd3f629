import type { Messages } from "next-intl";
import type { Locale } from "./locale";

/** The UI's texts of one locale (messages/<locale>.json): only the asked-for file is loaded. */
export async function loadMessages(locale: Locale) {
  return locale === "ko"
    ? (await import("../../messages/ko.json")).default
    : (await import("../../messages/en.json")).default;
}

type Namespace = keyof Messages;

/** Rendered on the server only (metadata, layouts, the 404 page): never sent to a browser. */
export const SERVER_ONLY: readonly Namespace[] = ["meta", "layout", "notFound", "pageTitles", "adminNav"];

/** The staff screens' texts: sent to the browser under /admin only, so a fan's pages stay light. */
export const ADMIN_ONLY: readonly Namespace[] = [
  "admin",
  "adminLogin",
  "concertForm",
  "cancel",
  "editForms",
  "addDate",
  "line",
  "audit",
  "staff",
  "outbox",
  "checkIn",
];

/** The messages the client components of a part of the site use (NextIntlClientProvider's). */
export function clientMessages(messages: Messages, part: "fan" | "admin"): Partial<Messages> {
  const left = new Set<string>(part === "fan" ? [...SERVER_ONLY, ...ADMIN_ONLY] : SERVER_ONLY);
  return Object.fromEntries(Object.entries(messages).filter(([namespace]) => !left.has(namespace)));
}
