import type { Deps } from "@/server/deps";
import type { TestApp } from "./app";
import { holdSeats } from "./catalog-factory";
import { admittedUser } from "./factories";
import { call } from "./http";

export type PaidTicket = {
  userId: string;
  accessToken: string;
  queueToken: string;
  reservationId: string;
  amount: number;
};

/** A fan let in, charged `charge` points, holding `seats` of the date: their hold, unpaid. */
export async function heldTicket(
  app: Pick<TestApp, "url">,
  concertId: string,
  scheduleId: string,
  seats: number[],
  charge = 100_000,
) {
  const fan = await admittedUser(app, concertId);
  const charged = await call(app, "POST", "/points/charge", { amount: charge }, { token: fan.accessToken });
  if (charged.status !== 200) throw new Error(`charge: ${charged.status} ${JSON.stringify(charged.body)}`);
  const held = await holdSeats(app, fan, scheduleId, seats);
  if (held.status !== 201) throw new Error(`hold: ${held.status} ${JSON.stringify(held.body)}`);
  return { ...fan, reservationId: held.body.reservationId as string, amount: held.body.totalPrice as number };
}

/** POST /payments for a held ticket. */
export function pay(app: Pick<TestApp, "url">, t: { accessToken: string; queueToken: string; reservationId: string }) {
  return call(
    app,
    "POST",
    "/payments",
    { reservationId: t.reservationId },
    { token: t.accessToken, queueToken: t.queueToken },
  );
}

/** A fan's paid ticket for `seats` of the date, through the API. */
export async function paidTicket(
  app: Pick<TestApp, "url">,
  concertId: string,
  scheduleId: string,
  seats: number[],
  charge?: number,
): Promise<PaidTicket> {
  const t = await heldTicket(app, concertId, scheduleId, seats, charge);
  const paid = await pay(app, t);
  if (paid.status !== 201) throw new Error(`pay: ${paid.status} ${JSON.stringify(paid.body)}`);
  return t;
}

/** Users whose balance is not the sum of their ledger rows (none, when points are sound). */
export function balancesOffLedger(deps: Pick<Deps, "db">) {
  return deps.db.$queryRaw<{ id: string }[]>`
    SELECT u.id FROM users u
     WHERE u.balance <> (SELECT coalesce(sum(amount), 0) FROM point_transactions t WHERE t.user_id = u.id)`;
}

/** Seats SOLD on cancelled dates (none, when a cancellation holds). */
export async function seatsSoldOnCancelledDates(deps: Pick<Deps, "db">): Promise<number> {
  return deps.db.seat.count({ where: { status: "SOLD", schedule: { cancelledAt: { not: null } } } });
}
