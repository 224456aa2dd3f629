"use client";

import { formatWon } from "@/lib/format";
import type { Seat } from "@/lib/trpc/types";

export type SeatState = "free" | "picked" | "mine" | "held" | "sold";

const LABEL: Record<SeatState, string> = {
  free: "Free",
  picked: "Picked",
  mine: "Yours",
  held: "Held",
  sold: "Sold",
};

function seatState(seat: Seat, picked: ReadonlySet<number>): SeatState {
  if (seat.heldByMe) return "mine";
  if (seat.status === "SOLD") return "sold";
  if (seat.status === "HELD") return "held";
  return picked.has(seat.seatNumber) ? "picked" : "free";
}

/**
 * Every seat of a date as a button, numbered 1..N. Its state is in its colour and in words
 * (on the seat and in its accessible name), never in colour alone.
 */
export function SeatMap({
  seats,
  picked,
  onToggle,
  disabled,
}: {
  seats: Seat[];
  picked: ReadonlySet<number>;
  onToggle: (seat: Seat) => void;
  disabled?: boolean;
}) {
  return (
    <div className="seat-map">
      <div className="seat-map__stage" aria-hidden="true">
        Stage
      </div>
      <ul className="seat-grid" aria-label="Seats">
        {seats.map((seat) => {
          const state = seatState(seat, picked);
          const selectable = state === "free" || state === "picked";
          return (
            <li key={seat.seatNumber}>
              <button
                type="button"
                className={`seat seat--${state}`}
                data-state={state}
                aria-pressed={selectable ? state === "picked" : undefined}
                aria-label={`Seat ${seat.seatNumber}, ${LABEL[state].toLowerCase()}, ${formatWon(seat.price)}`}
                disabled={disabled || !selectable}
                onClick={() => onToggle(seat)}
              >
                <span className="seat__number">{seat.seatNumber}</span>
                <span className="seat__state">{LABEL[state]}</span>
              </button>
            </li>
          );
        })}
      </ul>
      <ul className="legend" aria-label="Seat legend">
        {(Object.keys(LABEL) as SeatState[]).map((state) => (
          <li key={state} className="legend__item">
            <span className={`legend__swatch seat--${state}`} aria-hidden="true" />
            {LABEL[state]}
          </li>
        ))}
      </ul>
    </div>
  );
}
