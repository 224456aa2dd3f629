import { readdirSync, readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { REDIS_URL } from "./services";

/**
 * CPU time spent by each party of a run, per request: the server process (app or baseline),
 * Redis (its own INFO cpu counters) and PostgreSQL (every `postgres` process on this machine, so
 * other databases' work counts too when the machine is shared). What sizing a deployment needs:
 * CPU per request, not requests per second on a machine that also runs the load generator.
 */
export type CpuPerRequest = { server: number; redis: number; postgres: number };
/** PostgreSQL's CPU seconds per process: a backend that exits takes its total with it. */
type Snapshot = { server: number; redis: number; postgres: Map<number, number> };

const TICKS_PER_SECOND = 100;

function processSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function postgresSeconds(): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").startsWith("postgres"))
        seconds.set(Number(entry), processSeconds(Number(entry)));
    } catch {
      // The process ended meanwhile.
    }
  }
  return seconds;
}

/**
 * PostgreSQL CPU between two snapshots: what each process running at the end used since the
 * first (all of it, for a backend started meanwhile). A backend that exited meanwhile is left out
 * rather than subtracted.
 */
function postgresDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += Math.max(0, seconds - (before.get(pid) ?? 0));
  return total;
}

let redis: Redis | undefined;

async function redisSeconds(): Promise<number> {
  redis ??= new Redis(REDIS_URL);
  const info = await redis.info("cpu");
  const num = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, "m").exec(info)?.[1] ?? 0);
  return num("used_cpu_user") + num("used_cpu_sys");
}

export async function cpuSnapshot(pids: number[]): Promise<Snapshot> {
  return {
    server: pids.reduce((s, pid) => s + processSeconds(pid), 0),
    redis: await redisSeconds(),
    postgres: postgresSeconds(),
  };
}

/** Microseconds of CPU per request between two snapshots. */
export function perRequest(before: Snapshot, after: Snapshot, requests: number): CpuPerRequest {
  const us = (seconds: number) => (requests > 0 ? Math.max(0, (seconds * 1e6) / requests) : NaN);
  return {
    server: us(after.server - before.server),
    redis: us(after.redis - before.redis),
    postgres: us(postgresDelta(before.postgres, after.postgres)),
  };
}

export function closeCpu(): void {
  redis?.disconnect();
  redis = undefined;
}
