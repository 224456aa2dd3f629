"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { Button, ButtonLink } from "@/components/button";
import { Notice } from "@/components/notice";
import { ProgressBar } from "@/components/progress-bar";
import { Skeleton } from "@/components/skeleton";
import { useNow } from "@/components/use-now";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useFormat } from "@/i18n/use-format";
import { errorReason } from "@/lib/errors";
import { useTRPC } from "@/lib/trpc/client";
import type { QueueView } from "@/lib/trpc/types";
import { useSession } from "../session/session";
import { openingOnDeviceClock } from "./opening";
import { useJoinQueue, useLeaveQueue, usePassStatus } from "./use-queue";
import type { QueueTransport } from "./use-queue-events";

/** "about 3 minutes" style, for waits that are estimates. */
function waitText(t: ReturnType<typeof useTranslations<"waitingRoom">>, seconds: number): string {
  if (seconds <= 0) return t("waitNow");
  if (seconds < 60) return t("waitUnderMinute");
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t("waitMinutes", { minutes });
  return t("waitHours", { hours: Math.round(minutes / 6) / 10 });
}

export function WaitingRoom({ concertId }: { concertId: string }) {
  const trpc = useTRPC();
  const t = useTranslations("waitingRoom");
  const errors = useErrorMessage();
  const f = useFormat();
  const router = useRouter();
  const { ready } = useSession();
  const concert = useQuery(trpc.concerts.get.queryOptions({ concertId }));
  const { pass, status, transport } = usePassStatus(concertId, { live: true });
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
      {t("lineUpAgain")}
    </Button>
  );
  const leaveButton = (
    <div className="waiting__actions">
      <Button variant="ghost" onClick={() => leave.mutate()} busy={leave.isPending}>
        {t("leave")}
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
        <h2 className="waiting__headline">{t("notInLine")}</h2>
        <p className="muted">{t("notInLineText")}</p>
        <Button size="lg" onClick={() => join.mutate({ concertId })} busy={join.isPending} disabled={!ready}>
          {t("getInLine")}
        </Button>
      </div>
    );
  } else if (status.isError) {
    body = (
      <Notice tone="danger" title={t("lostPlace")} action={lineUp}>
        {errors.message(status.error)}
      </Notice>
    );
  } else if (view?.status === "EXPIRED") {
    body = (
      <div className="waiting__state">
        <Notice tone="warning" title={t("expiredTitle")}>
          {t("expiredText")}
        </Notice>
        {lineUp}
      </div>
    );
  } else if (admitted) {
    body = (
      <div className="waiting__state" role="status">
        <h2 className="waiting__headline">{t("yourTurn")}</h2>
        <p className="muted">{t("takingYou")}</p>
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
          <p className="waiting__label">{pass?.drawn ? t("placeDrawn") : t("place")}</p>
          <p className="waiting__position" data-testid="queue-position">
            {f.count(view.position)}
          </p>
          <p className="waiting__ahead">
            {ahead === 0 ? t("next") : t("ahead", { count: ahead, people: f.count(ahead) })}
          </p>
        </div>
        <ProgressBar value={(start - view.position + 1) / (start + 1)} label={t("progress")} />
        <dl className="waiting__facts">
          <div>
            <dt>{t("estimatedWait")}</dt>
            <dd>{waitText(t, view.estimatedWaitSeconds)}</dd>
          </div>
          <div>
            {transport === "stream" ? (
              <>
                <dt>{t("updates")}</dt>
                <dd>{t("live")}</dd>
              </>
            ) : (
              <>
                <dt>{t("nextUpdate")}</dt>
                <dd>{t("inSeconds", { seconds: Math.max(1, Math.round(view.pollAfterMs / 1000)) })}</dd>
              </>
            )}
          </div>
        </dl>
        <p className="waiting__note">{t("keepOpen")}</p>
        {leaveButton}
      </>
    );
  }

  return (
    <WaitingFrame title={concert.data?.title} transport={transport}>
      {join.isError && !lineClosed ? <Notice tone="danger">{errors.message(join.error)}</Notice> : null}
      {body}
    </WaitingFrame>
  );
}

/** Before the sale opens: a countdown, and why there is nothing to gain by refreshing. */
function PreQueue({ view, receivedAt }: { view: QueueView; receivedAt: number }) {
  const now = useNow();
  const t = useTranslations("waitingRoom");
  const f = useFormat();
  const opensAt = view.opensAt;
  const target = opensAt ? openingOnDeviceClock(opensAt, view.estimatedWaitSeconds, receivedAt) : now;
  const remaining = target - now;
  return (
    <div className="waiting__prequeue" data-testid="prequeue">
      <div className="waiting__status">
        {remaining > 0 ? (
          <>
            <p className="waiting__label" id="opens-label">
              {t("opensIn")}
            </p>
            <p
              className="waiting__countdown"
              role="timer"
              aria-labelledby="opens-label"
              aria-live="off"
              data-testid="opens-countdown"
            >
              {f.countdown(remaining)}
            </p>
          </>
        ) : (
          <>
            <p className="waiting__label">{t("opening")}</p>
            <p className="waiting__drawing" role="status">
              {t("drawing")}
            </p>
          </>
        )}
        {opensAt ? <p className="waiting__ahead">{f.dateTime(opensAt)}</p> : null}
      </div>
      <Notice tone="info" title={t("prequeueTitle")}>
        {t("prequeueText")}
      </Notice>
      <p className="waiting__note">{t("prequeueNote")}</p>
    </div>
  );
}

function LineClosed({ concertId }: { concertId: string }) {
  const t = useTranslations("waitingRoom");
  return (
    <div className="waiting__state" data-testid="line-closed">
      <Notice tone="warning" title={t("closedTitle")}>
        {t("closedText")}
      </Notice>
      <ButtonLink href={`/concerts/${concertId}`} variant="secondary">
        {t("backToConcert")}
      </ButtonLink>
    </div>
  );
}

function WaitingFrame({
  title,
  transport,
  children,
}: {
  title: string | undefined;
  transport: QueueTransport;
  children: ReactNode;
}) {
  const t = useTranslations("waitingRoom");
  return (
    <section className="waiting card" aria-labelledby="waiting-title" data-transport={transport}>
      <p className="waiting__eyebrow">{t("eyebrow")}</p>
      <h1 className="waiting__title" id="waiting-title">
        {title ?? <Skeleton height={28} width={240} />}
      </h1>
      {children}
    </section>
  );
}

function WaitingSkeleton() {
  const t = useTranslations("waitingRoom");
  return (
    <div className="waiting__state" aria-label={t("loading")}>
      <Skeleton height={16} width={140} />
      <Skeleton height={72} width={120} />
      <Skeleton height={10} width="100%" />
    </div>
  );
}
