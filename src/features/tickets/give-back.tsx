"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useFormat } from "@/i18n/use-format";
import { useTRPC } from "@/lib/trpc/client";
import { refetchAfterWrite } from "@/lib/trpc/refresh";
import type { Reservation } from "@/lib/trpc/types";

/**
 * "Give back" on a paid ticket, asked first: the points come back and the seats go on sale again.
 * The server decides whether the refund window is still open and says so when it is not.
 */
export function GiveBack({ reservation }: { reservation: Reservation }) {
  const trpc = useTRPC();
  const t = useTranslations("giveBack");
  const errors = useErrorMessage();
  const f = useFormat();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const refund = useMutation(
    trpc.refunds.refund.mutationOptions({
      onSuccess: async () => {
        setAsking(false);
        await refetchAfterWrite(
          queryClient,
          { queryKey: trpc.reservations.list.pathKey() },
          { queryKey: trpc.reservations.get.pathKey() },
          { queryKey: trpc.points.balance.pathKey() },
          { queryKey: trpc.points.history.pathKey() },
        );
      },
    }),
  );
  return (
    <>
      <Button size="sm" variant="secondary" onClick={() => setAsking(true)} data-testid="give-back">
        {t("button")}
      </Button>
      {asking ? (
        <ConfirmDialog
          title={t("title", { title: reservation.concertTitle })}
          confirmLabel={t("confirm")}
          busy={refund.isPending}
          error={refund.error ? errors.message(refund.error) : null}
          onConfirm={() => refund.mutate({ reservationId: reservation.reservationId })}
          onCancel={() => {
            refund.reset();
            setAsking(false);
          }}
        >
          <p>{t("text", { date: f.dateTime(reservation.startsAt), amount: f.won(reservation.totalPrice) })}</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
