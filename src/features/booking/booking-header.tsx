"use client";

import { useTranslations } from "next-intl";
import { PageHeader } from "@/components/page-header";
import { Skeleton } from "@/components/skeleton";
import type { Concert } from "@/lib/trpc/types";

export function BookingHeader({ concert }: { concert: Concert | undefined }) {
  const t = useTranslations("booking");
  return (
    <PageHeader
      eyebrow={concert ? concert.artist : <Skeleton height={14} width={120} />}
      title={concert ? t("title", { title: concert.title }) : <Skeleton height={32} width="60%" />}
      lead={concert ? concert.venue : <Skeleton height={16} width={180} />}
    />
  );
}
