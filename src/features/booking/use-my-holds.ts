"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useErrorMessage } from "@/i18n/use-error-message";
import { LIMITS } from "@/lib/limits";
import { useTRPC } from "@/lib/trpc/client";
import type { Reservation } from "@/lib/trpc/types";
import { useSession } from "../session/session";
import { useHoldLapses } from "./use-hold-lapses";

/** A hold that ended while the fan watched: it ran out, or they let it go. */
export type Released = { reservationId: string; seats: number[]; reason: "expired" | "cancelled" };

function released(r: Reservation, reason: Released["reason"]): Released {
  return { reservationId: r.reservationId, seats: r.seats.map((s) => s.seatNumber), reason };
}

/**
 * The fan's reservations for this concert, their live holds, and the holds that ended while the
 * screen was open (the last one is what the fan is told about).
 */
export function useMyHolds({
  concertId,
  now,
  refresh,
  onCancelError,
}: {
  concertId: string;
  now: number;
  refresh: () => void;
  onCancelError: (message: string) => void;
}) {
  const trpc = useTRPC();
  const errors = useErrorMessage();
  const { ready } = useSession();
  // This pass's holds are among the fan's newest reservations: one page of the largest size covers them.
  const reservations = useQuery(trpc.reservations.list.queryOptions({ limit: LIMITS.pageSize }, { enabled: ready }));
  const [ended, setEnded] = useState<Released[]>([]);

  const mine = useMemo(
    () => (reservations.data?.items ?? []).filter((r) => r.concertId === concertId),
    [reservations.data, concertId],
  );
  const liveHolds = mine.filter((r) => r.status === "HELD" && Date.parse(r.expiresAt) > now);
  const unreleased = mine.filter((r) => r.status === "HELD" && !ended.some((x) => x.reservationId === r.reservationId));

  // A hold that reaches zero is over: its seats are free again, and the fan hears it from us first.
  useHoldLapses(unreleased, (lapsed) => {
    setEnded((prev) => [...prev, ...lapsed.map((r) => released(r, "expired"))]);
    refresh();
  });

  const cancel = useMutation(
    trpc.reservations.cancel.mutationOptions({
      onSuccess: (r) => {
        setEnded((prev) => [...prev, released(r, "cancelled")]);
        refresh();
      },
      onError: (error) => onCancelError(errors.message(error)),
    }),
  );

  return {
    mine,
    liveHolds,
    lastReleased: ended.at(-1),
    cancel: (reservationId: string) => cancel.mutate({ id: reservationId }),
    cancellingId: cancel.isPending ? cancel.variables?.id : undefined,
  };
}
