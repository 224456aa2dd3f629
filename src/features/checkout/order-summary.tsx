"use client";

import { useTranslations } from "next-intl";
import { useFormat } from "@/i18n/use-format";
import type { Reservation } from "@/lib/trpc/types";
import { Countdown } from "../booking/countdown";

/** The held seats, their prices and the time left to pay. */
export function OrderSummary({ order, now }: { order: Reservation; now: number }) {
  const t = useTranslations("checkout");
  const f = useFormat();
  return (
    <section className="card order" aria-labelledby="order-title">
      <div className="order__head">
        <h2 className="section-title" id="order-title">
          {t("yourSeats")}
        </h2>
        <p className="order__timer">
          {t("heldFor")} <Countdown until={order.expiresAt} now={now} label={t("timeLeft")} testId="hold-countdown" />
        </p>
      </div>
      <ul className="order__lines">
        {order.seats.map((s) => (
          <li key={s.seatNumber} className="order__line">
            <span>{t("seat", { number: s.seatNumber })}</span>
            <span>{f.won(s.price)}</span>
          </li>
        ))}
      </ul>
      <p className="order__total">
        <span>{t("total")}</span>
        <strong data-testid="order-total">{f.won(order.totalPrice)}</strong>
      </p>
    </section>
  );
}
