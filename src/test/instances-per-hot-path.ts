import type { HotPath } from "@/server/infra/db";
import type { TestApp } from "./app";
import { useAppInstances, type Instances } from "./processes";

/**
 * One app instance per hot path in `modes`, on the test app's database and Redis, as one load
 * balancer's pool: the i-th request goes to the instance of `modes[i % modes.length]`, so every race
 * is run by all of them at once, and each mode's writes must be sound against the others'.
 */
export function useInstancesPerHotPath(
  app: TestApp,
  modes: HotPath[],
  settings: Record<string, string | number> = {},
): Instances {
  const groups = modes.map((mode) => useAppInstances(app, 1, { ...settings, DATABASE_HOT_PATH: mode }));
  return {
    get list() {
      return groups.flatMap((g) => g.list);
    },
    via: (i) => groups[i % groups.length]!.list[0]!,
  };
}
