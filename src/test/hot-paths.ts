import type { HotPath } from "@/server/infra/db";

/** Every DATABASE_HOT_PATH: the tests of holds and payments under concurrency run in each. */
export const HOT_PATHS: HotPath[] = ["batch", "prisma", "optimistic"];
