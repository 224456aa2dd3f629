import type { Deps } from "../deps";
import { AppError } from "../errors";
import { TX_OPTIONS } from "../infra/db";
import { insertAudit } from "../admin/audit.repo";
import type { Actor } from "../admin/line-controls.service";
import { getReservation } from "../reservations/reservations.service";
import type { Reservation } from "../reservations/reservations.schema";
import { signTicket, verifyTicket } from "./ticket-codes";
import type { PublicJwk } from "./ticket-keys";
import {
  findCheckInTime,
  findTicketFacts,
  insertCheckIn,
  shareLockDateForCheckIn,
  shareLockReservationForCheckIn,
} from "./tickets.repo";
import type { CheckInResult, ReservationWithTickets, Ticket } from "./tickets.schema";

/** The public key door scanners verify codes with. */
export function ticketPublicKey(deps: Pick<Deps, "tickets">): PublicJwk {
  return deps.tickets.jwk;
}

/**
 * One ticket per seat of a paid reservation (CONFIRMED, or REFUNDED since), each with its code,
 * signed afresh on every read: Ed25519 is deterministic, so it is the same code every time.
 */
async function ticketsOf(deps: Pick<Deps, "db" | "tickets">, r: Reservation): Promise<Ticket[]> {
  if (r.status !== "CONFIRMED" && r.status !== "REFUNDED") return [];
  const { paidAt, checkIns } = await findTicketFacts(deps.db, r.reservationId);
  if (!paidAt) return [];
  const used = new Map(checkIns.map((c) => [c.seatNumber, c.checkedInAt]));
  const iat = Math.floor(paidAt.getTime() / 1000);
  return r.seats.map(({ seatNumber }) => {
    const usedAt = used.get(seatNumber);
    return {
      seatNumber,
      code: signTicket(deps.tickets, {
        rid: r.reservationId,
        sid: r.scheduleId,
        cid: r.concertId,
        seat: seatNumber,
        iat,
      }),
      status: r.status === "REFUNDED" ? "REFUNDED" : usedAt ? "USED" : "VALID",
      usedAt: usedAt?.toISOString() ?? null,
    };
  });
}

/** GET /reservations/{id}: the caller's reservation with its tickets. */
export async function getReservationWithTickets(
  deps: Pick<Deps, "db" | "clock" | "tickets">,
  userId: string,
  reservationId: string,
): Promise<ReservationWithTickets> {
  const reservation = await getReservation(deps, userId, reservationId);
  return { ...reservation, tickets: await ticketsOf(deps, reservation) };
}

/**
 * Staff check a ticket in at the door. Invariant: a ticket is admitted once, and never when
 * refunded. The code is verified first (nothing is read for a forged one); then, in one
 * transaction, the date and the reservation are share-locked (the lock order of holds, payments
 * and refunds: date -> reservation), so a fan's refund or the date's cancellation either commits
 * first (and the ticket is refused as NOT_VALID) or waits for this check-in; the check-in row's
 * primary key lets exactly one of many concurrent check-ins of the code write, the others reading
 * the time of the first.
 */
export async function checkIn(
  deps: Pick<Deps, "db" | "clock" | "tickets">,
  actor: Actor,
  code: string,
): Promise<CheckInResult> {
  const claims = verifyTicket(deps.tickets, code);
  if (!claims) {
    throw new AppError("INVALID_TICKET", "Not a ticket of this service: the code is malformed, altered or not ours");
  }
  const { rid: reservationId, sid: scheduleId, seat: seatNumber } = claims;
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const date = await shareLockDateForCheckIn(tx, scheduleId);
    const r = await shareLockReservationForCheckIn(tx, reservationId, seatNumber);
    if (!date || !r || r.scheduleId !== scheduleId || !r.hasSeat) {
      throw new AppError("NOT_VALID", "This ticket no longer exists");
    }
    if (r.status !== "CONFIRMED") {
      const why =
        r.status !== "REFUNDED"
          ? "This booking was never paid"
          : date.cancelled
            ? "This date was cancelled and the ticket refunded"
            : "This ticket was given back and refunded";
      throw new AppError("NOT_VALID", why);
    }
    const checkedInAt = await insertCheckIn(tx, { reservationId, seatNumber, at: now, by: actor.login });
    if (!checkedInAt) {
      const usedAt = (await findCheckInTime(tx, reservationId, seatNumber))!.toISOString();
      throw new AppError("ALREADY_USED", `Already used at ${usedAt}`, undefined, { usedAt });
    }
    await insertAudit(
      tx,
      {
        actor: actor.login,
        action: "ticket.check_in",
        targetType: "reservation",
        targetId: reservationId,
        before: null,
        after: { seatNumber, scheduleId, checkedInAt: checkedInAt.toISOString() },
      },
      now,
    );
    return {
      status: "ADMITTED",
      reservationId,
      seatNumber,
      scheduleId,
      concertId: date.concertId,
      title: date.title,
      startsAt: date.startsAt.toISOString(),
      checkedInAt: checkedInAt.toISOString(),
    };
  }, TX_OPTIONS);
}
