import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { createScheduleAt } from "@/test/catalog-factory";
import { createConcertWithSchedule } from "@/test/factories";
import { call } from "@/test/http";

const app = useTestApp();
const HOUR = 3_600_000;

describe("GET /concerts", () => {
  it("lists every concert with its earliest upcoming date, soonest first, dateless last", async () => {
    const later = await createConcertWithSchedule(app.deps, { startsInHours: 48 });
    const sooner = await createConcertWithSchedule(app.deps, { startsInHours: 24, schedules: 2 });
    const dateless = await app.deps.db.concert.create({
      data: { title: "TBA", artist: "Someone", venue: "Somewhere", description: "soon" },
    });

    const res = await call(app, "GET", "/concerts");
    expect(res.status).toBe(200);
    expect(res.body.items.map((c: { concertId: string }) => c.concertId)).toEqual([
      sooner.concertId,
      later.concertId,
      dateless.id,
    ]);
    const now = app.clock.now().getTime();
    expect(res.body.items[0]).toEqual({
      concertId: sooner.concertId,
      title: "Test Concert",
      artist: "Test Artist",
      venue: "Test Hall",
      description: "",
      firstStartsAt: expect.any(String),
    });
    expect(Math.abs(Date.parse(res.body.items[0].firstStartsAt) - (now + 24 * HOUR))).toBeLessThan(5_000);
    expect(res.body.items[2]).toMatchObject({ title: "TBA", description: "soon", firstStartsAt: null });
  });

  it("answers an empty list when there are no concerts", async () => {
    const res = await call(app, "GET", "/concerts");
    expect(res).toMatchObject({ status: 200, body: { items: [] } });
  });
});

describe("GET /concerts/{concertId}", () => {
  it("answers one concert, ignoring dates already past", async () => {
    const { concertId } = await createConcertWithSchedule(app.deps, { startsInHours: 72 });
    const now = app.clock.now().getTime();
    await createScheduleAt(app.deps, concertId, {
      startsAt: new Date(now - HOUR),
      bookingOpensAt: new Date(now - 3 * HOUR),
      bookingClosesAt: new Date(now - 2 * HOUR),
    });
    const res = await call(app, "GET", `/concerts/${concertId}`);
    expect(res.status).toBe(200);
    expect(res.body.concertId).toBe(concertId);
    expect(Math.abs(Date.parse(res.body.firstStartsAt) - (now + 72 * HOUR))).toBeLessThan(5_000);
  });

  it("turns firstStartsAt to null once the last date has begun", async () => {
    const { concertId } = await createConcertWithSchedule(app.deps, { startsInHours: 1 });
    app.clock.advance(HOUR + 1_000);
    const res = await call(app, "GET", `/concerts/${concertId}`);
    expect(res.body.firstStartsAt).toBeNull();
  });

  it("answers 404 for an unknown concert and 400 for a malformed id", async () => {
    const unknown = await call(app, "GET", `/concerts/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toEqual(expect.any(String));
    const bad = await call(app, "GET", "/concerts/not-a-uuid");
    expect(bad.status).toBe(400);
  });
});
