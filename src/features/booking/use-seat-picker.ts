"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useReducer } from "react";
import { useErrorMessage } from "@/i18n/use-error-message";
import { errorReason } from "@/lib/errors";
import { LIMITS } from "@/lib/limits";
import { forConcert, useTRPC } from "@/lib/trpc/client";
import type { Seat } from "@/lib/trpc/types";
import { initialPicking, pickingFor, pickingReducer } from "./seat-picking";

/**
 * The seats picked on one date's map and the hold request for them. A refused hold drops the
 * seats someone else took meanwhile (read from a fresh seat map) and says which.
 */
export function useSeatPicker({
  concertId,
  scheduleId,
  maxSeatsPerDate,
  freshSeats,
  onHeld,
}: {
  concertId: string;
  scheduleId: string | null;
  maxSeatsPerDate: number;
  /** Refetches the seat map of the date being shown. */
  freshSeats: () => Promise<Seat[] | undefined>;
  onHeld: () => void;
}) {
  const trpc = useTRPC();
  const t = useTranslations("seats");
  const errors = useErrorMessage();
  const [state, dispatch] = useReducer(pickingReducer, null, () => initialPicking(null));
  const picking = pickingFor(state, scheduleId);

  const hold = useMutation(
    trpc.reservations.hold.mutationOptions({
      ...forConcert(concertId),
      onSuccess: (reservation, input) => {
        dispatch({ type: "held", scheduleId: input.scheduleId, reservation });
        onHeld();
      },
      onError: async (error, input) => {
        const problem = errors.message(error, { SEAT_LIMIT: t("seatLimit", { max: maxSeatsPerDate }) });
        if (errorReason(error) !== "SEAT_TAKEN") {
          dispatch({ type: "problem", scheduleId: input.scheduleId, problem });
          return;
        }
        const seats = await freshSeats();
        const taken = input.seatNumbers.filter((n) => seats?.find((s) => s.seatNumber === n)?.status !== "AVAILABLE");
        dispatch({ type: "refused", scheduleId: input.scheduleId, taken, problem: errors.message(error) });
      },
    }),
  );

  return {
    picking,
    hold,
    toggle: (seat: Seat, allowance: number) =>
      dispatch({
        type: "toggle",
        scheduleId,
        seatNumber: seat.seatNumber,
        limits: { allowance, perDate: maxSeatsPerDate, perHold: LIMITS.seatsPerHold },
      }),
    holdPicked: () => {
      if (scheduleId) hold.mutate({ scheduleId, seatNumbers: [...picking.picked] });
    },
    showProblem: (problem: string) => dispatch({ type: "problem", scheduleId, problem }),
  };
}
