"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { errorMessage } from "@/lib/errors";
import { formatDateTime, formatWon } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/client";
import { refetchAfterWrite } from "@/lib/trpc/refresh";
import type { Reservation } from "@/lib/trpc/types";

/**
 * "Give back" on a paid ticket, asked first: the points come back and the seats go on sale again.
 * The server decides whether the refund window is still open and says so when it is not.
 */
export function GiveBack({ reservation }: { reservation: Reservation }) {
  const trpc = useTRPC();
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
        Give back
      </Button>
      {asking ? (
        <ConfirmDialog
          title={`Give back your ticket for ${reservation.concertTitle}?`}
          confirmLabel="Give back ticket"
          busy={refund.isPending}
          error={refund.error ? errorMessage(refund.error) : null}
          onConfirm={() => refund.mutate({ reservationId: reservation.reservationId })}
          onCancel={() => {
            refund.reset();
            setAsking(false);
          }}
        >
          <p>
            {formatDateTime(reservation.startsAt)}: {formatWon(reservation.totalPrice)} goes back to your points, and
            your seats go on sale again. This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
