import type { Prisma, ReservationStatus, SeatStatus } from "@/generated/prisma/client";
import { effectiveSeatStatus } from "../catalog/availability";
import { defineBatch, type BoundBatch } from "../infra/batch";
import type { Keyset } from "../infra/cursor";
import { RowChanged, retryOptimistic, sqlBatch, TX_OPTIONS, type Db, type DbClient, type HotPath } from "../infra/db";
import { judgeHold, judgeHoldTarget, type HoldAsk, type HoldFacts, type HoldRefusal } from "./reservation-rules";

const RESERVATION_SELECT = {
  id: true,
  scheduleId: true,
  status: true,
  totalPrice: true,
  expiresAt: true,
  schedule: {
    select: { concertId: true, startsAt: true, cancelledAt: true, concert: { select: { title: true } } },
  },
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
 * A hold, the same in every mode (DATABASE_HOT_PATH): lock the user row, lock the requested seats
 * in ascending seat order, judge (judgeHold), write the reservation, its seats and the seats' new
 * state, and bump the user's and the seats' versions. `batch` sends it as the two statements
 * below, one prepared batch (one transaction, one round trip, plans kept: see infra/batch.ts);
 * the benchmark's baseline runs exactly these (bench/baseline-server.ts). `prisma` takes the same
 * locks in the same order in an interactive transaction (holdLocked); `optimistic` takes none and
 * writes only over the versions it read (holdOptimistic).
 *
 * 0. Share-locks the date's row: a cancellation (which locks it for update) waits for the holds
 *    under way, and a hold that comes after it waits for its commit and then sees it cancelled.
 * 1. Locks the user row: this serializes one user's holds, so the count of what they already
 *    hold (next statement, whose snapshot is taken after this lock) cannot go stale.
 * 2. Reads the date, and only when it is this pass's concert, open for booking, has every
 *    requested seat number and the user exists, locks the requested seats in ascending seat
 *    order (the one order every seat-locking statement uses, so overlapping holds queue instead
 *    of deadlocking) as the lock finds them, judges them (free = AVAILABLE or a lapsed HELD: the
 *    SQL twin of effectiveSeatStatus) and the user's seat limit, and only when all is well writes
 *    the reservation, its seats and the seats' new state (bumping the seats' and the user's
 *    versions). It answers everything judgeHold needs to tell which rule refused.
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
    `SELECT 1 FROM schedules WHERE id = ${schedule} FOR SHARE`,
    `SELECT 1 FROM users WHERE id = ${user} FOR NO KEY UPDATE`,
    `WITH sched AS (
       SELECT sc.concert_id, c.title, sc.starts_at, sc.booking_opens_at, sc.booking_closes_at, sc.total_seats,
              sc.cancelled_at IS NOT NULL AS cancelled
         FROM schedules sc JOIN concerts c ON c.id = sc.concert_id
        WHERE sc.id = ${schedule}
     ), allowed AS (
       SELECT 1 FROM sched
        WHERE concert_id = ${concert} AND NOT cancelled AND booking_opens_at <= ${now} AND booking_closes_at > ${now}
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
       UPDATE seats SET status = 'HELD', reservation_id = reservation.id, held_until = ${until}, version = seats.version + 1
         FROM reservation, seat
        WHERE seats.id = seat.id
     ), bumped AS (
       UPDATE users SET version = users.version + 1 FROM reservation WHERE users.id = ${user}
     )
     SELECT sched.concert_id AS "concertId", sched.title AS "concertTitle", sched.starts_at AS "startsAt",
            sched.booking_opens_at AS "bookingOpensAt", sched.booking_closes_at AS "bookingClosesAt",
            sched.total_seats AS "totalSeats", sched.cancelled, EXISTS (SELECT 1 FROM users WHERE id = ${user}) AS "userFound",
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
type HoldRow = {
  concertId: string | null;
  concertTitle: string;
  startsAt: Date;
  bookingOpensAt: Date;
  bookingClosesAt: Date;
  totalSeats: number;
  cancelled: boolean;
  userFound: boolean;
  found: number;
  taken: number[];
  heldOrOwned: number;
  totalPrice: number;
  /** Set when the hold was written. */
  reservationId: string | null;
  seats: { seatNumber: number; price: number }[];
};

export type HoldRequest = HoldAsk & {
  userId: string;
  scheduleId: string;
  now: Date;
  /** When the hold lapses. */
  expiresAt: Date;
};

/** A hold written. */
type Hold = {
  reservationId: string;
  concertId: string;
  concertTitle: string;
  startsAt: Date;
  seats: { seatNumber: number; price: number }[];
  totalPrice: number;
};

/** A hold's outcome. `contended`: optimistic attempts kept finding the rows changed; nothing was written. */
export type HoldOutcome =
  { kind: "held"; hold: Hold } | { kind: "refused"; refusal: HoldRefusal } | { kind: "contended" };

/** Holds the seats of `req` by the DATABASE_HOT_PATH `mode`; every mode answers and writes alike. */
export async function holdSeats(db: Db, req: HoldRequest, mode: HotPath): Promise<HoldOutcome> {
  const ask: HoldRequest = { ...req, seatNumbers: [...req.seatNumbers].sort((a, b) => a - b) };
  switch (mode) {
    case "batch":
      return holdByBatch(db, req, ask);
    case "prisma":
      return db.$transaction((tx) => holdLocked(tx, req, ask), TX_OPTIONS);
    case "optimistic":
      return retryOptimistic(
        db,
        (tx) => holdOptimistic(tx, req, ask),
        () => ({ kind: "contended" }),
      );
  }
}

/** `req` as asked (its seats in the caller's order, for messages), `sorted` with its seats ascending. */
async function holdByBatch(db: Db, req: HoldRequest, sorted: HoldRequest): Promise<HoldOutcome> {
  const rows = await sqlBatch(db, holdBatch(sorted));
  const row = rows[2]?.[0] as HoldRow;
  const facts: HoldFacts = { ...row, schedule: row.concertId === null ? null : { ...row, concertId: row.concertId } };
  const refusal = judgeHold(facts, req, req.now);
  if (refusal) return { kind: "refused", refusal };
  if (!row.reservationId || !row.concertId) throw new Error("The hold batch refused seats every rule allowed");
  const { reservationId, concertId, concertTitle, startsAt, seats, totalPrice } = row;
  return { kind: "held", hold: { reservationId, concertId, concertTitle, startsAt, seats, totalPrice } };
}

type ScheduleRow = NonNullable<HoldFacts["schedule"]> & { concertTitle: string; startsAt: Date };
type SeatRow = {
  id: string;
  seatNumber: number;
  price: number;
  status: SeatStatus;
  heldUntil: Date | null;
  version: number;
};
/** A seat row as json_build_object renders it. */
type SeatJson = Omit<SeatRow, "heldUntil"> & { heldUntil: string | null };

async function readSchedule(tx: DbClient, scheduleId: string): Promise<ScheduleRow | null> {
  const rows = await tx.$queryRaw<ScheduleRow[]>`
    SELECT sc.concert_id AS "concertId", c.title AS "concertTitle", sc.starts_at AS "startsAt",
           sc.booking_opens_at AS "bookingOpensAt", sc.booking_closes_at AS "bookingClosesAt",
           sc.total_seats AS "totalSeats", sc.cancelled_at IS NOT NULL AS cancelled
      FROM schedules sc JOIN concerts c ON c.id = sc.concert_id
     WHERE sc.id = ${scheduleId}::uuid`;
  return rows[0] ?? null;
}

/** The date's seats the user holds (live) or owns: the SQL of the batch's verdict. */
async function countHeldOrOwned(tx: DbClient, req: HoldRequest): Promise<number> {
  const rows = await tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n
      FROM seats s JOIN reservations r ON r.id = s.reservation_id
     WHERE s.schedule_id = ${req.scheduleId}::uuid AND r.user_id = ${req.userId}::uuid
       AND (s.status = 'SOLD' OR (s.status = 'HELD' AND s.held_until > ${req.now}))`;
  return rows[0]!.n;
}

function seatFacts(seats: SeatRow[], now: Date): Pick<HoldFacts, "found" | "taken"> {
  return {
    found: seats.length,
    taken: seats.filter((s) => effectiveSeatStatus(s, now) !== "AVAILABLE").map((s) => s.seatNumber),
  };
}

/** The reservation and its seat lines; the seats themselves are the caller's to update. */
async function insertReservation(tx: DbClient, req: HoldRequest, seats: SeatRow[]): Promise<string> {
  const { id } = await tx.reservation.create({
    data: {
      userId: req.userId,
      scheduleId: req.scheduleId,
      status: "HELD",
      totalPrice: seats.reduce((sum, s) => sum + s.price, 0),
      expiresAt: req.expiresAt,
      createdAt: req.now,
      updatedAt: req.now,
      seats: { createMany: { data: seats.map((s) => ({ seatId: s.id, seatNumber: s.seatNumber, price: s.price })) } },
    },
    select: { id: true },
  });
  return id;
}

function written(reservationId: string, schedule: ScheduleRow, seats: SeatRow[]): HoldOutcome {
  return {
    kind: "held",
    hold: {
      reservationId,
      concertId: schedule.concertId,
      concertTitle: schedule.concertTitle,
      startsAt: schedule.startsAt,
      seats: seats.map((s) => ({ seatNumber: s.seatNumber, price: s.price })),
      totalPrice: seats.reduce((sum, s) => sum + s.price, 0),
    },
  };
}

/**
 * Share-locks the date's row, so that a cancellation waits for this transaction and one that
 * comes after the cancellation sees it (the first lock of every hold and payment, in every mode).
 */
async function shareLockSchedule(tx: DbClient, scheduleId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM schedules WHERE id = ${scheduleId}::uuid FOR SHARE`;
}

/**
 * The hold as a Prisma interactive transaction with SELECT ... FOR UPDATE: the date (shared), the
 * user row, then the seats in ascending seat order (the batch's locks, in its order), then judge
 * and write.
 */
async function holdLocked(tx: DbClient, req: HoldRequest, sorted: HoldRequest): Promise<HoldOutcome> {
  await shareLockSchedule(tx, req.scheduleId);
  // NO KEY UPDATE, as in the batch: it serializes this user's holds, yet lets rows that merely
  // reference the user (a charge's ledger entry) be written meanwhile.
  const user = await tx.$queryRaw<unknown[]>`SELECT 1 FROM users WHERE id = ${req.userId}::uuid FOR NO KEY UPDATE`;
  const schedule = await readSchedule(tx, req.scheduleId);
  const target = judgeHoldTarget(schedule, user.length > 0, req, req.now);
  if (target || !schedule) return { kind: "refused", refusal: target ?? { refused: "SCHEDULE_NOT_FOUND" } };
  const seats = await tx.$queryRaw<SeatRow[]>`
    SELECT id, seat_number AS "seatNumber", price, status::text AS status, held_until AS "heldUntil", version
      FROM seats
     WHERE schedule_id = ${req.scheduleId}::uuid AND seat_number = ANY(${sorted.seatNumbers}::int[])
     ORDER BY seat_number
       FOR UPDATE`;
  const facts = {
    schedule,
    userFound: true,
    heldOrOwned: await countHeldOrOwned(tx, req),
    ...seatFacts(seats, req.now),
  };
  const refusal = judgeHold(facts, req, req.now);
  if (refusal) return { kind: "refused", refusal };
  const reservationId = await insertReservation(tx, req, seats);
  await tx.seat.updateMany({
    where: { id: { in: seats.map((s) => s.id) } },
    data: { status: "HELD", reservationId, heldUntil: req.expiresAt, version: { increment: 1 } },
  });
  await tx.user.update({ where: { id: req.userId }, data: { version: { increment: 1 } }, select: { id: true } });
  return written(reservationId, schedule, seats);
}

/**
 * The hold without row locks but the date's shared one (taken first, so that a cancellation and
 * this hold cannot interleave): read the user's version, the date, the seats with their versions
 * and the user's count, in one statement; judge; then write only where nothing read has changed: the user's version
 * (every hold bumps it, so the count still stands) and each seat's. A change throws RowChanged,
 * which rolls the attempt back for retryOptimistic to run it again.
 */
async function holdOptimistic(tx: DbClient, req: HoldRequest, sorted: HoldRequest): Promise<HoldOutcome> {
  await shareLockSchedule(tx, req.scheduleId);
  // One statement, so that everything judged was true at one instant.
  const [read] = await tx.$queryRaw<
    (Partial<ScheduleRow> & { userVersion: number | null; heldOrOwned: number; seats: SeatJson[] })[]
  >`
    SELECT (SELECT version FROM users WHERE id = ${req.userId}::uuid) AS "userVersion",
           sc.concert_id AS "concertId", c.title AS "concertTitle", sc.starts_at AS "startsAt",
           sc.booking_opens_at AS "bookingOpensAt", sc.booking_closes_at AS "bookingClosesAt",
           sc.total_seats AS "totalSeats", sc.cancelled_at IS NOT NULL AS cancelled,
           (SELECT coalesce(json_agg(json_build_object('id', id, 'seatNumber', seat_number, 'price', price,
                      'status', status, 'heldUntil', held_until, 'version', version) ORDER BY seat_number), '[]')
              FROM seats
             WHERE schedule_id = ${req.scheduleId}::uuid AND seat_number = ANY(${sorted.seatNumbers}::int[])) AS seats,
           (SELECT count(*)::int
              FROM seats s JOIN reservations r ON r.id = s.reservation_id
             WHERE s.schedule_id = ${req.scheduleId}::uuid AND r.user_id = ${req.userId}::uuid
               AND (s.status = 'SOLD' OR (s.status = 'HELD' AND s.held_until > ${req.now}))) AS "heldOrOwned"
      FROM (SELECT 1) AS one
      LEFT JOIN schedules sc ON sc.id = ${req.scheduleId}::uuid
      LEFT JOIN concerts c ON c.id = sc.concert_id`;
  const { userVersion, heldOrOwned } = read!;
  const schedule = read!.concertId ? (read as ScheduleRow) : null;
  const target = judgeHoldTarget(schedule, userVersion !== null, req, req.now);
  if (target || !schedule) return { kind: "refused", refusal: target ?? { refused: "SCHEDULE_NOT_FOUND" } };
  const seats = read!.seats.map((s) => ({ ...s, heldUntil: s.heldUntil === null ? null : new Date(s.heldUntil) }));
  const refusal = judgeHold({ schedule, userFound: true, heldOrOwned, ...seatFacts(seats, req.now) }, req, req.now);
  if (refusal) return { kind: "refused", refusal };
  const bumped = await tx.$executeRaw`
    UPDATE users SET version = version + 1 WHERE id = ${req.userId}::uuid AND version = ${userVersion}`;
  if (bumped !== 1) throw new RowChanged();
  const reservationId = await insertReservation(tx, req, seats);
  const held = await tx.$executeRaw`
    UPDATE seats SET status = 'HELD', reservation_id = ${reservationId}::uuid, held_until = ${req.expiresAt},
           version = seats.version + 1
      FROM unnest(${seats.map((s) => s.id)}::uuid[], ${seats.map((s) => s.version)}::int[]) AS seen(id, version)
     WHERE seats.id = seen.id AND seats.version = seen.version`;
  if (held !== seats.length) throw new RowChanged();
  return written(reservationId, schedule, seats);
}

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
       UPDATE seats SET status = 'AVAILABLE', reservation_id = NULL, held_until = NULL, version = seats.version + 1
         FROM seat WHERE seats.id = seat.id
     RETURNING seats.id
     ), ended AS (
       -- Judged again on the row as it is once locked: a hold paid or cancelled meanwhile is left as
       -- it is. The status is compared as text so that the kept plan reaches the rows by their id.
       UPDATE reservations SET status = 'EXPIRED', updated_at = ${now}, version = reservations.version + 1
         FROM r WHERE reservations.id = r.id AND reservations.status::text = 'HELD' AND reservations.expires_at > ${now}
     RETURNING reservations.id
     )
     SELECT (SELECT count(*) FROM ended)::int AS ended, (SELECT count(*) FROM freed)::int AS freed`,
  ],
);

export function endHoldsOfUserBatch(p: { userId: string; concertId: string; now: Date }): BoundBatch {
  return END_HOLDS_OF_USER.bind({ user: p.userId, concert: p.concertId, now: p.now });
}

/**
 * Ends the user's live holds of the concert's dates (END_HOLDS_OF_USER, one statement in every
 * mode); returns how many it ended.
 */
export async function endHoldsOfUser(db: Db, p: { userId: string; concertId: string; now: Date }): Promise<number> {
  const rows = await sqlBatch(db, endHoldsOfUserBatch(p));
  return (rows[0]?.[0] as { ended: number } | undefined)?.ended ?? 0;
}

export async function setReservationStatus(
  db: DbClient,
  reservationIds: string[],
  status: ReservationStatus,
  now: Date,
): Promise<void> {
  await db.reservation.updateMany({
    where: { id: { in: reservationIds } },
    data: { status, updatedAt: now, version: { increment: 1 } },
  });
}

/**
 * Frees the seats still held for these reservations (a lapsed seat another hold has taken since
 * points elsewhere and is left alone), locking them in (schedule, seat number) order first. With
 * `SOLD`, the seats they bought (a refund).
 */
export function releaseHeldSeats(
  db: DbClient,
  reservationIds: string[],
  from: "HELD" | "SOLD" = "HELD",
): Promise<number> {
  return db.$executeRaw`
    WITH locked AS (
      SELECT id FROM seats
       WHERE reservation_id = ANY(${reservationIds}::uuid[]) AND status = ${from}::"SeatStatus"
       ORDER BY schedule_id, seat_number
         FOR UPDATE
    )
    UPDATE seats SET status = 'AVAILABLE', reservation_id = NULL, held_until = NULL, version = seats.version + 1
      FROM locked
     WHERE seats.id = locked.id`;
}
