"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button, ButtonLink } from "@/components/button";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { LoadingBlock } from "@/components/skeleton";
import { useNow } from "@/components/use-now";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useFormat } from "@/i18n/use-format";
import { useTRPC } from "@/lib/trpc/client";
import { useSession } from "../session/session";
import { effectiveStatus, ReservationStatus } from "./reservation-status";
import { TicketStub } from "./ticket-stub";

/** One booking: the tickets once paid (with a thank-you right after paying), else its state. */
export function TicketConfirmation({ reservationId, justPaid }: { reservationId: string; justPaid: boolean }) {
  const trpc = useTRPC();
  const t = useTranslations("ticketPage");
  const errors = useErrorMessage();
  const f = useFormat();
  const { ready, user } = useSession();
  const now = useNow(5_000);
  const reservation = useQuery(trpc.reservations.get.queryOptions({ id: reservationId }, { enabled: ready }));
  const concertId = reservation.data?.concertId;
  const concert = useQuery(trpc.concerts.get.queryOptions({ concertId: concertId ?? "" }, { enabled: !!concertId }));

  if (reservation.isError) {
    return (
      <Notice
        tone="danger"
        title={t("notFound")}
        action={
          <ButtonLink href="/tickets" size="sm" variant="secondary">
            {t("myTickets")}
          </ButtonLink>
        }
      >
        {errors.message(reservation.error)}
      </Notice>
    );
  }
  if (!reservation.data) return <LoadingBlock label={t("loading")} height={320} />;

  const r = reservation.data;
  const status = effectiveStatus(r, now);
  const paid = status === "CONFIRMED";
  const tickets = new Map(r.tickets.map((t) => [t.seatNumber, t]));
  return (
    <div className="ticket-page">
      <PageHeader
        eyebrow={paid && justPaid ? t("paymentComplete") : t("booking")}
        title={paid ? (justPaid ? t("going") : t("yourTickets")) : t("details")}
        lead={paid ? t("paidLead", { count: r.seats.length, amount: f.won(r.totalPrice) }) : undefined}
        actions={<ReservationStatus status={status} />}
      />
      {paid && justPaid ? (
        <Notice tone="success" title={t("receivedTitle")}>
          {t("receivedText")}
        </Notice>
      ) : null}
      {!paid ? (
        <Notice tone="info">
          {status === "HELD"
            ? t("held")
            : status === "REFUNDED"
              ? t(r.dateCancelled ? "refundedCancelled" : "refundedGivenBack", { amount: f.won(r.totalPrice) })
              : r.dateCancelled
                ? t("dateCancelled")
                : t("didNotGoThrough")}
        </Notice>
      ) : null}
      <ul className="tickets">
        {r.seats.map((s) => (
          <TicketStub
            key={s.seatNumber}
            reservation={r}
            seat={s}
            concert={concert.data}
            holder={user?.name}
            ticket={tickets.get(s.seatNumber)}
          />
        ))}
      </ul>
      <div className="page-actions">
        {paid ? (
          <Button variant="secondary" onClick={() => window.print()}>
            {t("print")}
          </Button>
        ) : null}
        {status === "HELD" ? (
          <ButtonLink href={`/concerts/${r.concertId}/checkout/${r.reservationId}`}>{t("toCheckout")}</ButtonLink>
        ) : null}
        <ButtonLink href="/tickets" variant="secondary">
          {t("allTickets")}
        </ButtonLink>
        <ButtonLink href="/" variant="ghost">
          {t("browse")}
        </ButtonLink>
      </div>
    </div>
  );
}
