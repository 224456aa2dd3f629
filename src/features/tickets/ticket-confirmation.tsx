"use client";

import { useQuery } from "@tanstack/react-query";
import { ButtonLink } from "@/components/button";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { LoadingBlock } from "@/components/skeleton";
import { useNow } from "@/components/use-now";
import { errorMessage } from "@/lib/errors";
import { formatWon } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/client";
import { useSession } from "../session/session";
import { effectiveStatus, ReservationStatus } from "./reservation-status";
import { TicketStub } from "./ticket-stub";

/** One booking: the tickets once paid (with a thank-you right after paying), else its state. */
export function TicketConfirmation({ reservationId, justPaid }: { reservationId: string; justPaid: boolean }) {
  const trpc = useTRPC();
  const { ready, user } = useSession();
  const now = useNow(5_000);
  const reservation = useQuery(trpc.reservations.get.queryOptions({ id: reservationId }, { enabled: ready }));
  const concertId = reservation.data?.concertId;
  const concert = useQuery(trpc.concerts.get.queryOptions({ concertId: concertId ?? "" }, { enabled: !!concertId }));

  if (reservation.isError) {
    return (
      <Notice
        tone="danger"
        title="We couldn't find this booking"
        action={
          <ButtonLink href="/tickets" size="sm" variant="secondary">
            My tickets
          </ButtonLink>
        }
      >
        {errorMessage(reservation.error)}
      </Notice>
    );
  }
  if (!reservation.data) return <LoadingBlock label="Loading your tickets…" height={320} />;

  const r = reservation.data;
  const status = effectiveStatus(r, now);
  const paid = status === "CONFIRMED";
  return (
    <>
      <PageHeader
        eyebrow={paid && justPaid ? "Payment complete" : "Booking"}
        title={paid ? (justPaid ? "You're going!" : "Your tickets") : "Booking details"}
        lead={
          paid
            ? `${r.seats.length} ${r.seats.length === 1 ? "ticket" : "tickets"} · ${formatWon(r.totalPrice)} paid with points`
            : undefined
        }
        actions={<ReservationStatus status={status} />}
      />
      {paid && justPaid ? (
        <Notice tone="success" title="Payment received">
          Your seats are confirmed. Show these tickets at the door; you&apos;ll also find them under My tickets.
        </Notice>
      ) : null}
      {!paid ? (
        <Notice tone="info">
          {status === "HELD"
            ? "These seats are held for you but not paid yet."
            : status === "REFUNDED"
              ? `${r.dateCancelled ? "This date was cancelled" : "You gave these tickets back"}: ${formatWon(r.totalPrice)} went back to your points.`
              : r.dateCancelled
                ? "This date was cancelled, so there are no tickets for it. Nothing was charged."
                : "This booking didn't go through, so there are no tickets for it. Nothing was charged."}
        </Notice>
      ) : null}
      <ul className="tickets">
        {r.seats.map((s) => (
          <TicketStub key={s.seatNumber} reservation={r} seat={s} concert={concert.data} holder={user?.name} />
        ))}
      </ul>
      <div className="page-actions">
        {status === "HELD" ? (
          <ButtonLink href={`/concerts/${r.concertId}/checkout/${r.reservationId}`}>Go to checkout</ButtonLink>
        ) : null}
        <ButtonLink href="/tickets" variant="secondary">
          All my tickets
        </ButtonLink>
        <ButtonLink href="/" variant="ghost">
          Browse concerts
        </ButtonLink>
      </div>
    </>
  );
}
