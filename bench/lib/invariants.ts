import type pg from "pg";

/**
 * The booking invariants, checked on the whole bench database after every scenario (app and
 * baseline writes alike). Each check counts its violations; all must be 0.
 */
const CHECKS: Record<string, string> = {
  // No seat belongs to two live (unexpired HELD, or CONFIRMED) reservations.
  seatInTwoLiveReservations: `
    SELECT count(*)::int AS n FROM (
      SELECT rs.seat_id FROM reservation_seats rs JOIN reservations r ON r.id = rs.reservation_id
       WHERE r.status = 'CONFIRMED' OR (r.status = 'HELD' AND r.expires_at > now())
       GROUP BY rs.seat_id HAVING count(*) > 1) twice`,
  // A HELD or SOLD seat points at a reservation that lists it.
  seatHolderNotListed: `
    SELECT count(*)::int AS n FROM seats s
     WHERE s.status <> 'AVAILABLE'
       AND NOT EXISTS (SELECT 1 FROM reservation_seats rs WHERE rs.seat_id = s.id AND rs.reservation_id = s.reservation_id)`,
  // Sold seats = seats of confirmed reservations.
  soldSeatsVsConfirmedSeats: `
    SELECT abs((SELECT count(*) FROM seats WHERE status = 'SOLD')
             - (SELECT count(*) FROM reservation_seats rs JOIN reservations r ON r.id = rs.reservation_id
                 WHERE r.status = 'CONFIRMED'))::int AS n`,
  // Every confirmed reservation has exactly one payment, of its total.
  confirmedWithoutMatchingPayment: `
    SELECT count(*)::int AS n FROM reservations r
     WHERE r.status = 'CONFIRMED'
       AND (SELECT count(*) FROM payments p WHERE p.reservation_id = r.id AND p.amount = r.total_price) <> 1`,
  // Paid amounts = prices of the sold seats.
  paidVsSoldSeatPrices: `
    SELECT abs((SELECT coalesce(sum(amount), 0) FROM payments)
             - (SELECT coalesce(sum(rs.price), 0) FROM reservation_seats rs
                  JOIN seats s ON s.id = rs.seat_id AND s.reservation_id = rs.reservation_id
                 WHERE s.status = 'SOLD'))::int AS n`,
  // Every balance is the sum of its ledger.
  balanceNotLedgerSum: `
    SELECT count(*)::int AS n FROM users u
     WHERE u.balance <> coalesce((SELECT sum(amount) FROM point_transactions t WHERE t.user_id = u.id), 0)`,
  negativeBalance: `SELECT count(*)::int AS n FROM users WHERE balance < 0`,
};

export type InvariantReport = { after: string; ok: boolean; violations: Record<string, number> };

export async function checkInvariants(pool: pg.Pool, after: string): Promise<InvariantReport> {
  const violations: Record<string, number> = {};
  for (const [name, sql] of Object.entries(CHECKS)) {
    const { rows } = await pool.query<{ n: number }>(sql);
    violations[name] = rows[0]!.n;
  }
  return { after, ok: Object.values(violations).every((n) => n === 0), violations };
}
