"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { forConcert, useTRPC } from "@/lib/trpc/client";

const SCHEDULES_REFRESH_MS = 10_000;
const SEAT_MAP_REFRESH_MS = 2_000;

/** The dates open for booking, the one the fan chose (the first by default), and its live seat map. */
export function useScheduleSeats(concertId: string, enabled: boolean) {
  const trpc = useTRPC();
  const schedules = useQuery(
    trpc.concerts.schedules.queryOptions(
      { concertId },
      { ...forConcert(concertId), enabled, refetchInterval: SCHEDULES_REFRESH_MS },
    ),
  );
  const [chosen, choose] = useState<string | null>(null);
  const scheduleId = chosen ?? schedules.data?.items[0]?.scheduleId ?? null;
  const seats = useQuery(
    trpc.concerts.seats.queryOptions(
      { scheduleId: scheduleId ?? "" },
      { ...forConcert(concertId), enabled: enabled && !!scheduleId, refetchInterval: SEAT_MAP_REFRESH_MS },
    ),
  );
  return { schedules, scheduleId, choose, seats };
}
