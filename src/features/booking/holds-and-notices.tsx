"use client";

import { Notice } from "@/components/notice";
import type { Reservation } from "@/lib/trpc/types";
import { HoldCard } from "./hold-card";
import { seatList } from "./seat-list";
import type { Released } from "./use-my-holds";

/** The fan's live holds, and what became of the last one that ended. */
export function HoldsAndNotices({
  holds,
  last,
  now,
  onCancel,
  cancellingId,
}: {
  holds: Reservation[];
  last: Released | undefined;
  now: number;
  onCancel: (reservationId: string) => void;
  cancellingId: string | undefined;
}) {
  return (
    <section className={`holds ${!last && holds.length === 0 ? "holds--empty" : ""}`} aria-labelledby="holds-title">
      <h2 className="section-title" id="holds-title">
        Your holds
      </h2>
      {last ? <ReleasedNotice last={last} /> : null}
      {holds.length === 0 ? (
        <p className="muted holds__empty">Seats you hold appear here with the time left to pay.</p>
      ) : (
        <ul className="holds__list">
          {holds.map((h) => (
            <HoldCard
              key={h.reservationId}
              hold={h}
              now={now}
              onCancel={() => onCancel(h.reservationId)}
              cancelling={cancellingId === h.reservationId}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function ReleasedNotice({ last }: { last: Released }) {
  const one = last.seats.length === 1;
  if (last.reason === "expired") {
    return (
      <Notice tone="warning" title="Your hold ran out">
        Time&apos;s up for {seatList(last.seats)}, so {one ? "it was" : "they were"} released for other fans. Pick again
        if you still want {one ? "it" : "them"}.
      </Notice>
    );
  }
  return (
    <Notice tone="info">
      Hold cancelled. {seatList(last.seats, true)} {one ? "is" : "are"} free again.
    </Notice>
  );
}
