"use client";

import { useTranslations } from "next-intl";
import { useFormat } from "@/i18n/use-format";
import type { ScheduleSummary } from "@/lib/trpc/types";

/** The dates open for booking as a radio group: arrow keys move between them. */
export function DatePicker({
  schedules,
  value,
  onChange,
}: {
  schedules: ScheduleSummary[];
  value: string | null;
  onChange: (scheduleId: string) => void;
}) {
  const t = useTranslations("booking");
  const f = useFormat();
  return (
    <fieldset className="date-picker">
      <legend className="section-title">{t("pickDate")}</legend>
      <div className="date-picker__options">
        {schedules.map((s) => {
          const low = s.availableSeats <= Math.max(3, Math.floor(s.totalSeats * 0.1));
          return (
            <label key={s.scheduleId} className="date-option">
              <input
                type="radio"
                name="schedule"
                value={s.scheduleId}
                checked={value === s.scheduleId}
                onChange={() => onChange(s.scheduleId)}
                className="date-option__input"
              />
              <span className="date-option__card">
                <span className="date-option__date">{f.date(s.startsAt)}</span>
                <span className="date-option__time">{f.time(s.startsAt)}</span>
                <span className={`date-option__seats ${low ? "date-option__seats--low" : ""}`}>
                  {t("seatsFree", { free: f.count(s.availableSeats), total: f.count(s.totalSeats) })}
                </span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
