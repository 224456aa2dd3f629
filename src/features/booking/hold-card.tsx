"use client";

import { useTranslations } from "next-intl";
import { Button, ButtonLink } from "@/components/button";
import { useFormat } from "@/i18n/use-format";
import type { Reservation } from "@/lib/trpc/types";
import { Countdown } from "./countdown";
import { seatList } from "./seat-list";

/** One live hold: its seats, the time left to pay, and the ways out (pay or let go). */
export function HoldCard({
  hold,
  now,
  onCancel,
  cancelling,
}: {
  hold: Reservation;
  now: number;
  onCancel: () => void;
  cancelling: boolean;
}) {
  const t = useTranslations("holds");
  const f = useFormat();
  const seats = seatList(
    hold.seats.map((s) => s.seatNumber),
    f.locale,
  );
  return (
    <li className="hold-card" data-testid="hold-card">
      <div className="hold-card__top">
        <p className="hold-card__seats">{t("held", { seats })}</p>
        <Countdown until={hold.expiresAt} now={now} label={t("holdOn", { seats })} testId="hold-countdown" />
      </div>
      <p className="hold-card__total">
        <span className="muted">{t("total")}</span> <strong>{f.won(hold.totalPrice)}</strong>
      </p>
      <div className="hold-card__actions">
        <ButtonLink href={`/concerts/${hold.concertId}/checkout/${hold.reservationId}`} block>
          {t("checkout")}
        </ButtonLink>
        <Button variant="ghost" onClick={onCancel} busy={cancelling} block>
          {t("cancel")}
        </Button>
      </div>
    </li>
  );
}
