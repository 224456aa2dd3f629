"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Badge } from "@/components/badge";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Notice } from "@/components/notice";
import { errorMessage } from "@/lib/errors";
import { formatCount, formatWon } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/client";
import { refetchAfterWrite } from "@/lib/trpc/refresh";

type Cancellation = { refundedReservations: number; refundedAmount: number };

/** The button while it can be cancelled, then a "Cancelled" badge (and what this page's cancellation refunded). */
function CancelButton({
  cancelled,
  label,
  title,
  confirmLabel,
  children,
  busy,
  error,
  done,
  onConfirm,
  onReset,
}: {
  label: string;
  title: string;
  confirmLabel: string;
  children: ReactNode;
  cancelled: boolean;
  busy: boolean;
  error: unknown;
  done: Cancellation | undefined;
  onConfirm: (close: () => void) => void;
  onReset: () => void;
}) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      {cancelled ? (
        <Badge tone="danger">Cancelled</Badge>
      ) : (
        <Button variant="danger" size="sm" onClick={() => setAsking(true)}>
          {label}
        </Button>
      )}
      {done && !asking ? (
        <Notice tone="success">
          {`Cancelled: ${formatCount(done.refundedReservations)} paid booking${done.refundedReservations === 1 ? "" : "s"} refunded, ${formatWon(done.refundedAmount)} in all.`}
        </Notice>
      ) : null}
      {asking ? (
        <ConfirmDialog
          title={title}
          confirmLabel={confirmLabel}
          busy={busy}
          error={error ? errorMessage(error) : null}
          onConfirm={() => onConfirm(() => setAsking(false))}
          onCancel={() => {
            onReset();
            setAsking(false);
          }}
        >
          {children}
        </ConfirmDialog>
      ) : null}
    </>
  );
}

function useRefetchStats() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    refetchAfterWrite(
      queryClient,
      trpc.admin.stats.queryFilter(),
      { queryKey: trpc.admin.lineControls.pathKey() },
      { queryKey: trpc.admin.audit.pathKey() },
    );
}

/** Cancels one date after asking: its paid bookings are refunded in full. */
export function CancelDateButton({
  scheduleId,
  when,
  cancelled,
}: {
  scheduleId: string;
  when: string;
  cancelled: boolean;
}) {
  const trpc = useTRPC();
  const refetch = useRefetchStats();
  const cancel = useMutation(trpc.refunds.cancelSchedule.mutationOptions({ onSuccess: refetch }));
  return (
    <CancelButton
      cancelled={cancelled}
      label="Cancel date"
      title={`Cancel the date of ${when}?`}
      confirmLabel="Cancel this date"
      busy={cancel.isPending}
      error={cancel.error}
      done={cancel.data}
      onConfirm={(close) => cancel.mutate({ scheduleId }, { onSuccess: close })}
      onReset={() => cancel.reset()}
    >
      <p>
        Every paid booking of this date is refunded in full to the fan&apos;s points, holds end, and nobody can book it
        any more. This cannot be undone.
      </p>
    </CancelButton>
  );
}

/** Cancels a whole concert after asking: every date, every paid booking refunded, its line closed. */
export function CancelConcertButton({
  concertId,
  title,
  cancelled,
}: {
  concertId: string;
  title: string;
  cancelled: boolean;
}) {
  const trpc = useTRPC();
  const refetch = useRefetchStats();
  const cancel = useMutation(trpc.refunds.cancelConcert.mutationOptions({ onSuccess: refetch }));
  return (
    <CancelButton
      cancelled={cancelled}
      label="Cancel concert"
      title={`Cancel ${title}?`}
      confirmLabel="Cancel the concert"
      busy={cancel.isPending}
      error={cancel.error}
      done={cancel.data}
      onConfirm={(close) => cancel.mutate({ concertId }, { onSuccess: close })}
      onReset={() => cancel.reset()}
    >
      <p>
        Every date is cancelled, every paid booking refunded in full to the fans&apos; points, and the waiting line
        closes. This cannot be undone.
      </p>
    </CancelButton>
  );
}
