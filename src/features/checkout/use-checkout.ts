"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { clearQueuePass } from "@/lib/queue-pass";
import { refetchAfterWrite } from "@/lib/trpc/refresh";
import { forConcert, useTRPC } from "@/lib/trpc/client";
import { useSession } from "../session/session";

/** The order being paid, the fan's balance, and the payment (which leads to the tickets). */
export function useCheckout(concertId: string, reservationId: string) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { ready } = useSession();
  const concert = useQuery(trpc.concerts.get.queryOptions({ concertId }));
  const reservation = useQuery(trpc.reservations.get.queryOptions({ id: reservationId }, { enabled: ready }));
  const balance = useQuery(trpc.points.balance.queryOptions(undefined, { enabled: ready }));
  const [payProblem, setPayProblem] = useState<unknown>(null);

  const refetchOrder = () =>
    void refetchAfterWrite(queryClient, trpc.points.pathFilter(), trpc.reservations.pathFilter());
  const pay = useMutation(
    trpc.payments.pay.mutationOptions({
      ...forConcert(concertId),
      onSuccess: () => {
        // A payment ends the pass; the next booking starts at the back of the line.
        clearQueuePass(concertId);
        refetchOrder();
        router.replace(`/tickets/${reservationId}?paid=1`);
      },
      onError: (error) => {
        setPayProblem(error);
        refetchOrder();
      },
    }),
  );

  return {
    ready,
    concert: concert.data,
    reservation: reservation.data,
    loadError: reservation.error,
    balance: balance.data?.balance,
    payProblem,
    clearPayProblem: () => setPayProblem(null),
    paying: pay.isPending,
    pay: () => {
      setPayProblem(null);
      pay.mutate({ reservationId });
    },
  };
}
