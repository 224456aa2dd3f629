import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rm, rmdir, stat } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/test/free-port";

/**
 * `npm start` on an empty data folder with no DATABASE_URL and no REDIS_URL: the embedded
 * PostgreSQL, migrations, demo data, the app; a clean stop on SIGTERM and on Ctrl-C; data kept
 * across a restart; and a second start on the same folder refused.
 */
const root = path.resolve(import.meta.dirname, "../..");
let dataDir: string;
let ports: { app: number; pg: number };

type Started = { child: ChildProcess; output: () => string };

/**
 * `group`: in a process group of its own, as a terminal runs it, so that a Ctrl-C can reach the
 * whole group (this process, the app, the database) the way a terminal sends it.
 */
function start(port = ports.app, { group = false } = {}): Promise<Started> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    EMBEDDED_PG_PORT: String(ports.pg),
  };
  for (const name of ["NODE_ENV", "DATABASE_URL", "REDIS_URL", "ADMIN_PASSWORD", "AUTH_SECRET", "TICKET_SIGNING_KEY"])
    delete env[name];
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/start.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: group,
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 240 s:\n${output}`)), 240_000);
    const check = setInterval(() => {
      if (output.includes("is running at")) {
        clearInterval(check);
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    }, 100);
    child.once("exit", (code) => {
      clearInterval(check);
      clearTimeout(timer);
      resolve({ child, output: () => `${output}\n(exit ${code})` });
    });
  });
}

function stop(started: Started): Promise<number | null> {
  if (started.child.exitCode !== null) return Promise.resolve(started.child.exitCode);
  return new Promise((resolve) => {
    started.child.once("exit", (code) => resolve(code));
    started.child.kill("SIGTERM");
  });
}

const api = (p: string, init?: RequestInit) => fetch(`http://127.0.0.1:${ports.app}${p}`, init);

beforeAll(async () => {
  // Inside the project (.data is ignored), not a private temporary folder: run as root, PostgreSQL
  // runs as its own OS user, which must be able to enter every folder above its data.
  dataDir = path.join(root, ".data", `test-${randomBytes(4).toString("hex")}`);
  await mkdir(dataDir, { recursive: true });
  ports = { app: await freePort(), pg: await freePort() };
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  // .data itself only if this test made it: rmdir refuses a folder that holds anything.
  await rmdir(path.dirname(dataDir)).catch(() => {});
});

describe("npm start, embedded mode", () => {
  it(
    "starts from an empty .data, serves health and the demo concerts, stops cleanly, keeps data",
    { timeout: 600_000 },
    async () => {
      const first = await start();
      expect(first.output()).toMatch(/is running at http:\/\/localhost:\d+/);
      expect(first.output()).toMatch(/admin password \S+/);
      expect(first.output()).toMatch(/one instance only/);

      const health = await api("/api/health");
      expect(health.status).toBe(200);
      const concerts = (await (await api("/api/v1/concerts")).json()) as { items: { title: string }[] };
      expect(concerts.items.length).toBeGreaterThanOrEqual(3);
      const user = await api("/api/v1/users", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Kept" }),
      });
      const { accessToken } = (await user.json()) as { accessToken: string };
      // The ticket key is generated once and kept: codes shown before a restart stay valid after it.
      const ticketKey = await (await api("/api/v1/tickets/public-key")).json();
      expect(ticketKey).toMatchObject({ kty: "OKP", crv: "Ed25519" });
      const kept = JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as Record<string, string>;
      expect(kept.ticketSigningKey).toMatch(/^[\w-]{43}$/);

      const second = await start(await freePort());
      expect(second.child.exitCode).toBe(1);
      expect(second.output()).toMatch(/already running/);

      // 128 + SIGTERM: the conventional exit of a process stopped by the signal, after its clean-up.
      expect(await stop(first)).toBe(143);
      await expect(stat(path.join(dataDir, "app.lock"))).rejects.toThrow();
      await expect(api("/api/health")).rejects.toThrow();

      const again = await start();
      try {
        const me = await api("/api/v1/users/me", { headers: { authorization: `Bearer ${accessToken}` } });
        expect(me.status).toBe(200);
        expect(((await me.json()) as { name: string }).name).toBe("Kept");
        const after = (await (await api("/api/v1/concerts")).json()) as { items: unknown[] };
        expect(after.items).toHaveLength(concerts.items.length);
        expect(await (await api("/api/v1/tickets/public-key")).json()).toEqual(ticketKey);
      } finally {
        expect(await stop(again)).toBe(143);
      }
    },
  );
});

/** Whether a process is gone (a zombie waiting for its parent to reap it counts as gone). */
function gone(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.startsWith("Z") ?? true;
  } catch {
    return true;
  }
}

/** The cluster state in PostgreSQL's control file (global/pg_control: after two 8- and 4-byte ids). */
function clusterState(pgData: string): "shut down" | "other" {
  // DBState: 1 is DB_SHUTDOWNED, what a clean shutdown leaves; a crash leaves 6 (in production).
  return readFileSync(path.join(pgData, "global", "pg_control")).readInt32LE(16) === 1 ? "shut down" : "other";
}

describe("npm start, embedded mode, Ctrl-C", () => {
  it(
    "stops the app and the embedded PostgreSQL cleanly, removes the lock, exits 130, and starts again on the same folder",
    { timeout: 600_000 },
    async () => {
      const pgData = path.join(dataDir, "pg");
      const first = await start(ports.app, { group: true });
      expect(first.output()).toMatch(/is running at/);
      const pid = first.child.pid!;
      const appPids = execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" })
        .split("\n")
        .map(Number)
        .filter(Boolean);
      expect(appPids.length).toBeGreaterThan(0);
      const postmaster = Number(readFileSync(path.join(pgData, "postmaster.pid"), "utf8").split("\n")[0]);
      expect(gone(postmaster)).toBe(false);
      // Running, the control file says so; only a clean shutdown writes "shut down" into it.
      expect(clusterState(pgData)).toBe("other");
      expect((await api("/api/health")).status).toBe(200);

      // Ctrl-C: the terminal sends SIGINT to every process of the foreground group.
      const exited = new Promise<number | null>((resolve) => first.child.once("exit", (code) => resolve(code)));
      process.kill(-pid, "SIGINT");
      // 128 + SIGINT: the conventional exit of a process stopped by the signal, after its clean-up.
      expect(await exited).toBe(130);

      expect(appPids.filter((p) => !gone(p))).toEqual([]);
      expect(gone(postmaster)).toBe(true);
      expect(existsSync(path.join(pgData, "postmaster.pid"))).toBe(false);
      expect(clusterState(pgData)).toBe("shut down");
      await expect(stat(path.join(dataDir, "app.lock"))).rejects.toThrow();
      await expect(api("/api/health")).rejects.toThrow();

      const again = await start();
      try {
        expect(again.output()).toMatch(/is running at/);
        expect((await api("/api/health")).status).toBe(200);
      } finally {
        expect(await stop(again)).toBe(143);
      }
    },
  );
});
