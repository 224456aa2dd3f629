import { describe, expect, it } from "vitest";
import { useTestApp } from "./app";
import { createConcertWithSchedule, createUser } from "./factories";
import { call } from "./http";
import { useInstancesPerHotPath } from "./instances-per-hot-path";
import { admittedFans } from "./processes";

/**
 * The seat race and the queue race against two real app processes sharing one database and
 * one Redis: the guarantees must hold across instances, not only inside one. One instance runs
 * holds as the prepared batch, the other as Prisma transactions with SELECT ... FOR UPDATE
 * (DATABASE_HOT_PATH), so each race is also one between the two modes.
 */
const CAP = 20;
const app = useTestApp();
const instances = useInstancesPerHotPath(app, ["batch", "prisma"], { QUEUE_MAX_ACTIVE: CAP });
const via = instances.via;

describe("two app instances", () => {
  it("queue race: 10x the cap joining at once through both -> exactly the cap ACTIVE, places 1..N", async () => {
    const { concertId } = await createConcertWithSchedule(app.deps);
    const users = await Promise.all(Array.from({ length: CAP * 10 }, (_, i) => createUser(via(i))));
    const results = await Promise.all(
      users.map((u, i) => call(via(i), "POST", "/queue/tokens", { concertId }, { token: u.accessToken })),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(results.filter((r) => r.body.status === "ACTIVE")).toHaveLength(CAP);
    const places = results.filter((r) => r.body.status === "WAITING").map((r) => r.body.position as number);
    expect(places.sort((a, b) => a - b)).toEqual(Array.from({ length: CAP * 9 }, (_, i) => i + 1));
  });

  it("seat race: admitted users racing for one seat through both -> exactly one hold", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps);
    const racers = await admittedFans(instances, concertId, CAP);
    const results = await Promise.all(
      racers.map((u, i) =>
        call(
          via(i),
          "POST",
          "/reservations",
          { scheduleId: scheduleIds[0], seatNumbers: [7] },
          {
            token: u.accessToken,
            queueToken: u.queueToken,
          },
        ),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(CAP - 1);
    const holders = await app.deps.db.seat.findMany({ where: { scheduleId: scheduleIds[0], seatNumber: 7 } });
    expect(holders[0]!.status).toBe("HELD");
    expect(await app.deps.db.reservationSeat.count({ where: { seatId: holders[0]!.id } })).toBe(1);
  });
});
