"use client";

import { useTranslations } from "next-intl";
import { Notice } from "@/components/notice";
import { useFormat } from "@/i18n/use-format";
import type { Reservation } from "@/lib/trpc/types";
import { HoldCard } from "./hold-card";
import { seatList } from "./seat-list";
import type { Released } from "./use-my-holds";

/** The fan's live holds, and what became of the last one that ended. */
export function HoldsAndNotices({
  holds,
  last,
  now,
  onCancel,
  cancellingId,
}: {
  holds: Reservation[];
  last: Released | undefined;
  now: number;
  onCancel: (reservationId: string) => void;
  cancellingId: string | undefined;
}) {
  const t = useTranslations("holds");
  return (
    <section className={`holds ${!last && holds.length === 0 ? "holds--empty" : ""}`} aria-labelledby="holds-title">
      <h2 className="section-title" id="holds-title">
        {t("title")}
      </h2>
      {last ? <ReleasedNotice last={last} /> : null}
      {holds.length === 0 ? (
        <p className="muted holds__empty">{t("empty")}</p>
      ) : (
        <ul className="holds__list">
          {holds.map((h) => (
            <HoldCard
              key={h.reservationId}
              hold={h}
              now={now}
              onCancel={() => onCancel(h.reservationId)}
              cancelling={cancellingId === h.reservationId}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function ReleasedNotice({ last }: { last: Released }) {
  const t = useTranslations("holds");
  const { locale } = useFormat();
  const count = last.seats.length;
  if (last.reason === "expired") {
    return (
      <Notice tone="warning" title={t("expiredTitle")}>
        {t("expiredText", { count, seats: seatList(last.seats, locale) })}
      </Notice>
    );
  }
  return <Notice tone="info">{t("cancelled", { count, seats: seatList(last.seats, locale, true) })}</Notice>;
}
