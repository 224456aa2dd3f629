"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useNow } from "@/components/use-now";
import { isPassProblem } from "@/lib/errors";
import { useQueuePass } from "@/lib/queue-pass";
import { useTRPC } from "@/lib/trpc/client";
import { usePassStatus } from "../queue/use-queue";
import { useSession } from "../session/session";
import { BookingHeader } from "./booking-header";
import { HoldsAndNotices } from "./holds-and-notices";
import { PassBanner } from "./pass-banner";
import { PassEnded } from "./pass-ended";
import { ScheduleChoice } from "./schedule-choice";
import { SeatSection } from "./seat-section";
import { seatAllowance } from "./seat-picking";
import { useBackToLine } from "./use-back-to-line";
import { useMyHolds } from "./use-my-holds";
import { useRefreshBooking } from "./use-refresh-booking";
import { useScheduleSeats } from "./use-schedule-seats";
import { useSeatPicker } from "./use-seat-picker";

/** `maxSeatsPerDate`: the server's MAX_SEATS_PER_USER (it still has the last word: SEAT_LIMIT). */
export function BookingScreen({ concertId, maxSeatsPerDate }: { concertId: string; maxSeatsPerDate: number }) {
  const pass = useQueuePass(concertId);
  // A new pass (after lining up again) starts the screen afresh, without the old pass's errors.
  return <BookingFlow key={pass?.token ?? "none"} concertId={concertId} maxSeatsPerDate={maxSeatsPerDate} />;
}

function BookingFlow({ concertId, maxSeatsPerDate }: { concertId: string; maxSeatsPerDate: number }) {
  const trpc = useTRPC();
  const t = useTranslations("booking");
  const { ready } = useSession();
  const now = useNow();
  const refresh = useRefreshBooking();
  const concert = useQuery(trpc.concerts.get.queryOptions({ concertId }));
  const { pass, status } = usePassStatus(concertId);
  const view = status.data;
  useBackToLine(concertId, view?.status);

  const { schedules, scheduleId, choose, seats } = useScheduleSeats(
    concertId,
    ready && !!pass && view?.status === "ACTIVE",
  );
  const picker = useSeatPicker({
    concertId,
    scheduleId,
    maxSeatsPerDate,
    freshSeats: async () => (await seats.refetch()).data?.items,
    onHeld: refresh,
  });
  const holds = useMyHolds({ concertId, now, refresh, onCancelError: picker.showProblem });

  const holdsPanel = (
    <HoldsAndNotices
      holds={holds.liveHolds}
      last={holds.lastReleased}
      now={now}
      onCancel={holds.cancel}
      cancellingId={holds.cancellingId}
    />
  );

  const passLost = view?.status === "EXPIRED" || [schedules.error, seats.error, picker.hold.error].some(isPassProblem);
  if (pass === null || passLost) {
    return (
      <>
        <BookingHeader concert={concert.data} />
        {holdsPanel}
        <PassEnded concertId={concertId} neverJoined={pass === null} lineClosed={view?.reason === "LINE_CLOSED"} />
      </>
    );
  }

  const { picked, problem, justHeld } = picker.picking;
  const allowance = seatAllowance(maxSeatsPerDate, seats.data?.items ?? [], holds.mine, scheduleId);
  const heldNow = justHeld && holds.liveHolds.some((h) => h.reservationId === justHeld.reservationId) ? justHeld : null;

  return (
    <>
      <BookingHeader concert={concert.data} />
      <div className="booking">
        <div className="booking__main">
          <ScheduleChoice
            schedules={view ? schedules.data?.items : undefined}
            error={view ? schedules.error : null}
            value={scheduleId}
            onChange={choose}
          />
          {scheduleId ? (
            <SeatSection
              concertId={concertId}
              maxSeatsPerDate={maxSeatsPerDate}
              seats={seats.data?.items}
              sections={seats.data?.sections}
              seatsError={seats.error}
              picked={picked}
              problem={problem}
              heldNow={heldNow}
              holding={picker.hold.isPending}
              onToggle={(seat) => picker.toggle(seat, allowance)}
              onHold={picker.holdPicked}
            />
          ) : null}
        </div>

        <aside className="booking__side" aria-label={t("side")}>
          {view?.activeUntil ? <PassBanner activeUntil={view.activeUntil} now={now} /> : null}
          {holdsPanel}
        </aside>
      </div>
    </>
  );
}
