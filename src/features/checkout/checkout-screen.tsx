"use client";

import type { ReactNode } from "react";
import { ButtonLink } from "@/components/button";
import { Notice } from "@/components/notice";
import { LoadingBlock } from "@/components/skeleton";
import { useNow } from "@/components/use-now";
import { errorMessage } from "@/lib/errors";
import type { Reservation } from "@/lib/trpc/types";
import { PassEnded } from "../booking/pass-ended";
import { seatList } from "../booking/seat-list";
import { CheckoutHeader } from "./checkout-header";
import { checkoutPhase } from "./checkout-phase";
import { OrderSummary } from "./order-summary";
import { PayPanel } from "./pay-panel";
import { useCheckout } from "./use-checkout";

export function CheckoutScreen({ concertId, reservationId }: { concertId: string; reservationId: string }) {
  const now = useNow();
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
      Pick seats again
    </ButtonLink>
  );

  let body: ReactNode;
  if (phase === "missing") {
    body = (
      <Notice tone="danger" title="We couldn't find this order" action={bookAgain}>
        {errorMessage(checkout.loadError)}
      </Notice>
    );
  } else if (phase === "loading" || !order) {
    body = <LoadingBlock label="Loading your order…" height={280} />;
  } else if (phase === "paid") {
    body = (
      <Notice
        tone="success"
        title="This order is already paid"
        action={
          <ButtonLink href={`/tickets/${order.reservationId}`} size="sm">
            See your tickets
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
  const seats = seatList(order.seats.map((s) => s.seatNumber));
  const cancelled = order.status === "CANCELLED";
  return (
    <Notice tone="warning" title={cancelled ? "This hold was cancelled" : "Your hold ran out"} action={action}>
      {cancelled
        ? `You let go of ${seats}. Nothing was charged.`
        : `Time's up, so ${seats} went back on sale. Nothing was charged. Pick your seats again.`}
    </Notice>
  );
}
