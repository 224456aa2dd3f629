"use client";

import { useTranslations } from "next-intl";
import { useFormat } from "@/i18n/use-format";
import type { Seat, SeatSectionInfo } from "@/lib/trpc/types";

export type SeatState = "free" | "picked" | "mine" | "held" | "sold";

const STATES: SeatState[] = ["free", "picked", "mine", "held", "sold"];

function seatState(seat: Seat, picked: ReadonlySet<number>): SeatState {
  if (seat.heldByMe) return "mine";
  if (seat.status === "SOLD") return "sold";
  if (seat.status === "HELD") return "held";
  return picked.has(seat.seatNumber) ? "picked" : "free";
}

/** Section colours, in seat order, told apart from the seat states' fills by being a bar. */
const SECTION_COLOURS = ["#7c3aed", "#0284c7", "#d97706", "#db2777", "#0d9488", "#65a30d", "#475569", "#b91c1c"];

const sectionColour = (index: number) => SECTION_COLOURS[index % SECTION_COLOURS.length]!;

/**
 * Every seat of a date as a button, numbered 1..N. Its state is in its colour and in words
 * (on the seat and in its accessible name), never in colour alone. A date of several sections
 * marks each seat with its section's colour, named with its price in a second legend.
 */
export function SeatMap({
  seats,
  sections = [],
  picked,
  onToggle,
  disabled,
}: {
  seats: Seat[];
  /** The date's sections in seat order. */
  sections?: SeatSectionInfo[];
  picked: ReadonlySet<number>;
  onToggle: (seat: Seat) => void;
  disabled?: boolean;
}) {
  const t = useTranslations("seats");
  const f = useFormat();
  const several = sections.length > 1;
  const colourOf = new Map(sections.map((x, i) => [x.name, sectionColour(i)]));
  return (
    <div className="seat-map">
      <div className="seat-map__stage" aria-hidden="true">
        {t("stage")}
      </div>
      <ul className="seat-grid" aria-label={t("seats")}>
        {seats.map((seat) => {
          const state = seatState(seat, picked);
          const selectable = state === "free" || state === "picked";
          return (
            <li key={seat.seatNumber}>
              <button
                type="button"
                className={`seat seat--${state}${several ? " seat--sectioned" : ""}`}
                data-state={state}
                data-section={seat.section}
                style={several ? { ["--section" as string]: colourOf.get(seat.section) } : undefined}
                aria-pressed={selectable ? state === "picked" : undefined}
                aria-label={t(several ? "seatNameInSection" : "seatName", {
                  number: seat.seatNumber,
                  section: seat.section,
                  state: t(`stateName.${state}`),
                  price: f.won(seat.price),
                })}
                disabled={disabled || !selectable}
                onClick={() => onToggle(seat)}
              >
                <span className="seat__number">{seat.seatNumber}</span>
                <span className="seat__state">{t(`state.${state}`)}</span>
              </button>
            </li>
          );
        })}
      </ul>
      <ul className="legend" aria-label={t("legend")}>
        {STATES.map((state) => (
          <li key={state} className="legend__item">
            <span className={`legend__swatch seat--${state}`} aria-hidden="true" />
            {t(`state.${state}`)}
          </li>
        ))}
      </ul>
      {several ? (
        <ul className="legend legend--sections" aria-label={t("sections")}>
          {sections.map((x, i) => (
            <li key={x.name} className="legend__item">
              <span
                className="legend__swatch legend__swatch--section"
                style={{ ["--section" as string]: sectionColour(i) }}
                aria-hidden="true"
              />
              <span>
                <strong>{x.name}</strong> · {f.won(x.price)}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
