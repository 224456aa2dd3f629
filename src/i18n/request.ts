import { getRequestConfig } from "next-intl/server";
import { cookies, headers } from "next/headers";
import { env } from "@/env";
import { LOCALE_COOKIE, negotiateLocale } from "./locale";
import { loadMessages } from "./messages";

/**
 * The locale, messages and time zone of a request (next-intl reads this file through its plugin,
 * see next.config.js). No locale in the URL: the `locale` cookie, else Accept-Language, else English.
 * Every date is shown in the venue's zone, on the server and (through NextIntlClientProvider) in the browser.
 */
export default getRequestConfig(async () => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const locale = negotiateLocale({
    cookie: cookieStore.get(LOCALE_COOKIE)?.value,
    acceptLanguage: headerList.get("accept-language"),
  });
  return { locale, messages: await loadMessages(locale), timeZone: env().VENUE_TIME_ZONE };
});
