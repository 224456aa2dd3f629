import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { ensureDatabase, migrate, readMigrations } from "@/server/infra/migrate";
import { databaseUrl, dropDatabase } from "@/test/services";

const SECTIONS = "20261202020000_seat_sections";
const name = `${inject("runId")}_sections_${randomBytes(3).toString("hex")}`;

afterAll(() => dropDatabase(name));

describe(`migration ${SECTIONS}`, () => {
  it("gives every date made before it one section of all its seats, named as its seats' grade, at its price", async () => {
    const url = databaseUrl(name);
    await ensureDatabase(url);
    const all = await readMigrations();
    const at = all.findIndex((m) => m.name === SECTIONS);
    expect(at).toBeGreaterThan(0);
    await migrate(url, all.slice(0, at));

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const concert = await client.query(
        `INSERT INTO concerts (title, artist, venue) VALUES ('T', 'A', 'V') RETURNING id`,
      );
      const schedule = await client.query(
        `INSERT INTO schedules (concert_id, starts_at, booking_opens_at, booking_closes_at, total_seats, price)
         VALUES ($1, now() + interval '2 days', now(), now() + interval '1 day', 3, 42000) RETURNING id`,
        [concert.rows[0].id],
      );
      const scheduleId = schedule.rows[0].id;
      await client.query(
        `INSERT INTO seats (schedule_id, seat_number, grade, price)
         SELECT $1, n, 'STANDARD', 42000 FROM generate_series(1, 3) n`,
        [scheduleId],
      );

      await migrate(url, all.slice(0, at + 1));
      const sections = await client.query(
        `SELECT schedule_id AS "scheduleId", name, from_seat AS "fromSeat", to_seat AS "toSeat", price
           FROM schedule_sections`,
      );
      expect(sections.rows).toEqual([{ scheduleId, name: "STANDARD", fromSeat: 1, toSeat: 3, price: 42000 }]);
    } finally {
      await client.end();
    }
  });
});
