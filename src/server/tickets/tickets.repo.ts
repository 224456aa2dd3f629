import type { DbClient } from "../infra/db";

/** What the tickets of a reservation are made from: when it was paid (null: never) and its check-ins. */
export async function findTicketFacts(db: DbClient, reservationId: string) {
  const [payment, checkIns] = await Promise.all([
    db.payment.findUnique({ where: { reservationId }, select: { paidAt: true } }),
    db.checkIn.findMany({ where: { reservationId }, select: { seatNumber: true, checkedInAt: true } }),
  ]);
  return { paidAt: payment?.paidAt ?? null, checkIns };
}

/** The date of a ticket, share-locked (as holds, payments and refunds do): a cancellation of it waits. */
export async function shareLockDateForCheckIn(db: DbClient, scheduleId: string) {
  const rows = await db.$queryRaw<{ concertId: string; title: string; startsAt: Date; cancelled: boolean }[]>`
    SELECT s.concert_id AS "concertId", c.title, s.starts_at AS "startsAt", s.cancelled_at IS NOT NULL AS cancelled
      FROM schedules s JOIN concerts c ON c.id = s.concert_id
     WHERE s.id = ${scheduleId}::uuid
       FOR SHARE OF s`;
  return rows[0];
}

/**
 * The reservation of a ticket, share-locked: a refund or a cancellation (which lock it for update)
 * waits for the check-in to commit, and a check-in waits for theirs and then reads the status
 * they left. Check-ins of one reservation do not wait for each other.
 */
export async function shareLockReservationForCheckIn(db: DbClient, reservationId: string, seatNumber: number) {
  const rows = await db.$queryRaw<{ scheduleId: string; status: string; hasSeat: boolean }[]>`
    SELECT r.schedule_id AS "scheduleId", r.status::text AS status,
           EXISTS (SELECT 1 FROM reservation_seats rs
                    WHERE rs.reservation_id = r.id AND rs.seat_number = ${seatNumber}) AS "hasSeat"
      FROM reservations r
     WHERE r.id = ${reservationId}::uuid
       FOR SHARE OF r`;
  return rows[0];
}

/**
 * Marks the ticket used, once: the primary key (reservation, seat) lets one insert through; a
 * concurrent second one waits for the first to commit and then inserts nothing. Answers the time
 * written, or undefined when the ticket was already used.
 */
export async function insertCheckIn(
  db: DbClient,
  p: { reservationId: string; seatNumber: number; at: Date; by: string },
): Promise<Date | undefined> {
  const rows = await db.$queryRaw<{ checkedInAt: Date }[]>`
    INSERT INTO check_ins (reservation_id, seat_number, checked_in_at, checked_in_by)
    VALUES (${p.reservationId}::uuid, ${p.seatNumber}, ${p.at}, ${p.by})
    ON CONFLICT DO NOTHING
    RETURNING checked_in_at AS "checkedInAt"`;
  return rows[0]?.checkedInAt;
}

/** When the ticket was first checked in (a statement of its own, so it sees a check-in just committed). */
export async function findCheckInTime(
  db: DbClient,
  reservationId: string,
  seatNumber: number,
): Promise<Date | undefined> {
  const row = await db.checkIn.findUnique({
    where: { reservationId_seatNumber: { reservationId, seatNumber } },
    select: { checkedInAt: true },
  });
  return row?.checkedInAt;
}

/** Whether any seat of the reservation has been checked in. */
export async function hasCheckIns(db: DbClient, reservationId: string): Promise<boolean> {
  return (await db.checkIn.count({ where: { reservationId }, take: 1 })) > 0;
}
