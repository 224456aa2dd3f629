import type { Deps } from "@/server/deps";

export type HeldReservation = { reservationId: string; totalPrice: number; expiresAt: Date };

/**
 * A HELD reservation straight into the database, as a successful hold leaves it: the reservation
 * with its seat lines, and the seats HELD by it until `expiresAt` (HOLD_TTL_SECONDS from the app's
 * clock unless `holdMs` says otherwise). Payments are tested without the hold endpoint.
 */
export async function createHeldReservation(
  deps: Pick<Deps, "db" | "clock" | "config">,
  opts: { userId: string; scheduleId: string; seatNumbers: number[]; holdMs?: number },
): Promise<HeldReservation> {
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + (opts.holdMs ?? deps.config.HOLD_TTL_SECONDS * 1000));
  return deps.db.$transaction(async (tx) => {
    const seats = await tx.seat.findMany({
      where: { scheduleId: opts.scheduleId, seatNumber: { in: opts.seatNumbers }, status: "AVAILABLE" },
      select: { id: true, seatNumber: true, price: true },
    });
    if (seats.length !== opts.seatNumbers.length) {
      throw new Error(`createHeldReservation: seats ${opts.seatNumbers.join(",")} are not all available`);
    }
    const totalPrice = seats.reduce((sum, s) => sum + s.price, 0);
    const reservation = await tx.reservation.create({
      data: {
        userId: opts.userId,
        scheduleId: opts.scheduleId,
        status: "HELD",
        totalPrice,
        expiresAt,
        createdAt: now,
        updatedAt: now,
        seats: { createMany: { data: seats.map((s) => ({ seatId: s.id, seatNumber: s.seatNumber, price: s.price })) } },
      },
      select: { id: true },
    });
    await tx.seat.updateMany({
      where: { id: { in: seats.map((s) => s.id) } },
      data: { status: "HELD", reservationId: reservation.id, heldUntil: expiresAt },
    });
    return { reservationId: reservation.id, totalPrice, expiresAt };
  });
}
