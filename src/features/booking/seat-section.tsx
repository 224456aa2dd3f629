"use client";

import { Button, ButtonLink } from "@/components/button";
import { Notice } from "@/components/notice";
import { LoadingBlock } from "@/components/skeleton";
import { errorMessage } from "@/lib/errors";
import { formatWon } from "@/lib/format";
import type { Reservation, Seat, SeatSectionInfo } from "@/lib/trpc/types";
import { SeatMap } from "./seat-map";
import { seatList } from "./seat-list";

/** Step 2: the live seat map of the chosen date, the seats picked, and the hold request. */
export function SeatSection({
  concertId,
  maxSeatsPerDate,
  seats,
  sections,
  seatsError,
  picked,
  problem,
  heldNow,
  holding,
  onToggle,
  onHold,
}: {
  concertId: string;
  maxSeatsPerDate: number;
  /** Undefined while loading. */
  seats: Seat[] | undefined;
  /** The date's sections, for the seat map's legend. */
  sections: SeatSectionInfo[] | undefined;
  seatsError: unknown;
  picked: ReadonlySet<number>;
  problem: string | null;
  /** The hold just made, while it lasts. */
  heldNow: Reservation | null;
  holding: boolean;
  onToggle: (seat: Seat) => void;
  onHold: () => void;
}) {
  const pickedSeats = (seats ?? []).filter((s) => picked.has(s.seatNumber));
  const pickedTotal = pickedSeats.reduce((sum, s) => sum + s.price, 0);
  return (
    <section className="card seat-section" aria-labelledby="seats-title">
      <div className="seat-section__head">
        <h2 className="section-title" id="seats-title">
          2. Pick up to {maxSeatsPerDate} seats
        </h2>
        <p className="muted seat-section__live" aria-hidden="true">
          <span className="live-dot" /> Live
        </p>
      </div>
      {seatsError ? (
        <Notice tone="danger" title="Seats didn't load">
          {errorMessage(seatsError)}
        </Notice>
      ) : !seats ? (
        <LoadingBlock label="Loading seats…" height={400} />
      ) : (
        <SeatMap seats={seats} sections={sections} picked={picked} onToggle={onToggle} disabled={holding} />
      )}
      <div className="selection" aria-live="polite">
        <p className="selection__summary">
          {pickedSeats.length === 0 ? (
            <span className="muted">No seats picked yet. Tap a free seat.</span>
          ) : (
            <>
              <strong>{seatList(pickedSeats.map((s) => s.seatNumber))}</strong>
              <span className="muted"> · {formatWon(pickedTotal)}</span>
            </>
          )}
        </p>
        <Button size="lg" disabled={pickedSeats.length === 0} busy={holding} onClick={onHold}>
          {pickedSeats.length > 1 ? `Hold ${pickedSeats.length} seats` : "Hold seat"}
        </Button>
      </div>
      {heldNow ? <HeldNotice concertId={concertId} hold={heldNow} /> : null}
      {problem ? (
        <Notice tone="warning" className="selection__problem">
          {problem}
        </Notice>
      ) : null}
    </section>
  );
}

function HeldNotice({ concertId, hold }: { concertId: string; hold: Reservation }) {
  const one = hold.seats.length === 1;
  return (
    <Notice
      tone="success"
      title={`${seatList(
        hold.seats.map((s) => s.seatNumber),
        true,
      )} ${one ? "is" : "are"} yours for now`}
      action={
        <ButtonLink href={`/concerts/${concertId}/checkout/${hold.reservationId}`} size="sm">
          Checkout
        </ButtonLink>
      }
    >
      Pay before the timer runs out to keep {one ? "it" : "them"}.
    </Notice>
  );
}
