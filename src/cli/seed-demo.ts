import { createConcert, createSchedule } from "@/server/admin/admin.service";
import { listConcerts } from "@/server/catalog/catalog.service";
import { systemClock } from "@/server/infra/clock";
import { createDb } from "@/server/infra/db";

const DAY = 86_400_000;

const DEMO = [
  {
    title: "Midnight Frequencies",
    artist: "The Lumen Tides",
    venue: "Olympic Hall, Seoul",
    description: "The sold-out synth-pop tour returns for three nights only.",
    price: 132_000,
    days: [7, 8, 9],
  },
  {
    title: "Strings Under the Stars",
    artist: "Seoul Chamber Collective",
    venue: "Lotte Concert Hall, Seoul",
    description: "Vivaldi's Four Seasons and new works for string orchestra.",
    price: 88_000,
    days: [14, 21],
  },
  {
    title: "Neon Skyline Live",
    artist: "HAEIL",
    venue: "KSPO Dome, Seoul",
    description: "An arena night of K-rock anthems with a full light show.",
    price: 154_000,
    days: [30],
  },
];

/** At 19:00 in Seoul (10:00 UTC), `days` from today. */
function eveningIn(days: number, now: Date): Date {
  const d = new Date(now.getTime() + days * DAY);
  d.setUTCHours(10, 0, 0, 0);
  return d;
}

/**
 * Loads a few demo concerts with upcoming dates, through the same use cases the admin API uses.
 * Idempotent: a concert already there (same title and artist) is left alone.
 */
/** Who the audit log says added the demo concerts. */
const DEMO_ACTOR = { login: "demo-data" };

export async function seedDemoData(databaseUrl: string): Promise<number> {
  const db = createDb(databaseUrl, 2);
  const deps = { db, clock: systemClock };
  try {
    const existing = new Set((await listConcerts(deps)).items.map((c) => `${c.title}\u0000${c.artist}`));
    let created = 0;
    for (const { price, days, ...concertFields } of DEMO) {
      if (existing.has(`${concertFields.title}\u0000${concertFields.artist}`)) continue;
      const concert = await createConcert(deps, DEMO_ACTOR, concertFields);
      const now = systemClock.now();
      for (const day of days) {
        await createSchedule(deps, DEMO_ACTOR, {
          concertId: concert.concertId,
          startsAt: eveningIn(day, now).toISOString(),
          price,
        });
      }
      created++;
    }
    return created;
  } finally {
    await db.$disconnect();
  }
}
