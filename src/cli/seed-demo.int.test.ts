import { expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { seedDemoData } from "./seed-demo";

const app = useTestApp();

it("loads the demo concerts with upcoming dates once, however often it runs", async () => {
  expect(await seedDemoData(app.databaseUrl)).toBe(3);
  expect(await seedDemoData(app.databaseUrl)).toBe(0);
  expect(await app.deps.db.concert.count()).toBe(3);
  const schedules = await app.deps.db.schedule.findMany({ include: { _count: { select: { seats: true } } } });
  expect(schedules.length).toBeGreaterThanOrEqual(3);
  for (const s of schedules) {
    expect(s.startsAt.getTime()).toBeGreaterThan(Date.now());
    expect(s._count.seats).toBe(50);
  }
});
