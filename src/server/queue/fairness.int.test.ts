import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { admittedUser, createConcertWithSchedule, createUser, joinQueue } from "@/test/factories";
import { holdSeats, storedSeats } from "@/test/catalog-factory";
import { call } from "@/test/http";
import { tickAllLines } from "./admission-ticker";

/**
 * The line tried as a determined fan would: the settings of the report that found the pass that
 * never ended (QUEUE_MAX_ACTIVE=1 QUEUE_ACTIVE_TTL_SECONDS=20 HOLD_TTL_SECONDS=10, a date of 4
 * seats), with the default QUEUE_PASS_MAX_SECONDS.
 */
const app = useTestApp({ QUEUE_MAX_ACTIVE: 1, QUEUE_ACTIVE_TTL_SECONDS: 20, HOLD_TTL_SECONDS: 10 });
const status = (queueToken: string) => call(app, "GET", "/queue/status", undefined, { queueToken });

describe("a pass has a hard end", () => {
  it("re-holding every 10 s keeps neither the seats nor the pass past QUEUE_PASS_MAX_SECONDS: the next fan gets in within a tick", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { seatCount: 4 });
    const scheduleId = scheduleIds[0]!;
    const admittedAt = app.clock.now().getTime();
    const hog = await admittedUser(app, concertId);
    const next = await joinQueue(app, await createUser(app), concertId);
    expect(next).toMatchObject({ status: "WAITING", position: 1 });
    const hardEnd = admittedAt + app.config.QUEUE_PASS_MAX_SECONDS * 1000;

    let refusedAt: number | undefined;
    let admittedNextAt: number | undefined;
    for (let t = 0; t <= app.config.QUEUE_PASS_MAX_SECONDS + 20 && admittedNextAt === undefined; t += 10) {
      const res = await holdSeats(app, hog, scheduleId, [1, 2, 3, 4]);
      if (res.status === 201) {
        expect(Date.parse(res.body.expiresAt)).toBeLessThanOrEqual(hardEnd + 1_000);
      } else {
        expect(res.status).toBe(403);
        refusedAt ??= app.clock.now().getTime();
      }
      await tickAllLines(app.deps);
      const s = await status(next.queueToken);
      if (s.body.status === "ACTIVE") admittedNextAt = app.clock.now().getTime();
      else expect(s.body).toMatchObject({ status: "WAITING", position: 1 });
      app.clock.advance(10_000);
    }
    // Within QUEUE_PASS_MAX_SECONDS plus a tick (of the loop's 10 s steps here).
    expect(admittedNextAt).toBeDefined();
    expect(admittedNextAt! - admittedAt).toBeLessThanOrEqual(app.config.QUEUE_PASS_MAX_SECONDS * 1000 + 10_000);
    expect(refusedAt).toBeDefined();
    expect((await status(hog.queueToken)).body.status).toBe("EXPIRED");
    // The hog's last hold lapsed with the pass: the seats are free for the fan let in.
    const seats = await storedSeats(app.deps, scheduleId);
    expect(seats.every((s) => s.status !== "HELD" || s.heldUntil!.getTime() <= app.clock.now().getTime())).toBe(true);
  });

  it("must join again at the back once the pass ended", async () => {
    const { concertId } = await createConcertWithSchedule(app.deps);
    const first = await admittedUser(app, concertId);
    const second = await joinQueue(app, await createUser(app), concertId);
    app.clock.advance(app.config.QUEUE_ACTIVE_TTL_SECONDS * 1000);
    await tickAllLines(app.deps);
    expect((await status(second.queueToken)).body.status).toBe("ACTIVE");
    const again = await joinQueue(app, first, concertId);
    expect(again).toMatchObject({ status: "WAITING", position: 1 });
    expect(again.queueToken).not.toBe(first.queueToken);
  });
});

describe("leaving ends the holds made under the pass", () => {
  it("frees the seats at once", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { seatCount: 4 });
    const fan = await admittedUser(app, concertId);
    expect((await holdSeats(app, fan, scheduleIds[0]!, [1, 2])).status).toBe(201);
    const left = await call(app, "DELETE", "/queue/tokens/current", undefined, {
      token: fan.accessToken,
      queueToken: fan.queueToken,
    });
    expect(left.status).toBe(204);
    const seats = await storedSeats(app.deps, scheduleIds[0]!);
    expect(seats.map((s) => s.status)).toEqual(["AVAILABLE", "AVAILABLE", "AVAILABLE", "AVAILABLE"]);
    const mine = await call(app, "GET", "/reservations", undefined, { token: fan.accessToken });
    expect(mine.body.items.map((r: { status: string }) => r.status)).toEqual(["EXPIRED"]);
  });
});

describe("hammering buys nothing", () => {
  it("a fan asking again and again keeps one place and one pass: the same token id, never a second place", async () => {
    const { concertId } = await createConcertWithSchedule(app.deps);
    await admittedUser(app, concertId);
    const fan = await createUser(app);
    const tickets = await Promise.all(Array.from({ length: 20 }, () => joinQueue(app, fan, concertId)));
    const ids = await Promise.all(tickets.map(async (t) => (await app.deps.tokens.verifyQueue(t.queueToken)).tokenId));
    expect(new Set(ids).size).toBe(1);
    expect(tickets.every((t) => t.status === "WAITING" && t.position === 1)).toBe(true);
    expect((await app.deps.queue.stats(concertId)).waiting).toBe(1);
    const later = await joinQueue(app, await createUser(app), concertId);
    expect(later.position).toBe(2);
  });
});
