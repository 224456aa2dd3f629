import { test } from "@playwright/test";
import pg from "pg";
import { databaseName, databaseUrl, type ProfileName } from "./profiles";

/**
 * Rows from the database of the server the running test talks to (its project is its profile),
 * so a spec can check what was stored, not only what the screen says.
 */
async function queryDb<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const profile = test.info().project.name as ProfileName;
  const client = new pg.Client({ connectionString: databaseUrl(databaseName(profile)) });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Each reservation that ever took seat `seatNumber` of the date, with the seat's state now. */
export async function reservationsOfSeat(scheduleId: string, seatNumber: number) {
  return queryDb<{ seatStatus: string; reservationId: string; reservationStatus: string; userId: string }>(
    `SELECT s.status AS "seatStatus", r.id AS "reservationId", r.status AS "reservationStatus", r.user_id AS "userId"
       FROM seats s
       JOIN reservation_seats rs ON rs.seat_id = s.id
       JOIN reservations r ON r.id = rs.reservation_id
      WHERE s.schedule_id = $1 AND s.seat_number = $2
      ORDER BY r.created_at`,
    [scheduleId, seatNumber],
  );
}

/** A user's stored balance and the sum of their ledger, which must always agree. */
export async function balanceAndLedger(userId: string): Promise<{ balance: number; ledgerSum: number }> {
  const [row] = await queryDb<{ balance: number; ledgerSum: string }>(
    `SELECT u.balance, COALESCE((SELECT SUM(amount) FROM point_transactions WHERE user_id = u.id), 0) AS "ledgerSum"
       FROM users u WHERE u.id = $1`,
    [userId],
  );
  if (!row) throw new Error(`no user ${userId}`);
  return { balance: row.balance, ledgerSum: Number(row.ledgerSum) };
}
