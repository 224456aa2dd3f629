"use client";

import { useTranslations } from "next-intl";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations("errorPage");
  return (
    <main id="main" className="container page not-found">
      <p className="page-header__eyebrow">{t("eyebrow")}</p>
      <h1 className="page-header__title">{t("title")}</h1>
      <p className="muted">{t("lead")}</p>
      <p>
        <button type="button" className="btn btn--primary btn--md" onClick={reset}>
          <span className="btn__label">{t("retry")}</span>
        </button>
      </p>
    </main>
  );
}
