import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { compactVerify, importJWK, type JWK } from "jose";
import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { adminToken } from "@/test/catalog-factory";
import { createConcertWithSchedule } from "@/test/factories";
import { call } from "@/test/http";
import { balancesOffLedger, heldTicket, paidTicket, type PaidTicket } from "@/test/refund-factory";
import { stateFingerprint } from "@/test/state";
import { signTicket } from "./ticket-codes";
import { ticketKeys } from "./ticket-keys";

const app = useTestApp();

type Ticket = { seatNumber: number; code: string; status: string; usedAt: string | null };

async function ticketsOf(fan: Pick<PaidTicket, "accessToken" | "reservationId">): Promise<Ticket[]> {
  const res = await call(app, "GET", `/reservations/${fan.reservationId}`, undefined, { token: fan.accessToken });
  expect(res.status).toBe(200);
  return res.body.tickets;
}

function checkIn(code: string, token: string) {
  return call(app, "POST", "/admin/check-ins", { code }, { token });
}

async function paidFan(seats = [1, 2]) {
  const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { price: 10_000 });
  const fan = await paidTicket(app, concertId, scheduleIds[0]!, seats);
  return { concertId, scheduleId: scheduleIds[0]!, fan, tickets: await ticketsOf(fan) };
}

describe("the public key", () => {
  it("is served to anyone as a cacheable Ed25519 JWK", async () => {
    const res = await call(app, "GET", "/tickets/public-key");
    expect(res.status).toBe(200);
    expect(res.body).toEqual(app.deps.tickets.jwk);
    expect(res.body).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig" });
    expect(Object.keys(res.body).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x"]);
    expect(res.headers.get("cache-control")).toMatch(/public, max-age=\d+/);
  });
});

describe("tickets of a reservation", () => {
  it("one per paid seat, each a code that verifies with jose against the served key and names the ticket", async () => {
    const { concertId, scheduleId, fan, tickets } = await paidFan([3, 1]);
    expect(tickets.map((t) => [t.seatNumber, t.status, t.usedAt])).toEqual([
      [1, "VALID", null],
      [3, "VALID", null],
    ]);
    const jwk = (await call(app, "GET", "/tickets/public-key")).body as JWK;
    const key = await importJWK(jwk, "EdDSA");
    for (const t of tickets) {
      const { payload, protectedHeader } = await compactVerify(t.code, key);
      expect(protectedHeader).toMatchObject({ alg: "EdDSA", kid: jwk.kid });
      expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({
        rid: fan.reservationId,
        sid: scheduleId,
        cid: concertId,
        seat: t.seatNumber,
      });
    }
    // Signed on each read, the same every time; every existing field is still there.
    const again = await call(app, "GET", `/reservations/${fan.reservationId}`, undefined, { token: fan.accessToken });
    expect(again.body.tickets).toEqual(tickets);
    expect(again.body).toMatchObject({ reservationId: fan.reservationId, status: "CONFIRMED", dateCancelled: false });
    expect(again.body.seats).toHaveLength(2);
  });

  it("none for an unpaid reservation", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps);
    const fan = await heldTicket(app, concertId, scheduleIds[0]!, [5]);
    expect(await ticketsOf(fan)).toEqual([]);
  });
});

describe("check-in", () => {
  it("admits a valid ticket once; a second check-in is 409 ALREADY_USED with the time of the first", async () => {
    const { concertId, scheduleId, fan, tickets } = await paidFan();
    const token = await adminToken(app);
    const first = await checkIn(tickets[0]!.code, token);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      status: "ADMITTED",
      reservationId: fan.reservationId,
      seatNumber: 1,
      scheduleId,
      concertId,
      title: "Test Concert",
      startsAt: expect.any(String),
      checkedInAt: expect.any(String),
    });
    const second = await checkIn(` ${tickets[0]!.code}\n`, token);
    expect(second.status).toBe(409);
    expect(second.body.data).toMatchObject({ reason: "ALREADY_USED", usedAt: first.body.checkedInAt });
    expect(second.body.message).toBe(`Already used at ${first.body.checkedInAt}`);

    const now = await ticketsOf(fan);
    expect(now.map((t) => [t.seatNumber, t.status, t.usedAt])).toEqual([
      [1, "USED", first.body.checkedInAt],
      [2, "VALID", null],
    ]);
    expect(now.map((t) => t.code)).toEqual(tickets.map((t) => t.code));
    // The other seat of the booking is a ticket of its own.
    expect((await checkIn(tickets[1]!.code, token)).status).toBe(200);
    const audit = await app.deps.db.adminAudit.findMany({
      where: { action: "ticket.check_in" },
      orderBy: { at: "asc" },
    });
    expect(audit.map((a) => [a.actor, a.targetId, (a.after as { seatNumber: number }).seatNumber])).toEqual([
      ["owner", fan.reservationId, 1],
      ["owner", fan.reservationId, 2],
    ]);
    const rows = await app.deps.db.checkIn.findMany({ orderBy: { seatNumber: "asc" } });
    expect(rows.map((r) => [r.seatNumber, r.checkedInBy])).toEqual([
      [1, "owner"],
      [2, "owner"],
    ]);
  });

  it("refuses a ticket given back, or of a cancelled date, with 409 NOT_VALID", async () => {
    const given = await paidFan([1]);
    const refund = await call(
      app,
      "POST",
      `/reservations/${given.fan.reservationId}/refund`,
      {},
      {
        token: given.fan.accessToken,
      },
    );
    expect(refund.status).toBe(200);
    const token = await adminToken(app);
    const refused = await checkIn(given.tickets[0]!.code, token);
    expect(refused.status).toBe(409);
    expect(refused.body.data.reason).toBe("NOT_VALID");
    expect(refused.body.message).toMatch(/refunded/);
    expect((await ticketsOf(given.fan)).map((t) => t.status)).toEqual(["REFUNDED"]);

    const cancelled = await paidFan([1]);
    expect((await call(app, "POST", `/admin/schedules/${cancelled.scheduleId}/cancel`, {}, { token })).status).toBe(
      200,
    );
    const onCancelled = await checkIn(cancelled.tickets[0]!.code, token);
    expect(onCancelled.status).toBe(409);
    expect(onCancelled.body.data.reason).toBe("NOT_VALID");
    expect(onCancelled.body.message).toMatch(/cancelled/);
    expect(await app.deps.db.checkIn.count()).toBe(0);
  });

  it("a seat given back and bought again is a new ticket: the new code admits, the old one stays refused", async () => {
    const { concertId, scheduleId, fan, tickets } = await paidFan([4]);
    const refund = await call(app, "POST", `/reservations/${fan.reservationId}/refund`, {}, { token: fan.accessToken });
    expect(refund.status).toBe(200);
    const next = await paidTicket(app, concertId, scheduleId, [4]);
    const [newTicket] = await ticketsOf(next);
    expect(newTicket!.code).not.toBe(tickets[0]!.code);
    const token = await adminToken(app);
    expect((await checkIn(newTicket!.code, token)).status).toBe(200);
    const old = await checkIn(tickets[0]!.code, token);
    expect([old.status, old.body.data.reason]).toEqual([409, "NOT_VALID"]);
  });

  it("a checked-in ticket can no longer be given back by the fan; a cancellation of the date still refunds it", async () => {
    const { scheduleId, fan, tickets } = await paidFan([1, 2]);
    const token = await adminToken(app);
    expect((await checkIn(tickets[0]!.code, token)).status).toBe(200);
    const before = await app.deps.db.user.findUniqueOrThrow({ where: { id: fan.userId } });
    const refund = await call(app, "POST", `/reservations/${fan.reservationId}/refund`, {}, { token: fan.accessToken });
    expect(refund.status).toBe(409);
    expect(refund.body.data.reason).toBe("ALREADY_USED");
    expect(refund.body.message).toMatch(/checked in/);
    expect((await app.deps.db.user.findUniqueOrThrow({ where: { id: fan.userId } })).balance).toBe(before.balance);

    const cancelled = await call(app, "POST", `/admin/schedules/${scheduleId}/cancel`, {}, { token });
    expect(cancelled.body).toEqual({ refundedReservations: 1, refundedAmount: 20_000 });
    expect((await ticketsOf(fan)).map((t) => t.status)).toEqual(["REFUNDED", "REFUNDED"]);
    expect(await balancesOffLedger(app.deps)).toEqual([]);
  });

  it("answers 400 INVALID_TICKET, changing nothing, for any single-byte change of a code (property)", async () => {
    const { tickets } = await paidFan([1]);
    const code = tickets[0]!.code;
    const token = await adminToken(app);
    const before = await stateFingerprint(app);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: code.length - 1 }), fc.integer({ min: 0x21, max: 0xff }), async (i, byte) => {
        const altered = code.slice(0, i) + String.fromCharCode(byte) + code.slice(i + 1);
        fc.pre(altered !== code);
        const res = await checkIn(altered, token);
        expect(res.status, altered).toBe(400);
        expect(res.body.data.reason).toBe("INVALID_TICKET");
      }),
      { numRuns: 150 },
    );
    expect(await stateFingerprint(app)).toEqual(before);
  });

  it("answers 400 for codes signed by another key, malformed codes and an empty one", async () => {
    const { concertId, scheduleId, fan } = await paidFan([1]);
    const token = await adminToken(app);
    const other = ticketKeys(randomBytes(32).toString("base64url"));
    const forged = signTicket(other, { rid: fan.reservationId, sid: scheduleId, cid: concertId, seat: 1, iat: 0 });
    for (const code of [forged, "not-a-ticket", "a.b.c", fan.accessToken, await adminToken(app)]) {
      const res = await checkIn(code, token);
      expect(res.status, code).toBe(400);
      expect(res.body.data.reason).toBe("INVALID_TICKET");
    }
    const empty = await checkIn("  ", token);
    expect(empty.status).toBe(400);
    expect(empty.body.issues[0].path).toBe("code");
    expect(await app.deps.db.checkIn.count()).toBe(0);
  });

  it("is for staff only: 401 without a token, 403 with a fan's", async () => {
    const { fan, tickets } = await paidFan([1]);
    expect((await checkIn(tickets[0]!.code, "")).status).toBe(401);
    const asFan = await checkIn(tickets[0]!.code, fan.accessToken);
    expect(asFan.status).toBe(403);
    expect(await app.deps.db.checkIn.count()).toBe(0);
  });
});
