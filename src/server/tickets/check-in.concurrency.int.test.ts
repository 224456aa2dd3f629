import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { adminToken } from "@/test/catalog-factory";
import { createConcertWithSchedule } from "@/test/factories";
import { call } from "@/test/http";
import { useAppInstances } from "@/test/processes";
import { balancesOffLedger, paidTicket } from "@/test/refund-factory";

/**
 * Check-ins through two real app instances of the production entry on one database (and the
 * test's TICKET_SIGNING_KEY): the codes one instance hands out verify on the other, a ticket is
 * admitted exactly once however many scanners send it at the same moment, and a check-in racing
 * the fan's refund or the date's cancellation leaves one consistent outcome.
 */
const app = useTestApp();
const instances = useAppInstances(app, 2, {}, { apiOnly: true });
const via = instances.via;

async function ticket(seats: number[] = [1]) {
  const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { price: 10_000 });
  const fan = await paidTicket(via(0), concertId, scheduleIds[0]!, seats);
  const res = await call(via(1), "GET", `/reservations/${fan.reservationId}`, undefined, { token: fan.accessToken });
  expect(res.status).toBe(200);
  return { fan, scheduleId: scheduleIds[0]!, code: res.body.tickets[0].code as string };
}

const SCANNERS = 24;

describe("check-in across two instances", () => {
  it("many scanners checking the same code at once: exactly one 200, the rest 409 ALREADY_USED with the same time", async () => {
    const { code } = await ticket();
    const token = await adminToken(app);
    const answers = await Promise.all(
      Array.from({ length: SCANNERS }, (_, i) => call(via(i), "POST", "/admin/check-ins", { code }, { token })),
    );
    const admitted = answers.filter((a) => a.status === 200);
    const used = answers.filter((a) => a.status === 409);
    expect(admitted).toHaveLength(1);
    expect(used).toHaveLength(SCANNERS - 1);
    const checkedInAt = admitted[0]!.body.checkedInAt as string;
    for (const a of used) {
      expect(a.body.data.reason).toBe("ALREADY_USED");
      expect(a.body.data.usedAt).toBe(checkedInAt);
    }
    expect(await app.deps.db.checkIn.count()).toBe(1);
    expect(await app.deps.db.adminAudit.count({ where: { action: "ticket.check_in" } })).toBe(1);
  });

  it("a check-in racing the fan's refund: exactly one wins, and the state agrees with it", async () => {
    const token = await adminToken(app);
    const outcomes = new Set<string>();
    for (let round = 0; round < 8; round++) {
      const { fan, code } = await ticket();
      const [checked, refunded] = await Promise.all([
        call(via(round), "POST", "/admin/check-ins", { code }, { token }),
        call(via(round + 1), "POST", `/reservations/${fan.reservationId}/refund`, {}, { token: fan.accessToken }),
      ]);
      const reservation = await app.deps.db.reservation.findUniqueOrThrow({ where: { id: fan.reservationId } });
      const checkIns = await app.deps.db.checkIn.count({ where: { reservationId: fan.reservationId } });
      if (checked.status === 200) {
        expect(refunded.status).toBe(409);
        expect(refunded.body.data.reason).toBe("ALREADY_USED");
        expect([reservation.status, checkIns]).toEqual(["CONFIRMED", 1]);
        outcomes.add("checked in");
      } else {
        expect(checked.status).toBe(409);
        expect(checked.body.data.reason).toBe("NOT_VALID");
        expect(refunded.status).toBe(200);
        expect([reservation.status, checkIns]).toEqual(["REFUNDED", 0]);
        outcomes.add("refunded");
      }
    }
    expect(outcomes.size).toBeGreaterThan(0);
    expect(await balancesOffLedger(app.deps)).toEqual([]);
  });

  it("a check-in racing the date's cancellation: the cancellation refunds; the check-in is admitted before it or refused", async () => {
    const token = await adminToken(app);
    const { fan, scheduleId, code } = await ticket();
    const [checked, cancelled] = await Promise.all([
      call(via(0), "POST", "/admin/check-ins", { code }, { token }),
      call(via(1), "POST", `/admin/schedules/${scheduleId}/cancel`, {}, { token }),
    ]);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.refundedReservations).toBe(1);
    const checkIns = await app.deps.db.checkIn.count({ where: { reservationId: fan.reservationId } });
    if (checked.status === 200) expect(checkIns).toBe(1);
    else {
      expect([checked.status, checked.body.data.reason, checkIns]).toEqual([409, "NOT_VALID", 0]);
    }
    const again = await call(via(1), "POST", "/admin/check-ins", { code }, { token });
    expect(again.body.data.reason).toBe("NOT_VALID");
  });
});
