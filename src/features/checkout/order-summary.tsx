"use client";

import { formatWon } from "@/lib/format";
import type { Reservation } from "@/lib/trpc/types";
import { Countdown } from "../booking/countdown";

/** The held seats, their prices and the time left to pay. */
export function OrderSummary({ order, now }: { order: Reservation; now: number }) {
  return (
    <section className="card order" aria-labelledby="order-title">
      <div className="order__head">
        <h2 className="section-title" id="order-title">
          Your seats
        </h2>
        <p className="order__timer">
          Held for <Countdown until={order.expiresAt} now={now} label="Time left to pay" testId="hold-countdown" />
        </p>
      </div>
      <ul className="order__lines">
        {order.seats.map((s) => (
          <li key={s.seatNumber} className="order__line">
            <span>Seat {s.seatNumber}</span>
            <span>{formatWon(s.price)}</span>
          </li>
        ))}
      </ul>
      <p className="order__total">
        <span>Total</span>
        <strong data-testid="order-total">{formatWon(order.totalPrice)}</strong>
      </p>
    </section>
  );
}
