"use client";

import { useQuery } from "@tanstack/react-query";
import { Button, ButtonLink } from "@/components/button";
import { Notice } from "@/components/notice";
import { Skeleton } from "@/components/skeleton";
import { errorMessage, errorReason } from "@/lib/errors";
import { formatCount, formatDateTime } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/client";
import { useJoinQueue, usePassStatus } from "../queue/use-queue";
import { useSession } from "../session/session";
import { ConcertPoster } from "./concert-poster";

export function ConcertDetail({ concertId }: { concertId: string }) {
  const trpc = useTRPC();
  const concert = useQuery(trpc.concerts.get.queryOptions({ concertId }));

  if (concert.isError) {
    const missing = errorReason(concert.error) === "NOT_FOUND";
    return (
      <Notice
        tone="danger"
        title={missing ? "We couldn't find this concert" : "This concert didn't load"}
        action={
          <ButtonLink href="/" variant="secondary" size="sm">
            See all concerts
          </ButtonLink>
        }
      >
        {missing ? "It may have been removed or the link is wrong." : errorMessage(concert.error)}
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
              <dt>Venue</dt>
              <dd>{c ? c.venue : <Skeleton height={16} width={160} />}</dd>
            </div>
            <div>
              <dt>First show</dt>
              <dd>
                {c ? (
                  c.firstStartsAt ? (
                    formatDateTime(c.firstStartsAt)
                  ) : (
                    "Dates coming soon"
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
  const view = pass ? status.data : undefined;
  const lineClosed = view?.reason === "LINE_CLOSED" || (join.isError && errorReason(join.error) === "LINE_CLOSED");

  let content;
  if (pass === undefined || (pass && status.isPending)) {
    content = <Skeleton height={48} width={220} />;
  } else if (view?.status === "ACTIVE") {
    content = (
      <>
        <p className="tickets-panel__text">It&apos;s your turn. Your seats are waiting.</p>
        <ButtonLink href={`/concerts/${concertId}/book`} size="lg">
          Choose seats
        </ButtonLink>
      </>
    );
  } else if (view?.status === "WAITING" || view?.status === "PREQUEUE") {
    content = (
      <>
        <p className="tickets-panel__text">
          {view.status === "WAITING"
            ? `You're in line at place ${formatCount(view.position)}.`
            : "You're in the pre-queue. Places are drawn at random when the sale opens."}
        </p>
        <ButtonLink href={`/concerts/${concertId}/queue`} size="lg">
          Back to the waiting room
        </ButtonLink>
      </>
    );
  } else if (lineClosed) {
    content = (
      <p className="tickets-panel__text" data-testid="line-closed">
        The line for this concert has been closed, so no more places are being given out.
      </p>
    );
  } else {
    content = (
      <>
        <p className="tickets-panel__text">
          {view?.status === "EXPIRED"
            ? "Your last pass for this concert has expired. Line up again to book."
            : "Tickets are sold through a fair waiting room. Get in line and you'll choose seats when it's your turn."}
        </p>
        <Button size="lg" onClick={() => join.mutate({ concertId })} busy={join.isPending} disabled={!ready}>
          Get in line
        </Button>
      </>
    );
  }

  return (
    <section className="tickets-panel card" aria-labelledby="tickets-title">
      <h2 id="tickets-title" className="tickets-panel__title">
        Tickets
      </h2>
      <div className="tickets-panel__body">{content}</div>
      {join.isError && !lineClosed ? <Notice tone="danger">{errorMessage(join.error)}</Notice> : null}
    </section>
  );
}
