import type { Prisma, ReservationStatus } from "@/generated/prisma/client";
import { defineBatch, type BoundBatch } from "../infra/batch";
import type { Keyset } from "../infra/cursor";
import type { DbClient } from "../infra/db";

const RESERVATION_SELECT = {
  id: true,
  scheduleId: true,
  status: true,
  totalPrice: true,
  expiresAt: true,
  schedule: { select: { concertId: true, startsAt: true, concert: { select: { title: true } } } },
  seats: { select: { seatNumber: true, price: true }, orderBy: { seatNumber: "asc" } },
} satisfies Prisma.ReservationSelect;

export type ReservationRow = Prisma.ReservationGetPayload<{ select: typeof RESERVATION_SELECT }>;

export function findReservation(db: DbClient, reservationId: string, userId: string): Promise<ReservationRow | null> {
  return db.reservation.findFirst({ where: { id: reservationId, userId }, select: RESERVATION_SELECT });
}

export type ReservationListRow = ReservationRow & { createdAt: Date };

/**
 * Newest first, `limit` of the user's reservations below `after` (the last row of the previous
 * page). The `lte` bound lets the (user_id, created_at, id) index start the scan at the cursor;
 * the OR then drops the rows of the same millisecond already shown.
 */
export function findReservationsOfUser(
  db: DbClient,
  userId: string,
  opts: { limit: number; after?: Keyset },
): Promise<ReservationListRow[]> {
  const { after } = opts;
  return db.reservation.findMany({
    where: {
      userId,
      ...(after && {
        createdAt: { lte: after.at },
        OR: [{ createdAt: { lt: after.at } }, { id: { lt: after.id } }],
      }),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit,
    select: { ...RESERVATION_SELECT, createdAt: true },
  });
}

/**
 * A hold is two statements run as one prepared batch (one transaction, one round trip, plans kept:
 * see infra/batch.ts).
 * The benchmark's baseline runs exactly these statements (bench/baseline-server.ts).
 *
 * 1. Locks the user row: this serializes one user's holds, so the count of what they already
 *    hold (next statement, whose snapshot is taken after this lock) cannot go stale.
 * 2. Reads the date, and only when it is this pass's concert, open for booking, has every
 *    requested seat number and the user exists, locks the requested seats in ascending seat
 *    order (the one order every seat-locking statement uses, so overlapping holds queue instead
 *    of deadlocking) as the lock finds them, judges them (free = AVAILABLE or a lapsed HELD: the
 *    SQL twin of effectiveSeatStatus) and the user's seat limit, and only when all is well writes
 *    the reservation, its seats and the seats' new state. It answers everything the service needs
 *    to tell which rule refused, checked in the same order as it checks them.
 */
const HOLD = defineBatch(
  "hold",
  {
    user: "uuid",
    concert: "uuid",
    schedule: "uuid",
    seats: "int[]",
    /** The highest seat number asked for. */
    highestSeat: "int",
    /** How many seats are asked for. */
    requested: "int",
    maxSeatsPerUser: "int",
    now: "timestamptz",
    until: "timestamptz",
  },
  ({ user, concert, schedule, seats, highestSeat, requested, maxSeatsPerUser, now, until }) => [
    `SELECT 1 FROM users WHERE id = ${user} FOR NO KEY UPDATE`,
    `WITH sched AS (
       SELECT sc.concert_id, c.title, sc.starts_at, sc.booking_opens_at, sc.booking_closes_at, sc.total_seats
         FROM schedules sc JOIN concerts c ON c.id = sc.concert_id
        WHERE sc.id = ${schedule}
     ), allowed AS (
       SELECT 1 FROM sched
        WHERE concert_id = ${concert} AND booking_opens_at <= ${now} AND booking_closes_at > ${now}
          AND total_seats >= ${highestSeat}
          AND EXISTS (SELECT 1 FROM users WHERE id = ${user})
     ), seat AS (
       SELECT id, seat_number, price, status, held_until
         FROM seats
        WHERE schedule_id = ${schedule} AND seat_number = ANY(${seats}) AND EXISTS (SELECT 1 FROM allowed)
        ORDER BY seat_number
          FOR UPDATE
     ), verdict AS (
       SELECT count(*)::int AS found,
              coalesce(sum(price), 0)::int AS total_price,
              coalesce(array_agg(seat_number ORDER BY seat_number)
                FILTER (WHERE NOT (status = 'AVAILABLE' OR (status = 'HELD' AND held_until <= ${now}))), '{}') AS taken,
              (SELECT count(*)::int
                 FROM seats s JOIN reservations r ON r.id = s.reservation_id
                WHERE s.schedule_id = ${schedule} AND r.user_id = ${user}
                  AND (s.status = 'SOLD' OR (s.status = 'HELD' AND s.held_until > ${now}))) AS held_or_owned
         FROM seat
     ), reservation AS (
       INSERT INTO reservations (user_id, schedule_id, status, total_price, expires_at, created_at, updated_at)
       SELECT ${user}, ${schedule}, 'HELD', total_price, ${until}, ${now}, ${now}
         FROM verdict
        WHERE found = ${requested} AND cardinality(taken) = 0 AND held_or_owned + found <= ${maxSeatsPerUser}
       RETURNING id
     ), linked AS (
       INSERT INTO reservation_seats (reservation_id, seat_id, seat_number, price)
       SELECT reservation.id, seat.id, seat.seat_number, seat.price FROM reservation, seat
     ), held AS (
       UPDATE seats SET status = 'HELD', reservation_id = reservation.id, held_until = ${until}
         FROM reservation, seat
        WHERE seats.id = seat.id
     )
     SELECT sched.concert_id AS "concertId", sched.title AS "concertTitle", sched.starts_at AS "startsAt",
            sched.booking_opens_at AS "bookingOpensAt", sched.booking_closes_at AS "bookingClosesAt",
            sched.total_seats AS "totalSeats", EXISTS (SELECT 1 FROM users WHERE id = ${user}) AS "userFound",
            verdict.found, verdict.taken, verdict.held_or_owned AS "heldOrOwned", verdict.total_price AS "totalPrice",
            (SELECT id FROM reservation) AS "reservationId",
            (SELECT coalesce(json_agg(json_build_object('seatNumber', seat_number, 'price', price) ORDER BY seat_number), '[]')
               FROM seat) AS seats
       FROM verdict LEFT JOIN sched ON true`,
  ],
);

/** The hold batch for these seats (sorted ascending), ready to run. */
export function holdBatch(h: {
  userId: string;
  concertId: string;
  scheduleId: string;
  seatNumbers: number[];
  now: Date;
  expiresAt: Date;
  maxSeatsPerUser: number;
}): BoundBatch {
  return HOLD.bind({
    user: h.userId,
    concert: h.concertId,
    schedule: h.scheduleId,
    seats: h.seatNumbers,
    highestSeat: Math.max(...h.seatNumbers),
    requested: h.seatNumbers.length,
    maxSeatsPerUser: h.maxSeatsPerUser,
    now: h.now,
    until: h.expiresAt,
  });
}

/** What the hold batch answers; `concertId` is null when the date does not exist. */
export type HoldOutcome = {
  concertId: string | null;
  concertTitle: string;
  startsAt: Date;
  bookingOpensAt: Date;
  bookingClosesAt: Date;
  totalSeats: number;
  userFound: boolean;
  found: number;
  taken: number[];
  heldOrOwned: number;
  totalPrice: number;
  /** Set when the hold was written. */
  reservationId: string | null;
  seats: { seatNumber: number; price: number }[];
};

export type LockedReservation = { id: string; userId: string; status: ReservationStatus; expiresAt: Date };

export async function lockReservation(db: DbClient, reservationId: string): Promise<LockedReservation | undefined> {
  const rows = await db.$queryRaw<LockedReservation[]>`
    SELECT id, user_id AS "userId", status, expires_at AS "expiresAt"
      FROM reservations WHERE id = ${reservationId}::uuid FOR UPDATE`;
  return rows[0];
}

/** Locks up to `limit` lapsed HELD reservations, skipping any another transaction has locked. */
export async function lockLapsedHolds(db: DbClient, now: Date, limit: number): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM reservations
     WHERE status = 'HELD' AND expires_at <= ${now}
     ORDER BY expires_at
     LIMIT ${limit}
       FOR UPDATE SKIP LOCKED`;
  return rows.map((r) => r.id);
}

/**
 * Ends a user's live holds of a concert's dates: EXPIRED, their seats free. One statement, run as
 * a prepared batch (it follows every payment). The user's own reservations are found first (a
 * materialized step), so no kept plan walks every live hold through (status, expires_at). Lock order reservation -> seats (in seat order), as
 * everywhere: a hold being paid or cancelled meanwhile is waited for, then judged as it is after.
 */
const END_HOLDS_OF_USER = defineBatch(
  "end_holds_of_user",
  { user: "uuid", concert: "uuid", now: "timestamptz" },
  ({ user, concert, now }) => [
    `WITH mine AS MATERIALIZED (
       SELECT id, schedule_id, status, expires_at FROM reservations WHERE user_id = ${user}
     ), r AS (
       SELECT r.id FROM mine JOIN reservations r ON r.id = mine.id JOIN schedules s ON s.id = mine.schedule_id
        WHERE s.concert_id = ${concert} AND mine.status = 'HELD' AND mine.expires_at > ${now}
        ORDER BY r.id
          FOR UPDATE OF r
     ), seat AS (
       SELECT st.id FROM seats st
        WHERE st.reservation_id IN (SELECT id FROM r) AND st.status = 'HELD'
        ORDER BY st.schedule_id, st.seat_number
          FOR UPDATE OF st
     ), freed AS (
       UPDATE seats SET status = 'AVAILABLE', reservation_id = NULL, held_until = NULL
         FROM seat WHERE seats.id = seat.id
     RETURNING seats.id
     ), ended AS (
       -- Judged again on the row as it is once locked: a hold paid or cancelled meanwhile is left as
       -- it is. The status is compared as text so that the kept plan reaches the rows by their id.
       UPDATE reservations SET status = 'EXPIRED', updated_at = ${now}
         FROM r WHERE reservations.id = r.id AND reservations.status::text = 'HELD' AND reservations.expires_at > ${now}
     RETURNING reservations.id
     )
     SELECT (SELECT count(*) FROM ended)::int AS ended, (SELECT count(*) FROM freed)::int AS freed`,
  ],
);

export function endHoldsOfUserBatch(p: { userId: string; concertId: string; now: Date }): BoundBatch {
  return END_HOLDS_OF_USER.bind({ user: p.userId, concert: p.concertId, now: p.now });
}

export async function setReservationStatus(
  db: DbClient,
  reservationIds: string[],
  status: ReservationStatus,
  now: Date,
): Promise<void> {
  await db.reservation.updateMany({ where: { id: { in: reservationIds } }, data: { status, updatedAt: now } });
}

/**
 * Frees the seats still held for these reservations (a lapsed seat another hold has taken since
 * points elsewhere and is left alone), locking them in (schedule, seat number) order first.
 */
export function releaseHeldSeats(db: DbClient, reservationIds: string[]): Promise<number> {
  return db.$executeRaw`
    WITH locked AS (
      SELECT id FROM seats
       WHERE reservation_id = ANY(${reservationIds}::uuid[]) AND status = 'HELD'
       ORDER BY schedule_id, seat_number
         FOR UPDATE
    )
    UPDATE seats SET status = 'AVAILABLE', reservation_id = NULL, held_until = NULL
      FROM locked
     WHERE seats.id = locked.id`;
}
