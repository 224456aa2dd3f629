import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { adminToken, holdSeats, storedSeats } from "@/test/catalog-factory";
import { admittedUser, createConcertWithSchedule } from "@/test/factories";
import { call } from "@/test/http";
import { paidTicket } from "@/test/refund-factory";

const app = useTestApp();

const patch = async (path: string, body: object) => call(app, "PATCH", path, body, { token: await adminToken(app) });

describe("PATCH /admin/concerts/{concertId}", () => {
  it("changes the fields given, answers the concert as GET does, and audits before and after", async () => {
    const { concertId } = await createConcertWithSchedule(app.deps);
    const res = await patch(`/admin/concerts/${concertId}`, { title: "  New Title ", venue: "Hall B" });
    expect(res.status).toBe(200);
    const got = await call(app, "GET", `/concerts/${concertId}`);
    expect(res.body).toEqual(got.body);
    expect(res.body).toMatchObject({ title: "New Title", artist: "Test Artist", venue: "Hall B" });
    const [entry] = await app.deps.db.adminAudit.findMany({ where: { action: "concert.update" } });
    expect(entry).toMatchObject({
      targetId: concertId,
      before: { title: "Test Concert", venue: "Test Hall" },
      after: { title: "New Title", venue: "Hall B" },
    });
  });

  it("400 for no field or a control character, 404 for an unknown concert", async () => {
    const { concertId } = await createConcertWithSchedule(app.deps);
    expect((await patch(`/admin/concerts/${concertId}`, {})).status).toBe(400);
    const bad = await patch(`/admin/concerts/${concertId}`, { title: "a\u0007b" });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([expect.objectContaining({ path: "title" })]);
    expect((await patch(`/admin/concerts/00000000-0000-4000-8000-000000000000`, { title: "X" })).status).toBe(404);
  });
});

describe("PATCH /admin/schedules/{scheduleId}", () => {
  it("moves the start and the window, reprices the unsold seats only, and audits", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { seatCount: 10, price: 10_000 });
    const date = scheduleIds[0]!;
    await paidTicket(app, concertId, date, [1]);
    const startsAt = new Date(app.clock.now().getTime() + 10 * 86_400_000).toISOString();
    const res = await patch(`/admin/schedules/${date}`, { startsAt, price: 12_000 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ scheduleId: date, concertId, startsAt, totalSeats: 10, price: 12_000 });
    expect(res.body.availableSeats).toBe(9);
    const seats = await app.deps.db.seat.findMany({ where: { scheduleId: date }, orderBy: { seatNumber: "asc" } });
    expect(seats.map((s) => s.price)).toEqual([10_000, ...Array.from({ length: 9 }, () => 12_000)]);
    const [entry] = await app.deps.db.adminAudit.findMany({ where: { action: "schedule.update" } });
    expect(entry).toMatchObject({ before: { price: 10_000 }, after: { price: 12_000, startsAt } });
  });

  it("a window that closes after the start is 400, and nothing changes", async () => {
    const { scheduleIds } = await createConcertWithSchedule(app.deps);
    const before = await app.deps.db.schedule.findUniqueOrThrow({ where: { id: scheduleIds[0] } });
    const late = new Date(before.startsAt.getTime() + 3_600_000).toISOString();
    const res = await patch(`/admin/schedules/${scheduleIds[0]}`, { bookingClosesAt: late });
    expect(res.status).toBe(400);
    expect(await app.deps.db.schedule.findUniqueOrThrow({ where: { id: scheduleIds[0] } })).toEqual(before);
  });

  it("grows by appending seats that can be booked at once", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { seatCount: 10 });
    const date = scheduleIds[0]!;
    const res = await patch(`/admin/schedules/${date}`, { seatCount: 12 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalSeats: 12, availableSeats: 12 });
    expect((await storedSeats(app.deps, date)).map((s) => s.seatNumber)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    const fan = await admittedUser(app, concertId);
    expect((await holdSeats(app, fan, date, [12])).status).toBe(201);
  });

  it("never shrinks below a sold or held seat (409 naming it), and shrinks over free seats", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { seatCount: 10 });
    const date = scheduleIds[0]!;
    await paidTicket(app, concertId, date, [6]);
    const fan = await admittedUser(app, concertId);
    expect((await holdSeats(app, fan, date, [8])).status).toBe(201);

    const sold = await patch(`/admin/schedules/${date}`, { seatCount: 5 });
    expect(sold.status).toBe(409);
    expect(sold.body.message).toContain("Seat 6 is sold");
    const held = await patch(`/admin/schedules/${date}`, { seatCount: 7 });
    expect(held.status).toBe(409);
    expect(held.body.message).toContain("Seat 8 is held");
    expect((await storedSeats(app.deps, date)).length).toBe(10);

    const ok = await patch(`/admin/schedules/${date}`, { seatCount: 8 });
    expect(ok.status).toBe(200);
    expect(ok.body.totalSeats).toBe(8);
    expect((await storedSeats(app.deps, date)).length).toBe(8);
  });

  it("a cancelled date: 409 ALREADY_CANCELLED; an unknown one: 404", async () => {
    const { scheduleIds } = await createConcertWithSchedule(app.deps, { schedules: 2 });
    const token = await adminToken(app);
    expect((await call(app, "POST", `/admin/schedules/${scheduleIds[0]}/cancel`, {}, { token })).status).toBe(200);
    const res = await patch(`/admin/schedules/${scheduleIds[0]}`, { price: 1 });
    expect(res.status).toBe(409);
    expect(res.body.data.reason).toBe("ALREADY_CANCELLED");
    expect((await patch(`/admin/schedules/00000000-0000-4000-8000-000000000000`, { price: 1 })).status).toBe(404);
  });
});
