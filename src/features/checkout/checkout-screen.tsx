"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, ButtonLink } from "@/components/button";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { LoadingBlock, Skeleton } from "@/components/skeleton";
import { useNow } from "@/components/use-now";
import { errorMessage, errorReason, isPassProblem } from "@/lib/errors";
import { formatPoints, formatWon } from "@/lib/format";
import { clearQueuePass } from "@/lib/queue-pass";
import { refetchAfterWrite } from "@/lib/trpc/refresh";
import { forConcert, useTRPC } from "@/lib/trpc/client";
import { Countdown } from "../booking/countdown";
import { seatList } from "../booking/hold-card";
import { PassEnded } from "../booking/pass-ended";
import { ChargeForm } from "../points/charge-form";
import { useSession } from "../session/session";

export function CheckoutScreen({ concertId, reservationId }: { concertId: string; reservationId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { ready } = useSession();
  const now = useNow();
  const concert = useQuery(trpc.concerts.get.queryOptions({ concertId }));
  const reservation = useQuery(trpc.reservations.get.queryOptions({ id: reservationId }, { enabled: ready }));
  const balance = useQuery(trpc.points.balance.queryOptions(undefined, { enabled: ready }));
  const [payProblem, setPayProblem] = useState<unknown>(null);

  const pay = useMutation(
    trpc.payments.pay.mutationOptions({
      ...forConcert(concertId),
      onSuccess: () => {
        // A payment ends the pass; the next booking starts at the back of the line.
        clearQueuePass(concertId);
        void refetchAfterWrite(queryClient, trpc.points.pathFilter(), trpc.reservations.pathFilter());
        router.replace(`/tickets/${reservationId}?paid=1`);
      },
      onError: (error) => {
        setPayProblem(error);
        void refetchAfterWrite(queryClient, trpc.points.pathFilter(), trpc.reservations.pathFilter());
      },
    }),
  );

  const bookAgain = (
    <ButtonLink href={`/concerts/${concertId}/book`} variant="secondary" size="sm">
      Pick seats again
    </ButtonLink>
  );

  const header = (
    <PageHeader
      eyebrow="Checkout"
      title={concert.data ? concert.data.title : <Skeleton height={32} width="50%" />}
      lead={concert.data ? `${concert.data.artist} · ${concert.data.venue}` : <Skeleton height={16} width={220} />}
    />
  );

  if (reservation.isPending || !ready) {
    return (
      <>
        {header}
        <LoadingBlock label="Loading your order…" height={280} />
      </>
    );
  }
  if (reservation.isError) {
    return (
      <>
        {header}
        <Notice tone="danger" title="We couldn't find this order" action={bookAgain}>
          {errorMessage(reservation.error)}
        </Notice>
      </>
    );
  }

  const r = reservation.data;
  const expired = r.status === "EXPIRED" || (r.status === "HELD" && new Date(r.expiresAt).getTime() <= now);
  const points = balance.data?.balance;
  const shortBy = points === undefined ? 0 : Math.max(0, r.totalPrice - points);

  if (r.status === "CONFIRMED") {
    return (
      <>
        {header}
        <Notice
          tone="success"
          title="This order is already paid"
          action={
            <ButtonLink href={`/tickets/${r.reservationId}`} size="sm">
              See your tickets
            </ButtonLink>
          }
        />
      </>
    );
  }
  if (expired || r.status === "CANCELLED" || errorReason(payProblem) === "HOLD_EXPIRED") {
    return (
      <>
        {header}
        <Notice
          tone="warning"
          title={r.status === "CANCELLED" ? "This hold was cancelled" : "Your hold ran out"}
          action={bookAgain}
        >
          {r.status === "CANCELLED"
            ? `You let go of ${seatList(r.seats.map((s) => s.seatNumber))}. Nothing was charged.`
            : `Time's up, so ${seatList(r.seats.map((s) => s.seatNumber))} went back on sale. Nothing was charged. Pick your seats again.`}
        </Notice>
      </>
    );
  }
  if (isPassProblem(payProblem)) {
    return (
      <>
        {header}
        <PassEnded concertId={concertId} />
      </>
    );
  }

  return (
    <>
      {header}
      <div className="checkout">
        <section className="card order" aria-labelledby="order-title">
          <div className="order__head">
            <h2 className="section-title" id="order-title">
              Your seats
            </h2>
            <p className="order__timer">
              Held for <Countdown until={r.expiresAt} now={now} label="Time left to pay" testId="hold-countdown" />
            </p>
          </div>
          <ul className="order__lines">
            {r.seats.map((s) => (
              <li key={s.seatNumber} className="order__line">
                <span>Seat {s.seatNumber}</span>
                <span>{formatWon(s.price)}</span>
              </li>
            ))}
          </ul>
          <p className="order__total">
            <span>Total</span>
            <strong data-testid="order-total">{formatWon(r.totalPrice)}</strong>
          </p>
        </section>

        <section className="card pay" aria-labelledby="pay-title">
          <h2 className="section-title" id="pay-title">
            Pay with points
          </h2>
          <dl className="pay__balance">
            <div>
              <dt>Your balance</dt>
              <dd data-testid="balance">
                {points === undefined ? <Skeleton height={20} width={100} /> : formatPoints(points)}
              </dd>
            </div>
            <div>
              <dt>{shortBy > 0 ? "Missing" : "After paying"}</dt>
              <dd className={shortBy > 0 ? "text-danger" : ""}>
                {points === undefined ? (
                  <Skeleton height={20} width={100} />
                ) : (
                  formatPoints(shortBy > 0 ? shortBy : points - r.totalPrice)
                )}
              </dd>
            </div>
          </dl>

          {shortBy > 0 ? (
            <>
              <Notice tone="warning" title="Not enough points yet">
                Charge at least {formatPoints(shortBy)} to pay for these seats. Your seats stay held while you do.
              </Notice>
              <ChargeForm suggested={shortBy} onCharged={() => setPayProblem(null)} />
            </>
          ) : null}

          {payProblem ? <Notice tone="danger">{errorMessage(payProblem)}</Notice> : null}

          <Button
            size="lg"
            block
            disabled={points === undefined || shortBy > 0}
            busy={pay.isPending}
            onClick={() => {
              setPayProblem(null);
              pay.mutate({ reservationId });
            }}
          >
            Pay {formatWon(r.totalPrice)}
          </Button>
          <p className="muted pay__fineprint">Paying confirms your seats at once and ends your turn in line.</p>
        </section>
      </div>
    </>
  );
}
