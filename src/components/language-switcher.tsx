"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, LOCALES, type Locale } from "@/i18n/locale";

/** Each language named in itself, so a fan who can't read the current one still finds theirs. */
const NAMES: Record<Locale, string> = { en: "English", ko: "한국어" };

/** Kept for a year, sent with every request: the server renders each page in it (src/i18n/request.ts). */
function rememberLocale(locale: Locale) {
  document.cookie = `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${LOCALE_COOKIE_MAX_AGE}; SameSite=Lax`;
}

/**
 * Switches the UI's language: the choice is kept in the `locale` cookie for a year and the page is
 * rendered again in it, staying where it is (no locale in the URL).
 */
export function LanguageSwitcher() {
  const locale = useLocale();
  const t = useTranslations("language");
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  function choose(next: Locale) {
    rememberLocale(next);
    startTransition(() => router.refresh());
  }

  return (
    <div className="lang-switch" role="group" aria-label={t("label")} aria-busy={pending || undefined}>
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          className="lang-switch__option"
          aria-pressed={l === locale}
          disabled={pending}
          onClick={() => {
            if (l !== locale) choose(l);
          }}
        >
          {NAMES[l]}
        </button>
      ))}
    </div>
  );
}
