"use client";

import { formatCount, formatDate, formatTime } from "@/lib/format";
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
  return (
    <fieldset className="date-picker">
      <legend className="section-title">1. Pick a date</legend>
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
                <span className="date-option__date">{formatDate(s.startsAt)}</span>
                <span className="date-option__time">{formatTime(s.startsAt)}</span>
                <span className={`date-option__seats ${low ? "date-option__seats--low" : ""}`}>
                  {formatCount(s.availableSeats)} of {formatCount(s.totalSeats)} seats free
                </span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
