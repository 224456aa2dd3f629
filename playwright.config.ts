import { defineConfig } from "@playwright/test";
import { baseUrl, PROFILES, type ProfileName } from "./e2e/support/profiles";

/**
 * End-to-end: Debian's Chromium against the build that `npm run test:e2e` just made, one server per
 * settings profile, each on a fresh database the app creates at start. Every profile but one runs
 * the production entry (what `npm start` and the Docker image run); `route-handlers` runs the
 * booking flow through `next start`, so the route handlers stay true too. PostgreSQL and Redis
 * come from TEST_DATABASE_URL / TEST_REDIS_URL, which `npm run test:e2e` sets
 * (src/test/with-services.ts), read when the servers start.
 */
const profiles = Object.keys(PROFILES) as ProfileName[];

/** Which specs need which settings. */
const SPECS: Record<ProfileName, RegExp> = {
  default:
    /(fan-books|seat-race|admin-creates|charge-at-checkout|admin-line-controls|lists-paging|staff-accounts|sections|cancel-refund|accounts|booking-korean|check-in)\.spec\.ts/,
  "single-active": /(queue-handoff|prequeue-draw)\.spec\.ts/,
  "short-hold": /hold-expiry\.spec\.ts/,
  "route-handlers": /fan-books\.spec\.ts/,
};

export default defineConfig({
  testDir: "./e2e",
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  // A stray `.only` would silently skip the other specs, on a laptop as much as in CI.
  forbidOnly: true,
  reporter: [["list"]],
  globalTeardown: "./e2e/support/global-teardown.ts",
  use: {
    viewport: { width: 1280, height: 860 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: profiles.map((name) => ({ name, testMatch: SPECS[name], use: { baseURL: baseUrl(name) } })),
  webServer: profiles.map((name) => ({
    name,
    // Settings, database and Redis of the profile: e2e/support/serve.ts.
    command: `node --import tsx e2e/support/serve.ts ${name}`,
    url: `${baseUrl(name)}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  })),
});
