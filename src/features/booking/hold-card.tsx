"use client";

import { Button, ButtonLink } from "@/components/button";
import type { Reservation } from "@/lib/trpc/types";
import { formatWon } from "@/lib/format";
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
  const seats = hold.seats.map((s) => s.seatNumber);
  return (
    <li className="hold-card" data-testid="hold-card">
      <div className="hold-card__top">
        <p className="hold-card__seats">Held: {seatList(seats)}</p>
        <Countdown until={hold.expiresAt} now={now} label={`Hold on ${seatList(seats)}`} testId="hold-countdown" />
      </div>
      <p className="hold-card__total">
        <span className="muted">Total</span> <strong>{formatWon(hold.totalPrice)}</strong>
      </p>
      <div className="hold-card__actions">
        <ButtonLink href={`/concerts/${hold.concertId}/checkout/${hold.reservationId}`} block>
          Checkout
        </ButtonLink>
        <Button variant="ghost" onClick={onCancel} busy={cancelling} block>
          Cancel hold
        </Button>
      </div>
    </li>
  );
}
