import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { HotPath } from "@/server/infra/db";
import { useTestApp } from "@/test/app";
import { adminToken } from "@/test/catalog-factory";
import { createConcertWithSchedule } from "@/test/factories";
import { call } from "@/test/http";
import { useAppInstances, type Instances } from "@/test/processes";
import { balancesOffLedger, heldTicket, paidTicket, pay, seatsSoldOnCancelledDates } from "@/test/refund-factory";

/**
 * Cancellations, payments and fans' refunds racing through two real app instances on one database
 * and one Redis, each instance on another hot path (DATABASE_HOT_PATH), so that every mode's holds
 * and payments must respect a cancellation made through the other.
 */
const app = useTestApp();

function usePair(modes: [HotPath, HotPath]): Instances {
  const groups = modes.map((mode) => useAppInstances(app, 1, { DATABASE_HOT_PATH: mode }, { apiOnly: true }));
  return { list: [], via: (i) => groups[i % 2]!.list[0]! };
}

const FANS = 12;

describe.each([[["batch", "prisma"]], [["optimistic", "batch"]]] as [[HotPath, HotPath]][])(
  "two instances (%j)",
  (modes) => {
    const instances = usePair(modes);
    const via = instances.via;

    it("a cancellation racing with payments: each payment refunded or refused, no seat sold, balances = ledger", async () => {
      const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { seatCount: 50, price: 10_000 });
      const date = scheduleIds[0]!;
      const fans = [];
      for (let i = 0; i < FANS; i++) fans.push(await heldTicket(app, concertId, date, [i + 1]));
      const token = await adminToken(app);

      // The payments spread over the cancellation's time, so that some land before it and some after.
      const cancel = call(via(FANS), "POST", `/admin/schedules/${date}/cancel`, {}, { token });
      const payments = fans.map((f, i) => sleep(i * 10).then(() => pay(via(i), f)));
      const [cancelled, ...paid] = await Promise.all([cancel, ...payments]);

      expect(cancelled.status).toBe(200);
      const completed = paid.filter((r) => r.status === 201).length;
      expect(completed + paid.filter((r) => r.status === 409).length).toBe(FANS);
      expect(cancelled.body).toEqual({ refundedReservations: completed, refundedAmount: completed * 10_000 });
      const statuses = await app.deps.db.reservation.findMany({
        where: { scheduleId: date },
        select: { status: true },
      });
      expect(statuses.filter((r) => r.status === "REFUNDED")).toHaveLength(completed);
      expect(statuses.filter((r) => r.status === "CANCELLED")).toHaveLength(FANS - completed);
      expect(await app.deps.db.pointTransaction.count({ where: { type: "REFUND" } })).toBe(completed);
      expect(await seatsSoldOnCancelledDates(app.deps)).toBe(0);
      expect(await balancesOffLedger(app.deps)).toEqual([]);
      const balances = await app.deps.db.user.findMany({ select: { balance: true } });
      expect(balances.every((u) => u.balance === 100_000)).toBe(true);
    });

    it("two cancels of one date at once: one 200, one 409, refunded once", async () => {
      const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { price: 10_000 });
      const date = scheduleIds[0]!;
      const a = await paidTicket(app, concertId, date, [1, 2]);
      const b = await paidTicket(app, concertId, date, [3]);
      const token = await adminToken(app);
      const results = await Promise.all(
        [0, 1].map((i) => call(via(i), "POST", `/admin/schedules/${date}/cancel`, {}, { token })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 200)!.body).toEqual({ refundedReservations: 2, refundedAmount: 30_000 });
      expect(results.find((r) => r.status === 409)!.body.data.reason).toBe("ALREADY_CANCELLED");
      expect(await app.deps.db.pointTransaction.count({ where: { type: "REFUND" } })).toBe(2);
      for (const fan of [a, b]) {
        expect((await app.deps.db.user.findUniqueOrThrow({ where: { id: fan.userId } })).balance).toBe(100_000);
      }
      expect(await app.deps.db.adminAudit.count({ where: { action: "schedule.cancel" } })).toBe(1);
      expect(await balancesOffLedger(app.deps)).toEqual([]);
    });

    it("a fan's refund racing with the date's cancellation: refunded once", async () => {
      const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { price: 10_000 });
      const date = scheduleIds[0]!;
      const fan = await paidTicket(app, concertId, date, [1]);
      const token = await adminToken(app);
      const [given, cancelled] = await Promise.all([
        call(via(0), "POST", `/reservations/${fan.reservationId}/refund`, {}, { token: fan.accessToken }),
        call(via(1), "POST", `/admin/schedules/${date}/cancel`, {}, { token }),
      ]);
      expect(cancelled.status).toBe(200);
      // Whichever came second found the ticket refunded already.
      const byFan = given.status === 200 ? 1 : 0;
      if (!byFan) expect(given.body.data.reason).toBe("ALREADY_ENDED");
      expect(byFan + cancelled.body.refundedReservations).toBe(1);
      expect(await app.deps.db.pointTransaction.count({ where: { type: "REFUND" } })).toBe(1);
      expect((await app.deps.db.user.findUniqueOrThrow({ where: { id: fan.userId } })).balance).toBe(100_000);
      expect(await balancesOffLedger(app.deps)).toEqual([]);
    });
  },
);
