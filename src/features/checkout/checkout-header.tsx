"use client";

import { useTranslations } from "next-intl";
import { PageHeader } from "@/components/page-header";
import { Skeleton } from "@/components/skeleton";
import type { Concert } from "@/lib/trpc/types";

export function CheckoutHeader({ concert }: { concert: Concert | undefined }) {
  const t = useTranslations("checkout");
  return (
    <PageHeader
      eyebrow={t("eyebrow")}
      title={concert ? concert.title : <Skeleton height={32} width="50%" />}
      lead={concert ? `${concert.artist} · ${concert.venue}` : <Skeleton height={16} width={220} />}
    />
  );
}
