import { describe, expect, it } from "vitest";
import { parseConfig } from "./env";

describe("settings", () => {
  it("has the contract's defaults", () => {
    const c = parseConfig({ DATABASE_URL: "postgresql://x/y", AUTH_SECRET: "s".repeat(32), ADMIN_PASSWORD: "pw" });
    expect(c).toMatchObject({
      PORT: 3000,
      QUEUE_MAX_ACTIVE: 100,
      QUEUE_ACTIVE_TTL_SECONDS: 600,
      QUEUE_IDLE_TIMEOUT_SECONDS: 300,
      HOLD_TTL_SECONDS: 300,
      MAX_SEATS_PER_USER: 4,
      MAX_BALANCE: 10_000_000,
      RATE_LIMITS: "on",
      DATABASE_HOT_PATH: "batch",
    });
  });

  it("takes the three hot paths by name and nothing else", () => {
    const db = { DATABASE_URL: "postgresql://x/y", AUTH_SECRET: "s".repeat(32), ADMIN_PASSWORD: "pw" };
    for (const mode of ["batch", "prisma", "optimistic"] as const) {
      expect(parseConfig({ ...db, DATABASE_HOT_PATH: mode }).DATABASE_HOT_PATH).toBe(mode);
    }
    expect(() => parseConfig({ ...db, DATABASE_HOT_PATH: "Prisma" })).toThrow(/DATABASE_HOT_PATH/);
  });

  it("refuses to run in production without its own secret and admin password", () => {
    const base = { NODE_ENV: "production", DATABASE_URL: "postgresql://x/y" };
    expect(() => parseConfig(base)).toThrow(/AUTH_SECRET: must be set[\s\S]*ADMIN_PASSWORD: must be set/);
    const secret = "s".repeat(40);
    const ticketKey = "A".repeat(43);
    expect(
      parseConfig({ ...base, AUTH_SECRET: secret, ADMIN_PASSWORD: "pw", TICKET_SIGNING_KEY: ticketKey }).AUTH_SECRET,
    ).toBe(secret);
  });

  it("refuses the secrets' missing or published values against an external database, whatever NODE_ENV says", () => {
    const published = { AUTH_SECRET: "dev-only-secret-change-me-in-production-0123456789", ADMIN_PASSWORD: "admin" };
    for (const NODE_ENV of [undefined, "development", "production"]) {
      const external = { NODE_ENV, DATABASE_URL: "postgresql://db.example.com/app" };
      expect(() => parseConfig(external), NODE_ENV).toThrow(
        /AUTH_SECRET: must be set[\s\S]*ADMIN_PASSWORD: must be set/,
      );
      expect(() => parseConfig({ ...external, AUTH_SECRET: "s".repeat(40) }), NODE_ENV).toThrow(
        /ADMIN_PASSWORD: must be set/,
      );
      expect(() => parseConfig({ ...external, ...published }), NODE_ENV).toThrow(
        /AUTH_SECRET: is a value once published[\s\S]*ADMIN_PASSWORD: is a value once published/,
      );
    }
    expect(() => parseConfig({ NODE_ENV: "test", DATABASE_URL: "postgresql://x/y", ...published })).toThrow(
      /AUTH_SECRET[\s\S]*ADMIN_PASSWORD/,
    );
  });

  it("takes the secrets the embedded mode of `npm start` generates and passes", () => {
    // src/cli/start.ts: DATABASE_URL of its own PostgreSQL, secrets from .data/secrets.json.
    const embedded = {
      DATABASE_URL: "postgresql://postgres:pw@127.0.0.1:54329/concert_booking",
      AUTH_SECRET: "A".repeat(43),
      ADMIN_PASSWORD: "kQ3-x9Zb_7Lm",
    };
    expect(parseConfig(embedded)).toMatchObject({
      AUTH_SECRET: embedded.AUTH_SECRET,
      ADMIN_PASSWORD: embedded.ADMIN_PASSWORD,
    });
  });

  it("gives a test run without secrets random ones, the same for the whole process, never a known value", () => {
    const a = parseConfig({ NODE_ENV: "test", DATABASE_URL: "postgresql://x/y" });
    const b = parseConfig({ NODE_ENV: "test", DATABASE_URL: "postgresql://x/z" });
    expect(a.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(a.ADMIN_PASSWORD.length).toBeGreaterThanOrEqual(12);
    expect(b).toMatchObject({ AUTH_SECRET: a.AUTH_SECRET, ADMIN_PASSWORD: a.ADMIN_PASSWORD });
    expect([a.AUTH_SECRET, a.ADMIN_PASSWORD]).not.toContain("admin");
    expect(
      parseConfig({ NODE_ENV: "test", DATABASE_URL: "x", AUTH_SECRET: "t".repeat(32), ADMIN_PASSWORD: "given" }),
    ).toMatchObject({
      AUTH_SECRET: "t".repeat(32),
      ADMIN_PASSWORD: "given",
    });
  });

  it("reads numbers from strings and names every bad setting", () => {
    const db = { DATABASE_URL: "postgresql://x/y", AUTH_SECRET: "s".repeat(32), ADMIN_PASSWORD: "pw" };
    expect(parseConfig({ ...db, QUEUE_MAX_ACTIVE: "7" }).QUEUE_MAX_ACTIVE).toBe(7);
    expect(() => parseConfig({ ...db, QUEUE_MAX_ACTIVE: "0", HOLD_TTL_SECONDS: "x" })).toThrow(
      /QUEUE_MAX_ACTIVE[\s\S]*HOLD_TTL_SECONDS/,
    );
    expect(() => parseConfig({ ...db, MAX_BALANCE: "20000000" })).toThrow(/MAX_BALANCE/);
    expect(() => parseConfig({ ...db, AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET/);
    expect(() => parseConfig({})).toThrow(/DATABASE_URL/);
  });

  it("takes a METRICS_TOKEN of 16+ characters without spaces; unset by default", () => {
    const db = { DATABASE_URL: "postgresql://x/y", AUTH_SECRET: "s".repeat(32), ADMIN_PASSWORD: "pw" };
    expect(parseConfig(db).METRICS_TOKEN).toBeUndefined();
    expect(parseConfig({ ...db, METRICS_TOKEN: "m".repeat(16) }).METRICS_TOKEN).toBe("m".repeat(16));
    for (const bad of ["", "m".repeat(15), "sixteen chars ok but spaced"]) {
      expect(() => parseConfig({ ...db, METRICS_TOKEN: bad }), bad).toThrow(/METRICS_TOKEN/);
    }
  });

  it("takes the venue's time zone as an IANA name, Asia/Seoul by default", () => {
    const db = { DATABASE_URL: "postgresql://x/y", AUTH_SECRET: "s".repeat(32), ADMIN_PASSWORD: "pw" };
    expect(parseConfig(db).VENUE_TIME_ZONE).toBe("Asia/Seoul");
    expect(parseConfig({ ...db, VENUE_TIME_ZONE: "Europe/London" }).VENUE_TIME_ZONE).toBe("Europe/London");
    for (const bad of ["", "Seoul", "Asia/Nowhere", "+09:00"]) {
      expect(() => parseConfig({ ...db, VENUE_TIME_ZONE: bad }), bad).toThrow(/VENUE_TIME_ZONE/);
    }
  });

  it("takes a Redis Cluster's nodes as host:port by commas, instead of REDIS_URL, with a prefix free of braces", () => {
    const db = { DATABASE_URL: "postgresql://x/y", AUTH_SECRET: "s".repeat(32), ADMIN_PASSWORD: "pw" };
    expect(parseConfig(db).REDIS_CLUSTER_NODES).toBeUndefined();
    expect(
      parseConfig({ ...db, REDIS_CLUSTER_NODES: "10.0.0.1:7000, redis-b.internal:7001,[::1]:7002" }),
    ).toMatchObject({
      REDIS_CLUSTER_NODES: [
        { host: "10.0.0.1", port: 7000 },
        { host: "redis-b.internal", port: 7001 },
        { host: "::1", port: 7002 },
      ],
    });
    for (const bad of ["", "10.0.0.1", "10.0.0.1:0", "10.0.0.1:70000", "a:1,,b:2", "redis://a:1", "::1:7000"]) {
      expect(() => parseConfig({ ...db, REDIS_CLUSTER_NODES: bad }), bad).toThrow(/REDIS_CLUSTER_NODES/);
    }
    const cluster = { ...db, REDIS_CLUSTER_NODES: "10.0.0.1:7000" };
    expect(() => parseConfig({ ...cluster, REDIS_URL: "redis://10.0.0.1:6379" })).toThrow(
      /REDIS_CLUSTER_NODES: set either REDIS_URL .* or REDIS_CLUSTER_NODES .*, not both/,
    );
    expect(() => parseConfig({ ...cluster, REDIS_KEY_PREFIX: "{cb}:" })).toThrow(/REDIS_KEY_PREFIX: must not contain/);
    expect(parseConfig({ ...db, REDIS_URL: "redis://x:6379", REDIS_KEY_PREFIX: "{cb}:" }).REDIS_KEY_PREFIX).toBe(
      "{cb}:",
    );
  });
});
