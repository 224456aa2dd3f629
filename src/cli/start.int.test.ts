import { spawn, type ChildProcess } from "node:child_process";
import { chmod, mkdtemp, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * `npm start` on an empty data folder with no DATABASE_URL and no REDIS_URL: the embedded
 * PostgreSQL, migrations, demo data, the app; a clean stop; data kept across a restart; and a
 * second start on the same folder refused.
 */
const root = path.resolve(import.meta.dirname, "../..");
let dataDir: string;
let ports: { app: number; pg: number };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

type Started = { child: ChildProcess; output: () => string };

function start(port = ports.app): Promise<Started> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    EMBEDDED_PG_PORT: String(ports.pg),
  };
  for (const name of ["NODE_ENV", "DATABASE_URL", "REDIS_URL", "ADMIN_PASSWORD", "AUTH_SECRET"]) delete env[name];
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/start.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
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
  dataDir = await mkdtemp(path.join(os.tmpdir(), "cb-embedded-"));
  // PostgreSQL runs as its own OS user when started by root: it must reach the folder.
  await chmod(dataDir, 0o755);
  ports = { app: await freePort(), pg: await freePort() };
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
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
      } finally {
        expect(await stop(again)).toBe(143);
      }
    },
  );
});
