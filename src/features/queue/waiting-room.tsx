"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { Button } from "@/components/button";
import { Notice } from "@/components/notice";
import { ProgressBar } from "@/components/progress-bar";
import { Skeleton } from "@/components/skeleton";
import { errorMessage } from "@/lib/errors";
import { formatCount, formatWait } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/client";
import { useSession } from "../session/session";
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

  useEffect(() => {
    if (admitted) router.replace(`/concerts/${concertId}/book`);
  }, [admitted, concertId, router]);

  const lineUp = (
    <Button size="lg" onClick={() => join.mutate({ concertId })} busy={join.isPending} disabled={!ready}>
      Line up again
    </Button>
  );

  let body;
  if (pass === undefined || (pass && status.isPending)) {
    body = <WaitingSkeleton />;
  } else if (pass === null) {
    body = (
      <div className="waiting__state">
        <h2 className="waiting__headline">You're not in line yet</h2>
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
          Your place in line or your turn to book ran out. Line up again and you'll get a new place at the back of the
          line.
        </Notice>
        {lineUp}
      </div>
    );
  } else if (admitted) {
    body = (
      <div className="waiting__state" role="status">
        <h2 className="waiting__headline">It's your turn!</h2>
        <p className="muted">Taking you to the seats…</p>
      </div>
    );
  } else if (view) {
    const ahead = Math.max(0, view.position - 1);
    const start = pass?.joinedAt ?? view.position;
    body = (
      <>
        <div className="waiting__status" aria-live="polite" aria-atomic="true">
          <p className="waiting__label">Your place in line</p>
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
          Keep this page open. It moves on by itself when it's your turn, and you keep your place as long as it stays
          open.
        </p>
        <div className="waiting__actions">
          <Button variant="ghost" onClick={() => leave.mutate()} busy={leave.isPending}>
            Leave the line
          </Button>
        </div>
      </>
    );
  }

  return (
    <WaitingFrame title={concert.data?.title}>
      {join.isError ? <Notice tone="danger">{errorMessage(join.error)}</Notice> : null}
      {body}
    </WaitingFrame>
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
