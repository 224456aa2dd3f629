"use client";

import { useTranslations } from "next-intl";
import { EmptyState } from "@/components/empty-state";
import { Notice } from "@/components/notice";
import { LoadingBlock } from "@/components/skeleton";
import { useErrorMessage } from "@/i18n/use-error-message";
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
  const t = useTranslations("booking");
  const errors = useErrorMessage();
  if (error) {
    return (
      <Notice tone="danger" title={t("datesFailed")}>
        {errors.message(error)}
      </Notice>
    );
  }
  if (!schedules) return <LoadingBlock label={t("loadingDates")} height={120} />;
  if (schedules.length === 0) {
    return <EmptyState title={t("noDatesTitle")}>{t("noDatesText")}</EmptyState>;
  }
  return <DatePicker schedules={schedules} value={value} onChange={onChange} />;
}
