"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { Button, ButtonLink } from "@/components/button";
import { Notice } from "@/components/notice";
import { ProgressBar } from "@/components/progress-bar";
import { Skeleton } from "@/components/skeleton";
import { useNow } from "@/components/use-now";
import { errorMessage, errorReason } from "@/lib/errors";
import { formatCount, formatCountdown, formatDateTime, formatWait } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/client";
import type { QueueView } from "@/lib/trpc/types";
import { useSession } from "../session/session";
import { openingOnDeviceClock } from "./opening";
import { useJoinQueue, useLeaveQueue, usePassStatus } from "./use-queue";

export function WaitingRoom({ concertId }: { concertId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const { ready } = useSession();
  const concert = useQuery(trpc.concerts.get.queryOptions({ concertId }));
  const { pass, status } = usePassStatus(concertId);
  const join = useJoinQueue(concertId);
  const leave = useLeaveQueue(concertId);
  const view = status.data;
  const admitted = view?.status === "ACTIVE";
  // Closed for good (until an admin reopens it): nothing here brings the fan back into line.
  const lineClosed =
    !admitted && (view?.reason === "LINE_CLOSED" || (join.isError && errorReason(join.error) === "LINE_CLOSED"));

  useEffect(() => {
    if (admitted) router.replace(`/concerts/${concertId}/book`);
  }, [admitted, concertId, router]);

  const lineUp = (
    <Button size="lg" onClick={() => join.mutate({ concertId })} busy={join.isPending} disabled={!ready}>
      Line up again
    </Button>
  );
  const leaveButton = (
    <div className="waiting__actions">
      <Button variant="ghost" onClick={() => leave.mutate()} busy={leave.isPending}>
        Leave the line
      </Button>
    </div>
  );

  let body;
  if (pass === undefined || (pass && status.isPending)) {
    body = <WaitingSkeleton />;
  } else if (lineClosed) {
    body = <LineClosed concertId={concertId} />;
  } else if (pass === null) {
    body = (
      <div className="waiting__state">
        <h2 className="waiting__headline">You&apos;re not in line yet</h2>
        <p className="muted">Get in line to choose seats for this concert.</p>
        <Button size="lg" onClick={() => join.mutate({ concertId })} busy={join.isPending} disabled={!ready}>
          Get in line
        </Button>
      </div>
    );
  } else if (status.isError) {
    body = (
      <Notice tone="danger" title="We lost track of your place" action={lineUp}>
        {errorMessage(status.error)}
      </Notice>
    );
  } else if (view?.status === "EXPIRED") {
    body = (
      <div className="waiting__state">
        <Notice tone="warning" title="Your pass has expired">
          Your place in line or your turn to book ran out. Line up again and you&apos;ll get a new place at the back of
          the line.
        </Notice>
        {lineUp}
      </div>
    );
  } else if (admitted) {
    body = (
      <div className="waiting__state" role="status">
        <h2 className="waiting__headline">It&apos;s your turn!</h2>
        <p className="muted">Taking you to the seats…</p>
      </div>
    );
  } else if (view?.status === "PREQUEUE") {
    body = (
      <>
        <PreQueue view={view} receivedAt={status.dataUpdatedAt} />
        {leaveButton}
      </>
    );
  } else if (view) {
    const ahead = Math.max(0, view.position - 1);
    // A pass from the pre-queue has no start until its first place arrives.
    const start = pass?.startPlace || view.position;
    body = (
      <>
        <div className="waiting__status" aria-live="polite" aria-atomic="true">
          <p className="waiting__label">{pass?.drawn ? "Your place, drawn at the opening" : "Your place in line"}</p>
          <p className="waiting__position" data-testid="queue-position">
            {formatCount(view.position)}
          </p>
          <p className="waiting__ahead">
            {ahead === 0
              ? "You're next. Get ready!"
              : `${formatCount(ahead)} ${ahead === 1 ? "person" : "people"} ahead of you`}
          </p>
        </div>
        <ProgressBar value={(start - view.position + 1) / (start + 1)} label="Progress through the line" />
        <dl className="waiting__facts">
          <div>
            <dt>Estimated wait</dt>
            <dd>{formatWait(view.estimatedWaitSeconds)}</dd>
          </div>
          <div>
            <dt>Next update</dt>
            <dd>in {Math.max(1, Math.round(view.pollAfterMs / 1000))} s</dd>
          </div>
        </dl>
        <p className="waiting__note">
          Keep this page open. It moves on by itself when it&apos;s your turn, and you keep your place as long as it
          stays open.
        </p>
        {leaveButton}
      </>
    );
  }

  return (
    <WaitingFrame title={concert.data?.title}>
      {join.isError && !lineClosed ? <Notice tone="danger">{errorMessage(join.error)}</Notice> : null}
      {body}
    </WaitingFrame>
  );
}

/** Before the sale opens: a countdown, and why there is nothing to gain by refreshing. */
function PreQueue({ view, receivedAt }: { view: QueueView; receivedAt: number }) {
  const now = useNow();
  const opensAt = view.opensAt;
  const target = opensAt ? openingOnDeviceClock(opensAt, view.estimatedWaitSeconds, receivedAt) : now;
  const remaining = target - now;
  return (
    <div className="waiting__prequeue" data-testid="prequeue">
      <div className="waiting__status">
        {remaining > 0 ? (
          <>
            <p className="waiting__label" id="opens-label">
              The sale opens in
            </p>
            <p
              className="waiting__countdown"
              role="timer"
              aria-labelledby="opens-label"
              aria-live="off"
              data-testid="opens-countdown"
            >
              {formatCountdown(remaining)}
            </p>
          </>
        ) : (
          <>
            <p className="waiting__label">The sale is opening</p>
            <p className="waiting__drawing" role="status">
              Drawing places…
            </p>
          </>
        )}
        {opensAt ? <p className="waiting__ahead">{formatDateTime(opensAt)}</p> : null}
      </div>
      <Notice tone="info" title="You're in the pre-queue">
        Everyone who joins before the opening gets a random place at the opening, so there is no need to refresh or
        arrive early.
      </Notice>
      <p className="waiting__note">
        Keep this page open: it shows your place by itself after the draw, and a fan who stays away from it for long is
        left out of the draw.
      </p>
    </div>
  );
}

function LineClosed({ concertId }: { concertId: string }) {
  return (
    <div className="waiting__state" data-testid="line-closed">
      <Notice tone="warning" title="This line has been closed">
        The organiser closed the line for this concert, so no more places are being given out. Fans already choosing
        seats can finish, but nobody else will be let in.
      </Notice>
      <ButtonLink href={`/concerts/${concertId}`} variant="secondary">
        Back to the concert
      </ButtonLink>
    </div>
  );
}

function WaitingFrame({ title, children }: { title: string | undefined; children: ReactNode }) {
  return (
    <section className="waiting card" aria-labelledby="waiting-title">
      <p className="waiting__eyebrow">Waiting room</p>
      <h1 className="waiting__title" id="waiting-title">
        {title ?? <Skeleton height={28} width={240} />}
      </h1>
      {children}
    </section>
  );
}

function WaitingSkeleton() {
  return (
    <div className="waiting__state" aria-label="Loading your place in line">
      <Skeleton height={16} width={140} />
      <Skeleton height={72} width={120} />
      <Skeleton height={10} width="100%" />
    </div>
  );
}
