"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { ButtonLink } from "@/components/button";
import { LoadMore } from "@/components/load-more";
import { EmptyState } from "@/components/empty-state";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { LoadingBlock } from "@/components/skeleton";
import { useNow } from "@/components/use-now";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useFormat } from "@/i18n/use-format";
import { useTRPC, useTRPCClient } from "@/lib/trpc/client";
import type { Reservation } from "@/lib/trpc/types";
import { seatList } from "../booking/seat-list";
import { useSession } from "../session/session";
import { Badge } from "@/components/badge";
import { GiveBack } from "./give-back";
import { effectiveStatus, ReservationStatus } from "./reservation-status";

const PAGE_SIZE = 20;

const seatNumbers = (r: Reservation) => r.seats.map((s) => s.seatNumber);

export function MyTickets() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const t = useTranslations("myTickets");
  const errors = useErrorMessage();
  const f = useFormat();
  const { ready } = useSession();
  const now = useNow(5_000);
  // A plain query function: the list's input takes no `direction`, which tRPC's infinite options add.
  const reservations = useInfiniteQuery({
    queryKey: [...trpc.reservations.list.pathKey(), { pages: PAGE_SIZE }],
    queryFn: ({ pageParam }) => client.reservations.list.query({ limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: ready,
  });
  const concerts = useQuery(trpc.concerts.list.queryOptions());
  const titles = new Map((concerts.data?.items ?? []).map((c) => [c.concertId, c]));

  const items = reservations.data?.pages.flatMap((p) => p.items) ?? [];
  const confirmed = items.filter((r) => r.status === "CONFIRMED");
  const others = items.filter((r) => r.status !== "CONFIRMED");

  const row = (r: Reservation) => {
    const status = effectiveStatus(r, now);
    const c = titles.get(r.concertId);
    return (
      <li key={r.reservationId} className="booking-row" data-testid="booking-row">
        <div className="booking-row__main">
          <Link href={`/tickets/${r.reservationId}`} className="booking-row__title">
            {r.concertTitle}
          </Link>
          <p className="booking-row__meta muted">
            {f.dateTime(r.startsAt)} · {c ? `${c.artist} · ${c.venue} · ` : ""}
            {seatList(seatNumbers(r), f.locale)} · {f.won(r.totalPrice)}
          </p>
        </div>
        <div className="booking-row__end">
          {r.dateCancelled ? <Badge tone="danger">{t("dateCancelled")}</Badge> : null}
          <ReservationStatus status={status} />
          {status === "CONFIRMED" && !r.dateCancelled && new Date(r.startsAt).getTime() > now ? (
            <GiveBack reservation={r} />
          ) : null}
          {status === "HELD" ? (
            <ButtonLink href={`/concerts/${r.concertId}/checkout/${r.reservationId}`} size="sm">
              {t("payNow")}
            </ButtonLink>
          ) : null}
        </div>
      </li>
    );
  };

  return (
    <>
      <PageHeader title={t("title")} lead={t("lead")} />
      {reservations.isError ? <Notice tone="danger">{errors.message(reservations.error)}</Notice> : null}
      {reservations.isPending ? <LoadingBlock label={t("loading")} /> : null}
      {reservations.data && items.length === 0 ? (
        <EmptyState title={t("emptyTitle")} action={<ButtonLink href="/">{t("find")}</ButtonLink>}>
          {t("emptyText")}
        </EmptyState>
      ) : null}
      {confirmed.length > 0 ? (
        <section className="card list-card" aria-labelledby="confirmed-title">
          <h2 className="section-title" id="confirmed-title">
            {t("tickets")}
          </h2>
          <ul className="booking-rows">{confirmed.map(row)}</ul>
        </section>
      ) : null}
      {others.length > 0 ? (
        <section className="card list-card" aria-labelledby="others-title">
          <h2 className="section-title" id="others-title">
            {t("others")}
          </h2>
          <ul className="booking-rows">{others.map(row)}</ul>
        </section>
      ) : null}
      <LoadMore query={reservations} label={t("more")} testId="bookings-more" />
    </>
  );
}
