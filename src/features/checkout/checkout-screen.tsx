"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { ButtonLink } from "@/components/button";
import { Notice } from "@/components/notice";
import { LoadingBlock } from "@/components/skeleton";
import { useNow } from "@/components/use-now";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useFormat } from "@/i18n/use-format";
import type { Reservation } from "@/lib/trpc/types";
import { KeepTicketsPrompt } from "../account/keep-tickets";
import { PassEnded } from "../booking/pass-ended";
import { seatList } from "../booking/seat-list";
import { CheckoutHeader } from "./checkout-header";
import { checkoutPhase } from "./checkout-phase";
import { OrderSummary } from "./order-summary";
import { PayPanel } from "./pay-panel";
import { useCheckout } from "./use-checkout";

export function CheckoutScreen({ concertId, reservationId }: { concertId: string; reservationId: string }) {
  const now = useNow();
  const t = useTranslations("checkout");
  const errors = useErrorMessage();
  const checkout = useCheckout(concertId, reservationId);
  const order = checkout.reservation;
  const phase = checkoutPhase({
    ready: checkout.ready,
    reservation: order,
    loadError: checkout.loadError,
    payProblem: checkout.payProblem,
    now,
  });
  const bookAgain = (
    <ButtonLink href={`/concerts/${concertId}/book`} variant="secondary" size="sm">
      {t("pickAgain")}
    </ButtonLink>
  );

  let body: ReactNode;
  if (phase === "missing") {
    body = (
      <Notice tone="danger" title={t("missing")} action={bookAgain}>
        {errors.message(checkout.loadError)}
      </Notice>
    );
  } else if (phase === "loading" || !order) {
    body = <LoadingBlock label={t("loading")} height={280} />;
  } else if (phase === "paid") {
    body = (
      <Notice
        tone="success"
        title={t("alreadyPaid")}
        action={
          <ButtonLink href={`/tickets/${order.reservationId}`} size="sm">
            {t("seeTickets")}
          </ButtonLink>
        }
      />
    );
  } else if (phase === "ended") {
    body = <HoldEnded order={order} action={bookAgain} />;
  } else if (phase === "pass-lost") {
    body = <PassEnded concertId={concertId} />;
  } else {
    body = (
      <>
        <KeepTicketsPrompt returnTo={`/concerts/${concertId}/checkout/${reservationId}`} />
        <div className="checkout">
          <OrderSummary order={order} now={now} />
          <PayPanel
            total={order.totalPrice}
            balance={checkout.balance}
            payProblem={checkout.payProblem}
            paying={checkout.paying}
            onCharged={checkout.clearPayProblem}
            onPay={checkout.pay}
          />
        </div>
      </>
    );
  }

  return (
    <>
      <CheckoutHeader concert={checkout.concert} />
      {body}
    </>
  );
}

/** The hold ran out or was let go: nothing was charged. */
function HoldEnded({ order, action }: { order: Reservation; action: ReactNode }) {
  const t = useTranslations("checkout");
  const { locale } = useFormat();
  const seats = seatList(
    order.seats.map((s) => s.seatNumber),
    locale,
  );
  const cancelled = order.status === "CANCELLED";
  return (
    <Notice tone="warning" title={cancelled ? t("cancelledTitle") : t("expiredTitle")} action={action}>
      {cancelled ? t("cancelledText", { seats }) : t("expiredText", { seats })}
    </Notice>
  );
}
