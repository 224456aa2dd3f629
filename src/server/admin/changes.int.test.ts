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

describe("PATCH /admin/schedules/{scheduleId} and sections", () => {
  const THREE = [
    { name: "VIP", fromSeat: 1, toSeat: 4, price: 150_000 },
    { name: "R", fromSeat: 5, toSeat: 8, price: 110_000 },
    { name: "S", fromSeat: 9, toSeat: 10, price: 80_000 },
  ];
  const seatsOf = async (scheduleId: string) =>
    (await app.deps.db.seat.findMany({ where: { scheduleId }, orderBy: { seatNumber: "asc" } })).map(
      (s) => `${s.seatNumber}:${s.grade}:${s.price}`,
    );

  it("new sections re-price and re-name the unsold seats; a sold seat keeps its price; audited", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { sections: THREE });
    const date = scheduleIds[0]!;
    await paidTicket(app, concertId, date, [2], 150_000);
    const sections = [
      { name: "VIP", fromSeat: 1, toSeat: 2, price: 200_000 },
      { name: "R", fromSeat: 3, toSeat: 10, price: 100_000 },
    ];
    const res = await patch(`/admin/schedules/${date}`, { sections });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalSeats: 10, price: 100_000, sections });
    expect(await seatsOf(date)).toEqual([
      "1:VIP:200000",
      "2:VIP:150000",
      ...[3, 4, 5, 6, 7, 8, 9, 10].map((n) => `${n}:R:100000`),
    ]);
    const [entry] = await app.deps.db.adminAudit.findMany({ where: { action: "schedule.update" } });
    expect(entry).toMatchObject({ before: { sections: THREE }, after: { sections } });
  });

  it("sections may set the seat count: more seats join them, at their prices", async () => {
    const { scheduleIds } = await createConcertWithSchedule(app.deps, { sections: THREE });
    const sections = [...THREE.slice(0, 2), { name: "S", fromSeat: 9, toSeat: 12, price: 70_000 }];
    const res = await patch(`/admin/schedules/${scheduleIds[0]}`, { sections });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalSeats: 12, availableSeats: 12 });
    expect((await seatsOf(scheduleIds[0]!)).slice(8)).toEqual(["9:S:70000", "10:S:70000", "11:S:70000", "12:S:70000"]);
  });

  it("growing without sections extends the last section at its price", async () => {
    const { scheduleIds } = await createConcertWithSchedule(app.deps, { sections: THREE });
    const res = await patch(`/admin/schedules/${scheduleIds[0]}`, { seatCount: 12 });
    expect(res.status).toBe(200);
    expect(res.body.sections).toEqual([...THREE.slice(0, 2), { ...THREE[2], toSeat: 12 }]);
    expect((await seatsOf(scheduleIds[0]!)).slice(10)).toEqual(["11:S:80000", "12:S:80000"]);
  });

  it("one price sets every section's price, keeping their names and ranges", async () => {
    const { scheduleIds } = await createConcertWithSchedule(app.deps, { sections: THREE });
    const res = await patch(`/admin/schedules/${scheduleIds[0]}`, { price: 90_000 });
    expect(res.status).toBe(200);
    expect(res.body.sections).toEqual(THREE.map((s) => ({ ...s, price: 90_000 })));
    expect(new Set((await seatsOf(scheduleIds[0]!)).map((s) => s.split(":")[2]))).toEqual(new Set(["90000"]));
  });

  it("409 when new sections would move a sold or held seat to a section of another name; nothing changes", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { sections: THREE });
    const date = scheduleIds[0]!;
    await paidTicket(app, concertId, date, [4], 150_000);
    const fan = await admittedUser(app, concertId);
    expect((await holdSeats(app, fan, date, [9])).status).toBe(201);
    const before = await seatsOf(date);

    const sold = await patch(`/admin/schedules/${date}`, {
      sections: [
        { name: "VIP", fromSeat: 1, toSeat: 3, price: 1 },
        { name: "R", fromSeat: 4, toSeat: 10, price: 1 },
      ],
    });
    expect(sold.status).toBe(409);
    expect(sold.body.message).toBe("Seat 4 is sold in section VIP: it must stay in a section named VIP");
    const held = await patch(`/admin/schedules/${date}`, {
      sections: [
        { name: "VIP", fromSeat: 1, toSeat: 4, price: 1 },
        { name: "R", fromSeat: 5, toSeat: 10, price: 1 },
      ],
    });
    expect(held.status).toBe(409);
    expect(held.body.message).toContain("Seat 9 is held in section S");
    expect(await seatsOf(date)).toEqual(before);
    expect(await app.deps.db.scheduleSection.count({ where: { scheduleId: date } })).toBe(3);
  });

  it.each([
    ["sections and a price", { price: 1, sections: THREE }, "price", "Give a price or sections, not both"],
    ["a gap", { sections: [THREE[0], { ...THREE[1], fromSeat: 6 }, THREE[2]] }, "sections", "Seat 5 is in no section"],
    [
      "sections that end before the seat count",
      { seatCount: 12, sections: THREE },
      "sections",
      "Seats 11-12 are in no section",
    ],
  ])("400 for %s, naming the field", async (_, body, path, message) => {
    const { scheduleIds } = await createConcertWithSchedule(app.deps, { sections: THREE });
    const res = await patch(`/admin/schedules/${scheduleIds[0]}`, body);
    expect(res.status).toBe(400);
    expect(res.body.issues).toContainEqual({ path, message });
  });

  it("never removes a seat that was paid for, even once refunded; a lapsed unpaid hold's seat may go", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { seatCount: 10 });
    const date = scheduleIds[0]!;
    const ticket = await paidTicket(app, concertId, date, [7]);
    const back = await call(app, "POST", `/reservations/${ticket.reservationId}/refund`, undefined, {
      token: ticket.accessToken,
    });
    expect(back.status).toBe(200);
    const fan = await admittedUser(app, concertId);
    expect((await holdSeats(app, fan, date, [9])).status).toBe(201);
    app.clock.advance((app.config.HOLD_TTL_SECONDS + 1) * 1000);

    const refused = await patch(`/admin/schedules/${date}`, { seatCount: 6 });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe(
      "Seat 7 was paid for (its booking stays on record): the date cannot have fewer than 7 seats",
    );
    const lines = await app.deps.db.reservationSeat.count({ where: { reservationId: ticket.reservationId } });
    const ok = await patch(`/admin/schedules/${date}`, { seatCount: 8 });
    expect(ok.status).toBe(200);
    expect(await app.deps.db.reservationSeat.count({ where: { reservationId: ticket.reservationId } })).toBe(lines);
    expect((await storedSeats(app.deps, date)).length).toBe(8);
  });
});
