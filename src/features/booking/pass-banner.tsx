"use client";

import { useTranslations } from "next-intl";
import { Countdown } from "./countdown";

/** The admitted fan's time left to book. */
export function PassBanner({ activeUntil, now }: { activeUntil: string; now: number }) {
  const t = useTranslations("passBanner");
  return (
    <div className="pass-banner">
      <p className="pass-banner__title">{t("title")}</p>
      <p className="pass-banner__text">
        {t("timeLeft")} <Countdown until={activeUntil} now={now} label={t("timeLeft")} testId="pass-countdown" />
      </p>
    </div>
  );
}
