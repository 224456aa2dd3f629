import type { Section } from "@/server/admin/sections.schema";
import type { Deps } from "@/server/deps";
import type { QueueTicket } from "@/server/queue/queue.schema";
import type { TestApp } from "./app";
import { call } from "./http";

export type TestUser = { userId: string; name: string; accessToken: string };

export async function createUser(app: Pick<TestApp, "url">, name?: string): Promise<TestUser> {
  const res = await call<TestUser>(app, "POST", "/users", name === undefined ? {} : { name });
  if (res.status !== 201) throw new Error(`createUser: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A concert with one schedule of `seatCount` seats (or of `sections`), straight into the database. */
export async function createConcertWithSchedule(
  deps: Pick<Deps, "db" | "clock">,
  opts: { seatCount?: number; price?: number; schedules?: number; startsInHours?: number; sections?: Section[] } = {},
): Promise<{ concertId: string; scheduleIds: string[] }> {
  const seatCount = opts.sections ? Math.max(...opts.sections.map((s) => s.toSeat)) : (opts.seatCount ?? 50);
  const price = opts.price ?? 10_000;
  // As a date created without sections has.
  const sections = opts.sections ?? [{ name: "STANDARD", fromSeat: 1, toSeat: seatCount, price }];
  const sectionOf = (n: number) => sections.find((s) => n >= s.fromSeat && n <= s.toSeat)!;
  const now = deps.clock.now().getTime();
  const concert = await deps.db.concert.create({
    data: { title: "Test Concert", artist: "Test Artist", venue: "Test Hall", description: "" },
  });
  const scheduleIds: string[] = [];
  for (let i = 0; i < (opts.schedules ?? 1); i++) {
    const startsAt = new Date(now + ((opts.startsInHours ?? 24 * 7) + i * 24) * 3_600_000);
    const schedule = await deps.db.schedule.create({
      data: {
        concertId: concert.id,
        startsAt,
        bookingOpensAt: new Date(now - 3_600_000),
        bookingClosesAt: startsAt,
        totalSeats: seatCount,
        price: Math.min(...sections.map((s) => s.price)),
        seats: {
          createMany: {
            data: Array.from({ length: seatCount }, (_, n) => ({
              seatNumber: n + 1,
              grade: sectionOf(n + 1).name,
              price: sectionOf(n + 1).price,
            })),
          },
        },
        sections: { createMany: { data: sections } },
      },
    });
    scheduleIds.push(schedule.id);
  }
  return { concertId: concert.id, scheduleIds };
}

/** Lines a user up for a concert and returns the queue token (ACTIVE when the line is short). */
export async function joinQueue(app: Pick<TestApp, "url">, user: TestUser, concertId: string) {
  const res = await call(app, "POST", "/queue/tokens", { concertId }, { token: user.accessToken });
  if (res.status !== 201) throw new Error(`joinQueue: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as QueueTicket;
}

/** A user with an ACTIVE pass for `concertId` (the line must have room). */
export async function admittedUser(app: Pick<TestApp, "url">, concertId: string, name?: string) {
  const user = await createUser(app, name);
  const ticket = await joinQueue(app, user, concertId);
  if (ticket.status !== "ACTIVE") throw new Error(`admittedUser: pass is ${ticket.status}`);
  return { ...user, queueToken: ticket.queueToken };
}
