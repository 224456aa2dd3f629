import type { Deps } from "@/server/deps";
import type { TestApp } from "./app";
import { call } from "./http";

type Holder = { accessToken: string; queueToken: string };

/** POST /reservations as `user`. */
export function holdSeats(app: Pick<TestApp, "url">, user: Holder, scheduleId: string, seatNumbers: number[]) {
  return call(
    app,
    "POST",
    "/reservations",
    { scheduleId, seatNumbers },
    { token: user.accessToken, queueToken: user.queueToken },
  );
}

/** A fresh admin token for the app's ADMIN_PASSWORD. */
export async function adminToken(app: Pick<TestApp, "url" | "config">): Promise<string> {
  const res = await call(app, "POST", "/admin/session", { password: app.config.ADMIN_PASSWORD });
  if (res.status !== 200) throw new Error(`adminToken: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.adminToken;
}

/**
 * What a completed payment leaves behind, written straight into the database (the payments
 * domain is tested on its own): reservation CONFIRMED, its seats SOLD, one payment row.
 */
export async function markPaid(deps: Pick<Deps, "db">, reservationId: string): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    const r = await tx.reservation.update({ where: { id: reservationId }, data: { status: "CONFIRMED" } });
    await tx.seat.updateMany({
      where: { reservationId, status: "HELD" },
      data: { status: "SOLD", heldUntil: null },
    });
    await tx.payment.create({ data: { reservationId, userId: r.userId, amount: r.totalPrice } });
  });
}

/** The stored seat rows of a date, by seat number. */
export function storedSeats(deps: Pick<Deps, "db">, scheduleId: string) {
  return deps.db.seat.findMany({
    where: { scheduleId },
    orderBy: { seatNumber: "asc" },
    select: { seatNumber: true, status: true, reservationId: true, heldUntil: true },
  });
}

/** A schedule of `concertId` with a booking window of the test's choosing, straight into the database. */
export async function createScheduleAt(
  deps: Pick<Deps, "db">,
  concertId: string,
  at: { startsAt: Date; bookingOpensAt: Date; bookingClosesAt: Date },
  seatCount = 10,
  price = 10_000,
): Promise<string> {
  const schedule = await deps.db.schedule.create({
    data: {
      concertId,
      ...at,
      totalSeats: seatCount,
      price,
      seats: {
        createMany: {
          data: Array.from({ length: seatCount }, (_, n) => ({ seatNumber: n + 1, grade: "STANDARD", price })),
        },
      },
      sections: { create: { name: "STANDARD", fromSeat: 1, toSeat: seatCount, price } },
    },
  });
  return schedule.id;
}
