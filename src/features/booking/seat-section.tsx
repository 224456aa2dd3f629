"use client";

import { useTranslations } from "next-intl";
import { Button, ButtonLink } from "@/components/button";
import { Notice } from "@/components/notice";
import { LoadingBlock } from "@/components/skeleton";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useFormat, type Format } from "@/i18n/use-format";
import type { Reservation, Seat, SeatSectionInfo } from "@/lib/trpc/types";
import { SeatMap } from "./seat-map";
import { seatList } from "./seat-list";
import type { PickProblem } from "./seat-picking";

/** A problem with the picks in the fan's language. */
function problemText(problem: PickProblem, t: ReturnType<typeof useTranslations<"seats">>, f: Format): string {
  switch (problem.kind) {
    case "dateFull":
      return t("dateFull", { perDate: problem.perDate });
    case "holdLimit":
      return t("holdLimit", { perHold: problem.perHold });
    case "fewLeft":
      return t("fewLeft", { allowance: problem.allowance });
    case "taken":
      return t("taken", { count: problem.seats.length, seats: seatList(problem.seats, f.locale) });
    case "message":
      return problem.text;
  }
}

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
  problem: PickProblem | null;
  /** The hold just made, while it lasts. */
  heldNow: Reservation | null;
  holding: boolean;
  onToggle: (seat: Seat) => void;
  onHold: () => void;
}) {
  const t = useTranslations("seats");
  const errors = useErrorMessage();
  const f = useFormat();
  const pickedSeats = (seats ?? []).filter((s) => picked.has(s.seatNumber));
  const pickedTotal = pickedSeats.reduce((sum, s) => sum + s.price, 0);
  return (
    <section className="card seat-section" aria-labelledby="seats-title">
      <div className="seat-section__head">
        <h2 className="section-title" id="seats-title">
          {t("pickSeats", { max: maxSeatsPerDate })}
        </h2>
        <p className="muted seat-section__live" aria-hidden="true">
          <span className="live-dot" /> {t("live")}
        </p>
      </div>
      {seatsError ? (
        <Notice tone="danger" title={t("loadFailed")}>
          {errors.message(seatsError)}
        </Notice>
      ) : !seats ? (
        <LoadingBlock label={t("loading")} height={400} />
      ) : (
        <SeatMap seats={seats} sections={sections} picked={picked} onToggle={onToggle} disabled={holding} />
      )}
      <div className="selection" aria-live="polite">
        <p className="selection__summary">
          {pickedSeats.length === 0 ? (
            <span className="muted">{t("nonePicked")}</span>
          ) : (
            <>
              <strong>
                {seatList(
                  pickedSeats.map((s) => s.seatNumber),
                  f.locale,
                )}
              </strong>
              <span className="muted"> · {f.won(pickedTotal)}</span>
            </>
          )}
        </p>
        <Button size="lg" disabled={pickedSeats.length === 0} busy={holding} onClick={onHold}>
          {t("hold", { count: pickedSeats.length })}
        </Button>
      </div>
      {heldNow ? <HeldNotice concertId={concertId} hold={heldNow} /> : null}
      {problem ? (
        <Notice tone="warning" className="selection__problem">
          {problemText(problem, t, f)}
        </Notice>
      ) : null}
    </section>
  );
}

function HeldNotice({ concertId, hold }: { concertId: string; hold: Reservation }) {
  const t = useTranslations("seats");
  const { locale } = useFormat();
  const count = hold.seats.length;
  const seats = seatList(
    hold.seats.map((s) => s.seatNumber),
    locale,
    true,
  );
  return (
    <Notice
      tone="success"
      title={t("heldTitle", { count, seats })}
      action={
        <ButtonLink href={`/concerts/${concertId}/checkout/${hold.reservationId}`} size="sm">
          {t("checkout")}
        </ButtonLink>
      }
    >
      {t("heldText", { count })}
    </Notice>
  );
}
