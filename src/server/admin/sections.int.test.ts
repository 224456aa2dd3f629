import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { adminToken, holdSeats, markPaid } from "@/test/catalog-factory";
import { admittedUser, createUser } from "@/test/factories";
import { HOT_PATHS } from "@/test/hot-paths";
import { call } from "@/test/http";
import type { TestApp } from "@/test/app";

const HOUR = 3_600_000;

const THREE = [
  { name: "VIP", fromSeat: 1, toSeat: 10, price: 150_000 },
  { name: "R", fromSeat: 11, toSeat: 30, price: 110_000 },
  { name: "S", fromSeat: 31, toSeat: 50, price: 80_000 },
];

async function newDate(app: TestApp, sections: unknown, extra: Record<string, unknown> = {}) {
  const token = await adminToken(app);
  const concert = await call(
    app,
    "POST",
    "/admin/concerts",
    { title: "Night", artist: "Band", venue: "Hall" },
    { token },
  );
  const startsAt = new Date(app.clock.now().getTime() + 48 * HOUR).toISOString();
  const res = await call(
    app,
    "POST",
    `/admin/concerts/${concert.body.concertId}/schedules`,
    { startsAt, sections, ...extra },
    { token },
  );
  return { token, concertId: concert.body.concertId as string, res };
}

describe("a date with sections", () => {
  const app = useTestApp({ QUEUE_MAX_ACTIVE: 5 });

  it("is created with each seat in its section at its price, and the seat list says so", async () => {
    const { concertId, res } = await newDate(app, THREE);
    expect(res.status).toBe(201);
    const scheduleId = res.body.scheduleId as string;
    expect(res.body.totalSeats).toBe(50);

    const fan = await admittedUser(app, concertId);
    const seats = await call(app, "GET", `/schedules/${scheduleId}/seats`, undefined, {
      token: fan.accessToken,
      queueToken: fan.queueToken,
    });
    expect(seats.status).toBe(200);
    expect(seats.body.sections).toEqual(THREE);
    const bySeat = (n: number) => seats.body.items[n - 1];
    for (const [n, section, price] of [
      [1, "VIP", 150_000],
      [10, "VIP", 150_000],
      [11, "R", 110_000],
      [30, "R", 110_000],
      [31, "S", 80_000],
      [50, "S", 80_000],
    ] as const) {
      expect(bySeat(n)).toEqual({
        seatNumber: n,
        grade: section,
        section,
        price,
        status: "AVAILABLE",
        heldByMe: false,
      });
    }
    expect(seats.body.items).toHaveLength(50);
  });

  it("without sections keeps one STANDARD section at the one price", async () => {
    const { concertId, res } = await newDate(app, undefined, { price: 70_000, seatCount: 12 });
    expect(res.status).toBe(201);
    const fan = await admittedUser(app, concertId);
    const seats = await call(app, "GET", `/schedules/${res.body.scheduleId}/seats`, undefined, {
      token: fan.accessToken,
      queueToken: fan.queueToken,
    });
    expect(seats.body.sections).toEqual([{ name: "STANDARD", fromSeat: 1, toSeat: 12, price: 70_000 }]);
    expect(new Set(seats.body.items.map((s: { section: string }) => s.section))).toEqual(new Set(["STANDARD"]));
  });

  it.each([
    [
      "a gap",
      [THREE[0], { ...THREE[1], fromSeat: 13 }, THREE[2]],
      [{ path: "sections", message: "Seats 11-12 are in no section" }],
    ],
    [
      "an overlap",
      [THREE[0], { ...THREE[1], fromSeat: 10 }, THREE[2]],
      [{ path: "sections.1.fromSeat", message: "Sections VIP and R overlap at seat 10" }],
    ],
    [
      "a name used twice",
      [THREE[0], THREE[1], { ...THREE[2], name: "VIP" }],
      [{ path: "sections.2.name", message: "The section name VIP is used twice" }],
    ],
    [
      "seats past the last",
      [THREE[0], THREE[1], { ...THREE[2], toSeat: 51 }],
      [{ path: "sections.2.toSeat", message: "Section S ends at seat 51, past the last seat (50)" }],
    ],
  ])("answers 400 naming %s, and creates nothing", async (_, sections, issues) => {
    const { res } = await newDate(app, sections);
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual(issues);
    expect(res.body.data.reason).toBe("BAD_REQUEST");
    expect(await app.deps.db.schedule.count()).toBe(0);
    expect(await app.deps.db.scheduleSection.count()).toBe(0);
  });

  it("counts sales and takings per section, adding up to the date's", async () => {
    const { concertId, token, res } = await newDate(app, THREE);
    const scheduleId = res.body.scheduleId as string;
    const fan = await admittedUser(app, concertId);
    const paid = await holdSeats(app, fan, scheduleId, [2, 12, 40]);
    await markPaid(app.deps, paid.body.reservationId);
    const held = await holdSeats(app, fan, scheduleId, [3]);
    expect(held.status).toBe(201);

    const stats = await call(app, "GET", "/admin/stats", undefined, { token });
    const date = stats.body.concerts
      .flatMap((c: { schedules: unknown[] }) => c.schedules)
      .find((s: { scheduleId: string }) => s.scheduleId === scheduleId);
    expect(date.revenue).toBe(340_000);
    expect(date.sections).toEqual([
      { ...THREE[0], totalSeats: 10, available: 8, held: 1, sold: 1, revenue: 150_000, refunded: 0 },
      { ...THREE[1], totalSeats: 20, available: 19, held: 0, sold: 1, revenue: 110_000, refunded: 0 },
      { ...THREE[2], totalSeats: 20, available: 19, held: 0, sold: 1, revenue: 80_000, refunded: 0 },
    ]);
  });

  it("counts a refunded ticket's seats as refunds of their sections, not takings, and leaves them out of the CSV", async () => {
    const { concertId, token, res } = await newDate(app, THREE);
    const scheduleId = res.body.scheduleId as string;
    // Paying ends a fan's pass (and any other hold of theirs): one fan keeps, another gives back.
    const buy = async (seats: number[]) => {
      const fan = await admittedUser(app, concertId);
      await call(app, "POST", "/points/charge", { amount: 1_000_000 }, { token: fan.accessToken });
      const hold = await holdSeats(app, fan, scheduleId, seats);
      const paid = await call(
        app,
        "POST",
        "/payments",
        { reservationId: hold.body.reservationId },
        { token: fan.accessToken, queueToken: fan.queueToken },
      );
      expect(paid.status).toBe(201);
      return { fan, reservationId: hold.body.reservationId as string };
    };
    await buy([1]);
    const given = await buy([2, 11]);
    const back = await call(app, "POST", `/reservations/${given.reservationId}/refund`, undefined, {
      token: given.fan.accessToken,
    });
    expect(back.status).toBe(200);

    const stats = await call(app, "GET", "/admin/stats", undefined, { token });
    const date = stats.body.concerts
      .flatMap((c: { schedules: unknown[] }) => c.schedules)
      .find((s: { scheduleId: string }) => s.scheduleId === scheduleId);
    expect({ sold: date.sold, revenue: date.revenue, refunded: date.refunded }).toEqual({
      sold: 1,
      revenue: 150_000,
      refunded: 260_000,
    });
    expect(
      date.sections.map((x: { name: string; sold: number; revenue: number; refunded: number }) => [
        x.name,
        x.sold,
        x.revenue,
        x.refunded,
      ]),
    ).toEqual([
      ["VIP", 1, 150_000, 150_000],
      ["R", 0, 0, 110_000],
      ["S", 0, 0, 0],
    ]);
    const csv = await call(app, "GET", `/admin/schedules/${scheduleId}/sales.csv`, undefined, { token });
    expect(
      (csv.body as string)
        .split("\r\n")
        .slice(1, -1)
        .map((l) => l.split(",")[0]),
    ).toEqual(["1"]);
  });

  it("exports a date's sales as CSV, one quoted record per sold seat", async () => {
    const hostile = [
      { name: 'VIP, "front"', fromSeat: 1, toSeat: 2, price: 150_000 },
      { name: "=HYPERLINK(1)", fromSeat: 3, toSeat: 4, price: 90_000 },
    ];
    const { concertId, token, res } = await newDate(app, hostile, { seatCount: 4 });
    expect(res.status).toBe(201);
    const scheduleId = res.body.scheduleId as string;
    const fan = await admittedUser(app, concertId);
    const hold = await holdSeats(app, fan, scheduleId, [4, 1]);
    await markPaid(app.deps, hold.body.reservationId);
    await holdSeats(app, fan, scheduleId, [2]); // held, not sold: not in the export
    const payment = await app.deps.db.payment.findUniqueOrThrow({ where: { reservationId: hold.body.reservationId } });

    const csv = await call(app, "GET", `/admin/schedules/${scheduleId}/sales.csv`, undefined, { token });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const tail = `${hold.body.reservationId},${payment.paidAt.toISOString()},${fan.userId}`;
    expect(csv.body).toBe(
      "seat,section,price,reservation id,paid at,buyer id\r\n" +
        `1,"VIP, ""front""",150000,${tail}\r\n` +
        // A name a spreadsheet would run as a formula goes out as text (textCell).
        `4,'=HYPERLINK(1),90000,${tail}\r\n`,
    );
  });

  it("answers the CSV route 404 for an unknown date, 401 without a token and 403 to a fan", async () => {
    const { token, res } = await newDate(app, THREE);
    const path = `/admin/schedules/${res.body.scheduleId}/sales.csv`;
    const unknown = await call(
      app,
      "GET",
      "/admin/schedules/00000000-0000-4000-8000-000000000000/sales.csv",
      undefined,
      {
        token,
      },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toContain("application/json");
    expect(unknown.body.data.reason).toBe("NOT_FOUND");
    expect((await call(app, "GET", path)).status).toBe(401);
    const fan = await createUser(app);
    expect((await call(app, "GET", path, undefined, { token: fan.accessToken })).status).toBe(403);
    const empty = await call(app, "GET", path, undefined, { token });
    expect(empty.body).toBe("seat,section,price,reservation id,paid at,buyer id\r\n");
  });
});

describe("the OpenAPI document", () => {
  const app = useTestApp();

  it("gives the sales export's success as text/csv and its errors as the JSON error body", async () => {
    const doc = await call(app, "GET", "/openapi.json");
    const op = doc.body.paths["/admin/schedules/{scheduleId}/sales.csv"].get;
    expect(op.responses["200"].content).toEqual({ "text/csv": { schema: { type: "string" } } });
    expect(Object.keys(op.responses["404"].content)).toEqual(["application/json"]);
  });
});

// A hold's total is its seats' prices whatever the section, in each DATABASE_HOT_PATH.
describe.each(HOT_PATHS)("DATABASE_HOT_PATH=%s: a hold across sections", (mode) => {
  const app = useTestApp({ DATABASE_HOT_PATH: mode });

  it("costs the sum of its seats' prices", async () => {
    const { concertId, res } = await newDate(app, THREE);
    const fan = await admittedUser(app, concertId);
    const hold = await holdSeats(app, fan, res.body.scheduleId, [31, 5, 20]);
    expect(hold.status).toBe(201);
    expect(hold.body.totalPrice).toBe(340_000);
    expect(hold.body.seats).toEqual([
      { seatNumber: 5, price: 150_000 },
      { seatNumber: 20, price: 110_000 },
      { seatNumber: 31, price: 80_000 },
    ]);
  });
});
