import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export type AppProcess = { url: string; process: ChildProcess };

/** Starts a real app process (src/test/app-process.ts) with the given settings. */
export function startAppProcess(settings: Record<string, string | number>): Promise<AppProcess> {
  const entry = path.join(import.meta.dirname, "app-process.ts");
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    env: {
      ...process.env,
      NODE_ENV: "test",
      PORT: "0",
      ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v)])),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`app process did not start:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening (\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${m[1]}`, process: child });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`app process exited with ${code}:\n${output}`));
    });
  });
}

export async function stopAppProcess(app: AppProcess): Promise<void> {
  if (app.process.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    app.process.once("exit", () => resolve());
    app.process.kill("SIGTERM");
    setTimeout(() => app.process.kill("SIGKILL"), 5_000).unref();
  });
}
