"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { Badge } from "@/components/badge";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Notice } from "@/components/notice";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useFormat } from "@/i18n/use-format";
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
  const t = useTranslations("cancel");
  const errors = useErrorMessage();
  const f = useFormat();
  return (
    <>
      {cancelled ? (
        <Badge tone="danger">{t("badge")}</Badge>
      ) : (
        <Button variant="danger" size="sm" onClick={() => setAsking(true)}>
          {label}
        </Button>
      )}
      {done && !asking ? (
        <Notice tone="success">
          {t("done", {
            count: done.refundedReservations,
            bookings: f.count(done.refundedReservations),
            amount: f.won(done.refundedAmount),
          })}
        </Notice>
      ) : null}
      {asking ? (
        <ConfirmDialog
          title={title}
          confirmLabel={confirmLabel}
          busy={busy}
          error={error ? errors.message(error) : null}
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
  const t = useTranslations("cancel");
  return (
    <CancelButton
      cancelled={cancelled}
      label={t("date")}
      title={t("dateTitle", { when })}
      confirmLabel={t("dateConfirm")}
      busy={cancel.isPending}
      error={cancel.error}
      done={cancel.data}
      onConfirm={(close) => cancel.mutate({ scheduleId }, { onSuccess: close })}
      onReset={() => cancel.reset()}
    >
      <p>{t("dateText")}</p>
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
  const t = useTranslations("cancel");
  return (
    <CancelButton
      cancelled={cancelled}
      label={t("concert")}
      title={t("concertTitle", { title })}
      confirmLabel={t("concertConfirm")}
      busy={cancel.isPending}
      error={cancel.error}
      done={cancel.data}
      onConfirm={(close) => cancel.mutate({ concertId }, { onSuccess: close })}
      onReset={() => cancel.reset()}
    >
      <p>{t("concertText")}</p>
    </CancelButton>
  );
}
