import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { adminToken, holdSeats, storedSeats } from "@/test/catalog-factory";
import { admittedUser, createConcertWithSchedule } from "@/test/factories";
import { call } from "@/test/http";
import { balancesOffLedger, heldTicket, paidTicket, pay } from "@/test/refund-factory";

const app = useTestApp({ REFUND_CUTOFF_HOURS: 24 });

const refund = (t: { accessToken: string; reservationId: string }) =>
  call(app, "POST", `/reservations/${t.reservationId}/refund`, {}, { token: t.accessToken });

async function balanceOf(userId: string): Promise<number> {
  return (await app.deps.db.user.findUniqueOrThrow({ where: { id: userId } })).balance;
}

describe("a fan gives back a paid ticket", () => {
  it("before the cutoff: 200 REFUNDED, the points back with a REFUND row linked to the payment, the seats free", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { price: 10_000 });
    const t = await paidTicket(app, concertId, scheduleIds[0]!, [3, 4]);
    expect(await balanceOf(t.userId)).toBe(80_000);

    const res = await refund(t);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ reservationId: t.reservationId, status: "REFUNDED", dateCancelled: false });
    expect(await balanceOf(t.userId)).toBe(100_000);
    const payment = await app.deps.db.payment.findUniqueOrThrow({ where: { reservationId: t.reservationId } });
    const refunds = await app.deps.db.pointTransaction.findMany({ where: { userId: t.userId, type: "REFUND" } });
    expect(refunds).toEqual([
      expect.objectContaining({ amount: 20_000, balanceAfter: 100_000, paymentId: payment.id }),
    ]);
    const seats = (await storedSeats(app.deps, scheduleIds[0]!)).filter((s) => [3, 4].includes(s.seatNumber));
    expect(seats.map((s) => [s.status, s.reservationId])).toEqual([
      ["AVAILABLE", null],
      ["AVAILABLE", null],
    ]);
    expect(await balancesOffLedger(app.deps)).toEqual([]);

    // The seat is on sale again at once.
    const next = await admittedUser(app, concertId);
    expect((await holdSeats(app, next, scheduleIds[0]!, [3])).status).toBe(201);
  });

  it("a second refund of the same ticket is 409 ALREADY_ENDED and gives nothing back", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps);
    const t = await paidTicket(app, concertId, scheduleIds[0]!, [1]);
    expect((await refund(t)).status).toBe(200);
    const again = await refund(t);
    expect(again.status).toBe(409);
    expect(again.body.data.reason).toBe("ALREADY_ENDED");
    expect(await app.deps.db.pointTransaction.count({ where: { type: "REFUND" } })).toBe(1);
    expect(await balanceOf(t.userId)).toBe(100_000);
  });

  it("retries at once: exactly one 200, the rest 409, refunded once", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps);
    const t = await paidTicket(app, concertId, scheduleIds[0]!, [1]);
    const results = await Promise.all(Array.from({ length: 8 }, () => refund(t)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    expect(await app.deps.db.pointTransaction.count({ where: { type: "REFUND" } })).toBe(1);
    expect(await balanceOf(t.userId)).toBe(100_000);
  });

  it("after the cutoff: 409 REFUND_CLOSED naming the cutoff, nothing changes", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { startsInHours: 30 });
    const t = await paidTicket(app, concertId, scheduleIds[0]!, [1]);
    app.clock.advance(7 * 3_600_000);
    const res = await refund(t);
    expect(res.status).toBe(409);
    expect(res.body.data.reason).toBe("REFUND_CLOSED");
    expect(res.body.message).toContain("24 hours before the show");
    expect(await balanceOf(t.userId)).toBe(90_000);
    expect((await app.deps.db.reservation.findUniqueOrThrow({ where: { id: t.reservationId } })).status).toBe(
      "CONFIRMED",
    );
  });

  it("someone else's ticket or an unknown one: 404; an unpaid hold: 409 NOT_PAID", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps);
    const t = await paidTicket(app, concertId, scheduleIds[0]!, [1]);
    const other = await admittedUser(app, concertId);
    expect((await refund({ accessToken: other.accessToken, reservationId: t.reservationId })).status).toBe(404);
    expect(
      (await refund({ accessToken: t.accessToken, reservationId: "00000000-0000-4000-8000-000000000000" })).status,
    ).toBe(404);
    const held = await heldTicket(app, concertId, scheduleIds[0]!, [2]);
    const res = await refund(held);
    expect(res.status).toBe(409);
    expect(res.body.data.reason).toBe("NOT_PAID");
  });
});

describe("staff cancel a date or a concert", () => {
  it("a date: refunds every paid ticket in full, ends live holds, audits, and a second cancel is 409", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { schedules: 2, price: 10_000 });
    const [date, other] = scheduleIds as [string, string];
    const a = await paidTicket(app, concertId, date, [1, 2]);
    const b = await paidTicket(app, concertId, date, [3]);
    const keep = await paidTicket(app, concertId, other, [1]);
    const holder = await heldTicket(app, concertId, date, [9]);
    const token = await adminToken(app);

    const res = await call(app, "POST", `/admin/schedules/${date}/cancel`, {}, { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ refundedReservations: 2, refundedAmount: 30_000 });
    expect(await balanceOf(a.userId)).toBe(100_000);
    expect(await balanceOf(b.userId)).toBe(100_000);
    expect(await balanceOf(keep.userId)).toBe(90_000);
    const statuses = await app.deps.db.reservation.findMany({ where: { scheduleId: date }, orderBy: { id: "asc" } });
    expect(statuses.map((r) => r.status).sort()).toEqual(["CANCELLED", "REFUNDED", "REFUNDED"]);
    expect((await storedSeats(app.deps, date)).every((s) => s.status === "AVAILABLE" && !s.reservationId)).toBe(true);
    expect(await balancesOffLedger(app.deps)).toEqual([]);

    const audit = await app.deps.db.adminAudit.findMany({ where: { action: "schedule.cancel" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetType: "schedule", targetId: date });
    expect(audit[0]!.after).toMatchObject({ refundedReservations: 2, refundedAmount: 30_000, lineClosed: false });
    const stats = await call(app, "GET", "/admin/stats", undefined, { token });
    const shown = stats.body.concerts.find((c: { concertId: string }) => c.concertId === concertId);
    expect(shown.cancelled).toBe(false);
    expect(
      Object.fromEntries(
        shown.schedules.map((d: { scheduleId: string; cancelled: boolean }) => [d.scheduleId, d.cancelled]),
      ),
    ).toEqual({
      [date]: true,
      [other]: false,
    });

    const again = await call(app, "POST", `/admin/schedules/${date}/cancel`, {}, { token });
    expect(again.status).toBe(409);
    expect(again.body.data.reason).toBe("ALREADY_CANCELLED");
    expect(await app.deps.db.pointTransaction.count({ where: { type: "REFUND" } })).toBe(2);

    // The fans see it; the date can no longer be held or paid.
    const seen = await call(app, "GET", `/reservations/${a.reservationId}`, undefined, { token: a.accessToken });
    expect(seen.body).toMatchObject({ status: "REFUNDED", dateCancelled: true });
    const late = await holdSeats(app, holder, date, [10]);
    expect(late.status).toBe(409);
    expect(late.body.data.reason).toBe("BOOKING_CLOSED");
    const unpaid = await pay(app, holder);
    expect(unpaid.status).toBe(409);
    // The concert's other date stays on sale, and its line open.
    const line = await app.deps.db.concert.findUniqueOrThrow({ where: { id: concertId } });
    expect(line.queueClosed).toBe(false);
    const open = await call(app, "GET", `/concerts/${concertId}/schedules`, undefined, {
      token: holder.accessToken,
      queueToken: holder.queueToken,
    });
    expect(open.body.items.map((d: { scheduleId: string }) => d.scheduleId)).toEqual([other]);
  });

  it("the last date left: the concert's line closes", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps);
    const token = await adminToken(app);
    const res = await call(app, "POST", `/admin/schedules/${scheduleIds[0]}/cancel`, {}, { token });
    expect(res.body).toEqual({ refundedReservations: 0, refundedAmount: 0 });
    expect((await app.deps.db.concert.findUniqueOrThrow({ where: { id: concertId } })).queueClosed).toBe(true);
  });

  it("a whole concert: every date cancelled, its paid tickets refunded, its line closed; again is 409", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { schedules: 2, price: 10_000 });
    const a = await paidTicket(app, concertId, scheduleIds[0]!, [1]);
    const b = await paidTicket(app, concertId, scheduleIds[1]!, [1, 2]);
    const token = await adminToken(app);
    const res = await call(app, "POST", `/admin/concerts/${concertId}/cancel`, {}, { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ refundedReservations: 2, refundedAmount: 30_000 });
    expect(await balanceOf(a.userId)).toBe(100_000);
    expect(await balanceOf(b.userId)).toBe(100_000);
    const concert = await app.deps.db.concert.findUniqueOrThrow({ where: { id: concertId } });
    expect(concert.queueClosed).toBe(true);
    expect(concert.cancelledAt).not.toBeNull();
    expect(await app.deps.db.schedule.count({ where: { concertId, cancelledAt: null } })).toBe(0);
    const stats = await call(app, "GET", "/admin/stats", undefined, { token });
    const shown = stats.body.concerts.find((c: { concertId: string }) => c.concertId === concertId);
    expect(shown.cancelled).toBe(true);
    expect(shown.schedules.map((d: { cancelled: boolean }) => d.cancelled)).toEqual([true, true]);
    const again = await call(app, "POST", `/admin/concerts/${concertId}/cancel`, {}, { token });
    expect(again.status).toBe(409);
    expect(await app.deps.db.pointTransaction.count({ where: { type: "REFUND" } })).toBe(2);
    const dateAgain = await call(app, "POST", `/admin/schedules/${scheduleIds[0]}/cancel`, {}, { token });
    expect(dateAgain.status).toBe(409);
  });

  it("gives back what was paid even above MAX_BALANCE; charges then stop at the cap", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { price: 10_000 });
    const t = await paidTicket(app, concertId, scheduleIds[0]!, [1, 2]);
    const cap = app.config.MAX_BALANCE;
    const fill = await call(app, "POST", "/points/charge", { amount: 1_000_000 }, { token: t.accessToken });
    expect(fill.status).toBe(200);
    await app.deps.db.$executeRaw`
      INSERT INTO point_transactions (user_id, type, amount, balance_after, created_at)
      SELECT id, 'CHARGE', ${cap} - balance, ${cap}, now() FROM users WHERE id = ${t.userId}::uuid`;
    await app.deps.db.user.update({ where: { id: t.userId }, data: { balance: cap } });

    const token = await adminToken(app);
    const res = await call(app, "POST", `/admin/schedules/${scheduleIds[0]}/cancel`, {}, { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ refundedReservations: 1, refundedAmount: 20_000 });
    expect(await balanceOf(t.userId)).toBe(cap + 20_000);
    const more = await call(app, "POST", "/points/charge", { amount: 1 }, { token: t.accessToken });
    expect(more.status).toBe(422);
    expect(await balancesOffLedger(app.deps)).toEqual([]);
  });

  it("unknown date or concert: 404; a fan's token: 403", async () => {
    const token = await adminToken(app);
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await call(app, "POST", `/admin/schedules/${unknown}/cancel`, {}, { token })).status).toBe(404);
    expect((await call(app, "POST", `/admin/concerts/${unknown}/cancel`, {}, { token })).status).toBe(404);
    const { concertId } = await createConcertWithSchedule(app.deps);
    const fan = await admittedUser(app, concertId);
    const res = await call(app, "POST", `/admin/concerts/${concertId}/cancel`, {}, { token: fan.accessToken });
    expect(res.status).toBe(403);
  });
});
