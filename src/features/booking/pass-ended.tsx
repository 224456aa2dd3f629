"use client";

import { Button } from "@/components/button";
import { Notice } from "@/components/notice";
import { errorMessage, errorReason } from "@/lib/errors";
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
  const join = useJoinQueue(concertId);
  if (lineClosed || (join.isError && errorReason(join.error) === "LINE_CLOSED")) {
    return (
      <div className="pass-ended card" data-testid="line-closed">
        <Notice tone="warning" title="This line has been closed">
          The organiser closed the line for this concert, so no more places are being given out.
        </Notice>
      </div>
    );
  }
  return (
    <div className="pass-ended card">
      <Notice tone={neverJoined ? "info" : "warning"} title={neverJoined ? "Line up first" : "Your pass has expired"}>
        {neverJoined
          ? "Seats for this concert are booked through the waiting room. Get in line and you'll pick seats when it's your turn."
          : "Your turn to book ran out, so we passed it on to the next fan. Line up again to keep booking."}
      </Notice>
      <Button size="lg" onClick={() => join.mutate({ concertId })} busy={join.isPending} disabled={!ready}>
        {neverJoined ? "Get in line" : "Line up again"}
      </Button>
      {join.isError ? <Notice tone="danger">{errorMessage(join.error)}</Notice> : null}
    </div>
  );
}
