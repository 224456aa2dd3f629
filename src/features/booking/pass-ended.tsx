"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/button";
import { Notice } from "@/components/notice";
import { useErrorMessage } from "@/i18n/use-error-message";
import { errorReason } from "@/lib/errors";
import { useJoinQueue } from "../queue/use-queue";
import { useSession } from "../session/session";

/**
 * Shown instead of the seats when the fan has no active pass: the way back into line, unless the
 * line has been closed (then there is none).
 */
export function PassEnded({
  concertId,
  neverJoined,
  lineClosed,
}: {
  concertId: string;
  neverJoined?: boolean;
  lineClosed?: boolean;
}) {
  const { ready } = useSession();
  const t = useTranslations("passEnded");
  const errors = useErrorMessage();
  const join = useJoinQueue(concertId);
  if (lineClosed || (join.isError && errorReason(join.error) === "LINE_CLOSED")) {
    return (
      <div className="pass-ended card" data-testid="line-closed">
        <Notice tone="warning" title={t("closedTitle")}>
          {t("closedText")}
        </Notice>
      </div>
    );
  }
  return (
    <div className="pass-ended card">
      <Notice tone={neverJoined ? "info" : "warning"} title={neverJoined ? t("lineUpFirst") : t("expiredTitle")}>
        {neverJoined ? t("lineUpFirstText") : t("expiredText")}
      </Notice>
      <Button size="lg" onClick={() => join.mutate({ concertId })} busy={join.isPending} disabled={!ready}>
        {neverJoined ? t("getInLine") : t("lineUpAgain")}
      </Button>
      {join.isError ? <Notice tone="danger">{errors.message(join.error)}</Notice> : null}
    </div>
  );
}
