"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { Skeleton } from "@/components/skeleton";
import { errorMessage } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/client";
import { ConcertPoster } from "./concert-poster";

export function ConcertList() {
  const trpc = useTRPC();
  const concerts = useQuery(trpc.concerts.list.queryOptions());

  return (
    <>
      <PageHeader
        eyebrow="On sale now"
        title="Concerts"
        lead="Pick a show, get in line, and choose your seats when it's your turn. Fair for everyone: first come, first served."
      />
      {concerts.isError ? (
        <Notice tone="danger" title="Concerts didn't load">
          {errorMessage(concerts.error)}
        </Notice>
      ) : null}
      {concerts.isPending ? (
        <ul className="concert-grid" aria-label="Loading concerts">
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
        <EmptyState title="No concerts on sale yet">New shows are announced here first. Check back soon.</EmptyState>
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
                  <span>{c.firstStartsAt ? `From ${formatDateTime(c.firstStartsAt)}` : "Dates coming soon"}</span>
                </p>
                <span className="concert-card__cta" aria-hidden="true">
                  See dates →
                </span>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
