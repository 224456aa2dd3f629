import type { DbClient } from "../infra/db";

export type LineSettingsRow = {
  id: string;
  version: number;
  /** The admin's on-sale time, if set. */
  onSaleAt: Date | null;
  /** The earliest booking opening of the concert's dates. */
  firstOpensAt: Date | null;
  paused: boolean;
  closed: boolean;
  maxActive: number | null;
  admitPerMinute: number | null;
};

const COLUMNS = `c.id, c.line_version AS version, c.on_sale_at AS "onSaleAt",
       (SELECT min(s.booking_opens_at) FROM schedules s WHERE s.concert_id = c.id) AS "firstOpensAt",
       c.queue_paused AS paused, c.queue_closed AS closed, c.queue_max_active AS "maxActive",
       c.queue_admit_per_minute AS "admitPerMinute"`;

export function findLineSettings(db: DbClient, concertIds: string[]): Promise<LineSettingsRow[]> {
  return db.$queryRawUnsafe<LineSettingsRow[]>(
    `SELECT ${COLUMNS} FROM concerts c WHERE c.id = ANY($1::uuid[])`,
    concertIds,
  );
}

/** The settings with the concert row locked, so that changes of one line apply one at a time. */
export async function lockLineSettings(db: DbClient, concertId: string): Promise<LineSettingsRow | undefined> {
  const rows = await db.$queryRawUnsafe<LineSettingsRow[]>(
    `SELECT ${COLUMNS} FROM concerts c WHERE c.id = $1::uuid FOR UPDATE`,
    concertId,
  );
  return rows[0];
}

export type LineSettingsChange = {
  onSaleAt: Date | null;
  paused: boolean;
  closed: boolean;
  maxActive: number | null;
  admitPerMinute: number | null;
};

/** Writes the settings and a new version; returns that version. */
export async function updateLineSettings(db: DbClient, concertId: string, s: LineSettingsChange): Promise<number> {
  const row = await db.concert.update({
    where: { id: concertId },
    data: {
      onSaleAt: s.onSaleAt,
      queuePaused: s.paused,
      queueClosed: s.closed,
      queueMaxActive: s.maxActive,
      queueAdmitPerMinute: s.admitPerMinute,
      lineVersion: { increment: 1 },
    },
    select: { lineVersion: true },
  });
  return row.lineVersion;
}
