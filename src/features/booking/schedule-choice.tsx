"use client";

import { EmptyState } from "@/components/empty-state";
import { Notice } from "@/components/notice";
import { LoadingBlock } from "@/components/skeleton";
import { errorMessage } from "@/lib/errors";
import type { ScheduleSummary } from "@/lib/trpc/types";
import { DatePicker } from "./date-picker";

/** Step 1: the dates open for booking, once they load. */
export function ScheduleChoice({
  schedules,
  error,
  value,
  onChange,
}: {
  /** Undefined while loading. */
  schedules: ScheduleSummary[] | undefined;
  error: unknown;
  value: string | null;
  onChange: (scheduleId: string) => void;
}) {
  if (error) {
    return (
      <Notice tone="danger" title="Dates didn't load">
        {errorMessage(error)}
      </Notice>
    );
  }
  if (!schedules) return <LoadingBlock label="Loading dates…" height={120} />;
  if (schedules.length === 0) {
    return (
      <EmptyState title="No dates open right now">
        Every date is sold out or not yet on sale. Check back later.
      </EmptyState>
    );
  }
  return <DatePicker schedules={schedules} value={value} onChange={onChange} />;
}
