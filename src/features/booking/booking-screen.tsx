"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { Button, ButtonLink } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { LoadingBlock, Skeleton } from "@/components/skeleton";
import { useNow } from "@/components/use-now";
import { errorMessage, errorReason, isPassProblem } from "@/lib/errors";
import { formatWon } from "@/lib/format";
import { useQueuePass } from "@/lib/queue-pass";
import { refetchAfterWrite } from "@/lib/trpc/refresh";
import { forConcert, useTRPC } from "@/lib/trpc/client";
import type { Reservation, Seat } from "@/lib/trpc/types";
import { usePassStatus } from "../queue/use-queue";
import { useSession } from "../session/session";
import { Countdown } from "./countdown";
import { DatePicker } from "./date-picker";
import { HoldCard, seatList } from "./hold-card";
import { PassEnded } from "./pass-ended";
import { SeatMap } from "./seat-map";

const SEAT_MAP_REFRESH_MS = 2_000;

type Released = { reservationId: string; seats: number[]; reason: "expired" | "cancelled" };

/** `maxSeatsPerDate`: the server's MAX_SEATS_PER_USER (it still has the last word: SEAT_LIMIT). */
export function BookingScreen({ concertId, maxSeatsPerDate }: { concertId: string; maxSeatsPerDate: number }) {
  const pass = useQueuePass(concertId);
  // A new pass (after lining up again) starts the screen afresh, without the old pass's errors.
  return <BookingFlow key={pass?.token ?? "none"} concertId={concertId} maxSeatsPerDate={maxSeatsPerDate} />;
}

function BookingFlow({ concertId, maxSeatsPerDate }: { concertId: string; maxSeatsPerDate: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { ready } = useSession();
  const now = useNow();
  const concert = useQuery(trpc.concerts.get.queryOptions({ concertId }));
  const { pass, status } = usePassStatus(concertId);
  const view = status.data;
  const passActive = ready && !!pass && view?.status === "ACTIVE";

  const schedules = useQuery(
    trpc.concerts.schedules.queryOptions(
      { concertId },
      { ...forConcert(concertId), enabled: passActive, refetchInterval: 10_000 },
    ),
  );
  const [chosenSchedule, setChosenSchedule] = useState<string | null>(null);
  const scheduleId = chosenSchedule ?? schedules.data?.items[0]?.scheduleId ?? null;
  const seats = useQuery(
    trpc.concerts.seats.queryOptions(
      { scheduleId: scheduleId ?? "" },
      { ...forConcert(concertId), enabled: passActive && !!scheduleId, refetchInterval: SEAT_MAP_REFRESH_MS },
    ),
  );
  // This pass's holds are among the user's newest reservations: one page of the largest size covers them.
  const reservations = useQuery(trpc.reservations.list.queryOptions({ limit: 100 }, { enabled: ready }));

  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);
  const [released, setReleased] = useState<Released[]>([]);
  const [justHeld, setJustHeld] = useState<Reservation | null>(null);

  const mine = useMemo(
    () => (reservations.data?.items ?? []).filter((r) => r.concertId === concertId),
    [reservations.data, concertId],
  );
  const liveHolds = mine.filter((r) => r.status === "HELD" && new Date(r.expiresAt).getTime() > now);
  const lapsed = mine.filter(
    (r) =>
      r.status === "HELD" &&
      new Date(r.expiresAt).getTime() <= now &&
      !released.some((x) => x.reservationId === r.reservationId),
  );

  const refresh = () => {
    void refetchAfterWrite(
      queryClient,
      trpc.concerts.pathFilter(),
      trpc.reservations.pathFilter(),
      trpc.queue.pathFilter(),
    );
  };

  // A hold that reaches zero is over: its seats are free again, and the fan hears it from us first.
  useEffect(() => {
    if (lapsed.length === 0) return;
    setReleased((prev) => [
      ...prev,
      ...lapsed.map((r) => ({
        reservationId: r.reservationId,
        seats: r.seats.map((s) => s.seatNumber),
        reason: "expired" as const,
      })),
    ]);
    refresh();
  });

  const hold = useMutation(
    trpc.reservations.hold.mutationOptions({
      ...forConcert(concertId),
      onSuccess: (reservation) => {
        setPicked(new Set());
        setProblem(null);
        setJustHeld(reservation);
        refresh();
      },
      onError: async (error, input) => {
        if (errorReason(error) !== "SEAT_TAKEN") {
          setProblem(
            errorMessage(error, { SEAT_LIMIT: `You can have at most ${maxSeatsPerDate} seats for one date.` }),
          );
          return;
        }
        const fresh = await seats.refetch();
        const taken = input.seatNumbers.filter(
          (n) => fresh.data?.items.find((s) => s.seatNumber === n)?.status !== "AVAILABLE",
        );
        setPicked((prev) => new Set([...prev].filter((n) => !taken.includes(n))));
        setProblem(
          taken.length
            ? `Sorry, ${seatList(taken)} ${taken.length === 1 ? "was" : "were"} just taken by someone else. Pick another seat.`
            : errorMessage(error),
        );
      },
    }),
  );

  const cancel = useMutation(
    trpc.reservations.cancel.mutationOptions({
      onSuccess: (r) => {
        setReleased((prev) => [
          ...prev,
          { reservationId: r.reservationId, seats: r.seats.map((s) => s.seatNumber), reason: "cancelled" },
        ]);
        refresh();
      },
      onError: (error) => setProblem(errorMessage(error)),
    }),
  );

  useEffect(() => {
    if (view?.status === "WAITING" || view?.status === "PREQUEUE") router.replace(`/concerts/${concertId}/queue`);
  }, [view?.status, concertId, router]);

  useEffect(() => {
    setPicked(new Set());
    setProblem(null);
  }, [scheduleId]);

  const header = (
    <PageHeader
      eyebrow={concert.data ? concert.data.artist : <Skeleton height={14} width={120} />}
      title={concert.data ? `Choose your seats: ${concert.data.title}` : <Skeleton height={32} width="60%" />}
      lead={concert.data ? concert.data.venue : <Skeleton height={16} width={180} />}
    />
  );

  const passLost =
    (view && view.status === "EXPIRED") || [schedules.error, seats.error, hold.error].some(isPassProblem);
  if (pass === null || passLost) {
    return (
      <>
        {header}
        <HoldsAndNotices
          holds={liveHolds}
          released={released}
          now={now}
          onCancel={(id) => cancel.mutate({ id })}
          cancellingId={cancel.isPending ? cancel.variables?.id : undefined}
        />
        <PassEnded concertId={concertId} neverJoined={pass === null} lineClosed={view?.reason === "LINE_CLOSED"} />
      </>
    );
  }

  const seatItems = seats.data?.items ?? [];
  const heldByMe = seatItems.filter((s) => s.heldByMe).length;
  const ownedHere = mine
    .filter((r) => r.status === "CONFIRMED" && r.scheduleId === scheduleId)
    .reduce((n, r) => n + r.seats.length, 0);
  const allowance = Math.max(0, maxSeatsPerDate - heldByMe - ownedHere);
  const pickedSeats = seatItems.filter((s) => picked.has(s.seatNumber));
  const pickedTotal = pickedSeats.reduce((sum, s) => sum + s.price, 0);

  const heldNow = justHeld && liveHolds.some((h) => h.reservationId === justHeld.reservationId) ? justHeld : null;

  function toggle(seat: Seat) {
    setProblem(null);
    setJustHeld(null);
    const next = new Set(picked);
    if (next.has(seat.seatNumber)) next.delete(seat.seatNumber);
    else if (next.size < allowance) next.add(seat.seatNumber);
    else {
      setProblem(
        allowance === 0
          ? `You already have ${maxSeatsPerDate} seats for this date, the most one fan can book.`
          : `You can pick up to ${allowance} more seat${allowance === 1 ? "" : "s"} for this date.`,
      );
      return;
    }
    setPicked(next);
  }

  return (
    <>
      {header}
      <div className="booking">
        <div className="booking__main">
          {!view || schedules.isPending ? (
            <LoadingBlock label="Loading dates…" height={120} />
          ) : schedules.isError ? (
            <Notice tone="danger" title="Dates didn't load">
              {errorMessage(schedules.error)}
            </Notice>
          ) : schedules.data.items.length === 0 ? (
            <EmptyState title="No dates open right now">
              Every date is sold out or not yet on sale. Check back later.
            </EmptyState>
          ) : (
            <DatePicker schedules={schedules.data.items} value={scheduleId} onChange={setChosenSchedule} />
          )}

          {scheduleId ? (
            <section className="card seat-section" aria-labelledby="seats-title">
              <div className="seat-section__head">
                <h2 className="section-title" id="seats-title">
                  2. Pick up to {maxSeatsPerDate} seats
                </h2>
                <p className="muted seat-section__live" aria-hidden="true">
                  <span className="live-dot" /> Live
                </p>
              </div>
              {seats.isPending ? (
                <LoadingBlock label="Loading seats…" height={400} />
              ) : seats.isError ? (
                <Notice tone="danger" title="Seats didn't load">
                  {errorMessage(seats.error)}
                </Notice>
              ) : (
                <SeatMap seats={seatItems} picked={picked} onToggle={toggle} disabled={hold.isPending} />
              )}
              <div className="selection" aria-live="polite">
                <p className="selection__summary">
                  {pickedSeats.length === 0 ? (
                    <span className="muted">No seats picked yet. Tap a free seat.</span>
                  ) : (
                    <>
                      <strong>{seatList(pickedSeats.map((s) => s.seatNumber))}</strong>
                      <span className="muted"> · {formatWon(pickedTotal)}</span>
                    </>
                  )}
                </p>
                <Button
                  size="lg"
                  disabled={pickedSeats.length === 0 || !scheduleId}
                  busy={hold.isPending}
                  onClick={() => scheduleId && hold.mutate({ scheduleId, seatNumbers: [...picked] })}
                >
                  {pickedSeats.length > 1 ? `Hold ${pickedSeats.length} seats` : "Hold seat"}
                </Button>
              </div>
              {heldNow ? (
                <Notice
                  tone="success"
                  title={`${seatList(
                    heldNow.seats.map((s) => s.seatNumber),
                    true,
                  )} ${heldNow.seats.length === 1 ? "is" : "are"} yours for now`}
                  action={
                    <ButtonLink href={`/concerts/${concertId}/checkout/${heldNow.reservationId}`} size="sm">
                      Checkout
                    </ButtonLink>
                  }
                >
                  Pay before the timer runs out to keep {heldNow.seats.length === 1 ? "it" : "them"}.
                </Notice>
              ) : null}
              {problem ? (
                <Notice tone="warning" className="selection__problem">
                  {problem}
                </Notice>
              ) : null}
            </section>
          ) : null}
        </div>

        <aside className="booking__side" aria-label="Your booking">
          {view?.activeUntil ? (
            <div className="pass-banner">
              <p className="pass-banner__title">You&apos;re in</p>
              <p className="pass-banner__text">
                Time left to book{" "}
                <Countdown until={view.activeUntil} now={now} label="Time left to book" testId="pass-countdown" />
              </p>
            </div>
          ) : null}
          <HoldsAndNotices
            holds={liveHolds}
            released={released}
            now={now}
            onCancel={(id) => cancel.mutate({ id })}
            cancellingId={cancel.isPending ? cancel.variables?.id : undefined}
          />
        </aside>
      </div>
    </>
  );
}

function HoldsAndNotices({
  holds,
  released,
  now,
  onCancel,
  cancellingId,
}: {
  holds: Reservation[];
  released: Released[];
  now: number;
  onCancel: (reservationId: string) => void;
  cancellingId: string | undefined;
}) {
  const last = released.at(-1);
  return (
    <section className={`holds ${!last && holds.length === 0 ? "holds--empty" : ""}`} aria-labelledby="holds-title">
      <h2 className="section-title" id="holds-title">
        Your holds
      </h2>
      {last ? (
        last.reason === "expired" ? (
          <Notice tone="warning" title="Your hold ran out">
            Time&apos;s up for {seatList(last.seats)}, so {last.seats.length === 1 ? "it was" : "they were"} released
            for other fans. Pick again if you still want {last.seats.length === 1 ? "it" : "them"}.
          </Notice>
        ) : (
          <Notice tone="info">
            Hold cancelled. {seatList(last.seats, true)} {last.seats.length === 1 ? "is" : "are"} free again.
          </Notice>
        )
      ) : null}
      {holds.length === 0 ? (
        <p className="muted holds__empty">Seats you hold appear here with the time left to pay.</p>
      ) : (
        <ul className="holds__list">
          {holds.map((h) => (
            <HoldCard
              key={h.reservationId}
              hold={h}
              now={now}
              onCancel={() => onCancel(h.reservationId)}
              cancelling={cancellingId === h.reservationId}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
