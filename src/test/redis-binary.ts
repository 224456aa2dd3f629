import { accessSync, constants } from "node:fs";
import path from "node:path";

/** The `redis-server` to run: REDISMS_SYSTEM_BINARY, else the first on PATH; undefined when there is none. */
export function redisServerBinary(): string | undefined {
  if (process.env.REDISMS_SYSTEM_BINARY) return process.env.REDISMS_SYSTEM_BINARY;
  for (const dir of (process.env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, "redis-server");
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}
