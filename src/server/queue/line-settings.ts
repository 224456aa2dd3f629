import type { Config } from "@/env";
import type { Clock } from "../infra/clock";
import type { DbClient } from "../infra/db";
import { findLineSettings, type LineSettingsRow } from "./line-settings.repo";
import type { LineRules } from "./queue-store";

/** What a concert's line runs by, as an admin sees it: every default resolved. */
export type LineSettings = {
  concertId: string;
  version: number;
  /** When the sale opens: the admin's time, else the earliest booking opening of the dates; null with neither. */
  onSaleAt: Date | null;
  paused: boolean;
  closed: boolean;
  maxActive: number;
  admitPerMinute: number | null;
};

export function toLineSettings(row: LineSettingsRow, config: Pick<Config, "QUEUE_MAX_ACTIVE">): LineSettings {
  return {
    concertId: row.id,
    version: row.version,
    onSaleAt: row.onSaleAt ?? row.firstOpensAt,
    paused: row.paused,
    closed: row.closed,
    maxActive: row.maxActive ?? config.QUEUE_MAX_ACTIVE,
    admitPerMinute: row.admitPerMinute,
  };
}

/** The settings as the queue store takes them. */
export function toRules(s: LineSettings): LineRules {
  return {
    version: s.version,
    opensAt: s.onSaleAt?.getTime() ?? 0,
    paused: s.paused,
    closed: s.closed,
    maxActive: s.maxActive,
    admitPerMinute: s.admitPerMinute ?? 0,
  };
}

type Entry = { at: number; settings: LineSettings | null };

/**
 * Each instance's copy of the lines' settings, read from PostgreSQL at most once per admission
 * tick per concert: a join and every tick pass them to the store, so a change an admin makes is in
 * force on every instance within a tick (and at once on the instance that made it, see `forget`).
 */
export class LineSettingsCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly db: DbClient,
    private readonly config: Pick<Config, "QUEUE_MAX_ACTIVE" | "QUEUE_TICK_MS">,
    private readonly clock: Clock,
  ) {}

  /** The settings of a concert; null when there is no such concert. */
  async get(concertId: string): Promise<LineSettings | null> {
    return (await this.getMany([concertId])).get(concertId) ?? null;
  }

  async getMany(concertIds: string[]): Promise<Map<string, LineSettings | null>> {
    const now = this.clock.now().getTime();
    const fresh = (e: Entry | undefined): e is Entry =>
      !!e && now - e.at >= 0 && now - e.at < this.config.QUEUE_TICK_MS;
    const stale = concertIds.filter((id) => !fresh(this.entries.get(id)));
    if (stale.length) {
      const rows = await findLineSettings(this.db, stale);
      if (this.entries.size + stale.length > 10_000) this.entries.clear();
      for (const id of stale) this.entries.set(id, { at: now, settings: null });
      for (const row of rows) this.entries.set(row.id, { at: now, settings: toLineSettings(row, this.config) });
    }
    return new Map(concertIds.map((id) => [id, this.entries.get(id)?.settings ?? null]));
  }

  /** Drops this instance's copy (after a change), so the next read takes the new settings. */
  forget(concertId: string): void {
    this.entries.delete(concertId);
  }
}
