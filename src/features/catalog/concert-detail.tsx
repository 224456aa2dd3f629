"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button, ButtonLink } from "@/components/button";
import { Notice } from "@/components/notice";
import { Skeleton } from "@/components/skeleton";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useFormat } from "@/i18n/use-format";
import { errorReason } from "@/lib/errors";
import { useTRPC } from "@/lib/trpc/client";
import { useJoinQueue, usePassStatus } from "../queue/use-queue";
import { useSession } from "../session/session";
import { ConcertPoster } from "./concert-poster";

export function ConcertDetail({ concertId }: { concertId: string }) {
  const trpc = useTRPC();
  const concert = useQuery(trpc.concerts.get.queryOptions({ concertId }));
  const t = useTranslations("concertDetail");
  const errors = useErrorMessage();
  const f = useFormat();

  if (concert.isError) {
    const missing = errorReason(concert.error) === "NOT_FOUND";
    return (
      <Notice
        tone="danger"
        title={missing ? t("notFoundTitle") : t("loadFailed")}
        action={
          <ButtonLink href="/" variant="secondary" size="sm">
            {t("seeAll")}
          </ButtonLink>
        }
      >
        {missing ? t("notFoundText") : errors.message(concert.error)}
      </Notice>
    );
  }

  const c = concert.data;
  return (
    <article className="concert-detail">
      <div className="concert-detail__hero">
        {c ? (
          <ConcertPoster concertId={c.concertId} artist={c.artist} size="lg" />
        ) : (
          <Skeleton height={220} className="poster poster--lg" />
        )}
        <div className="concert-detail__intro">
          <p className="concert-detail__artist">{c ? c.artist : <Skeleton height={16} width={140} />}</p>
          <h1 className="concert-detail__title">{c ? c.title : <Skeleton height={36} width="70%" />}</h1>
          <dl className="facts">
            <div>
              <dt>{t("venue")}</dt>
              <dd>{c ? c.venue : <Skeleton height={16} width={160} />}</dd>
            </div>
            <div>
              <dt>{t("firstShow")}</dt>
              <dd>
                {c ? (
                  c.firstStartsAt ? (
                    f.dateTime(c.firstStartsAt)
                  ) : (
                    t("datesSoon")
                  )
                ) : (
                  <Skeleton height={16} width={200} />
                )}
              </dd>
            </div>
          </dl>
          {c?.description ? <p className="concert-detail__description">{c.description}</p> : null}
        </div>
      </div>
      <TicketsPanel concertId={concertId} />
    </article>
  );
}

/** What the fan can do next, depending on their place in this concert's line. */
function TicketsPanel({ concertId }: { concertId: string }) {
  const { ready } = useSession();
  const { pass, status } = usePassStatus(concertId);
  const join = useJoinQueue(concertId);
  const t = useTranslations("ticketsPanel");
  const errors = useErrorMessage();
  const f = useFormat();
  const view = pass ? status.data : undefined;
  const lineClosed = view?.reason === "LINE_CLOSED" || (join.isError && errorReason(join.error) === "LINE_CLOSED");

  let content;
  if (pass === undefined || (pass && status.isPending)) {
    content = <Skeleton height={48} width={220} />;
  } else if (view?.status === "ACTIVE") {
    content = (
      <>
        <p className="tickets-panel__text">{t("yourTurn")}</p>
        <ButtonLink href={`/concerts/${concertId}/book`} size="lg">
          {t("chooseSeats")}
        </ButtonLink>
      </>
    );
  } else if (view?.status === "WAITING" || view?.status === "PREQUEUE") {
    content = (
      <>
        <p className="tickets-panel__text">
          {view.status === "WAITING" ? t("inLine", { place: f.count(view.position) }) : t("inPrequeue")}
        </p>
        <ButtonLink href={`/concerts/${concertId}/queue`} size="lg">
          {t("backToWaitingRoom")}
        </ButtonLink>
      </>
    );
  } else if (lineClosed) {
    content = (
      <p className="tickets-panel__text" data-testid="line-closed">
        {t("lineClosed")}
      </p>
    );
  } else {
    content = (
      <>
        <p className="tickets-panel__text">{view?.status === "EXPIRED" ? t("passExpired") : t("howItWorks")}</p>
        <Button size="lg" onClick={() => join.mutate({ concertId })} busy={join.isPending} disabled={!ready}>
          {t("getInLine")}
        </Button>
      </>
    );
  }

  return (
    <section className="tickets-panel card" aria-labelledby="tickets-title">
      <h2 id="tickets-title" className="tickets-panel__title">
        {t("title")}
      </h2>
      <div className="tickets-panel__body">{content}</div>
      {join.isError && !lineClosed ? <Notice tone="danger">{errors.message(join.error)}</Notice> : null}
    </section>
  );
}
