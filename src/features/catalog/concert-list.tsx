"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { Skeleton } from "@/components/skeleton";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useFormat } from "@/i18n/use-format";
import { useTRPC } from "@/lib/trpc/client";
import { ConcertPoster } from "./concert-poster";

export function ConcertList() {
  const trpc = useTRPC();
  const concerts = useQuery(trpc.concerts.list.queryOptions());
  const t = useTranslations("concertList");
  const errors = useErrorMessage();
  const f = useFormat();

  return (
    <>
      <PageHeader eyebrow={t("eyebrow")} title={t("title")} lead={t("lead")} />
      {concerts.isError ? (
        <Notice tone="danger" title={t("loadFailed")}>
          {errors.message(concerts.error)}
        </Notice>
      ) : null}
      {concerts.isPending ? (
        <ul className="concert-grid" aria-label={t("loading")}>
          {[0, 1, 2].map((i) => (
            <li key={i} className="concert-card concert-card--loading">
              <Skeleton height={140} />
              <div className="concert-card__body">
                <Skeleton height={14} width="40%" />
                <Skeleton height={22} width="80%" />
                <Skeleton height={14} width="60%" />
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {concerts.data && concerts.data.items.length === 0 ? (
        <EmptyState title={t("emptyTitle")}>{t("emptyText")}</EmptyState>
      ) : null}
      {concerts.data && concerts.data.items.length > 0 ? (
        <ul className="concert-grid">
          {concerts.data.items.map((c) => (
            <li key={c.concertId} className="concert-card">
              <ConcertPoster concertId={c.concertId} artist={c.artist} />
              <div className="concert-card__body">
                <p className="concert-card__artist">{c.artist}</p>
                <h2 className="concert-card__title">
                  <Link href={`/concerts/${c.concertId}`} className="concert-card__link">
                    {c.title}
                  </Link>
                </h2>
                <p className="concert-card__meta">
                  <span>{c.venue}</span>
                  <span aria-hidden="true"> · </span>
                  <span>{c.firstStartsAt ? t("from", { date: f.dateTime(c.firstStartsAt) }) : t("datesSoon")}</span>
                </p>
                <span className="concert-card__cta" aria-hidden="true">
                  {t("seeDates")}
                </span>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
