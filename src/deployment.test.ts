import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import dockerignore from "@balena/dockerignore";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

/**
 * Docker cannot run on the machines that test this project, so the deployment files are checked
 * by reading them: the services, ports, health checks and settings they must have.
 */
const root = path.resolve(import.meta.dirname, "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

type Service = {
  build?: unknown;
  image?: string;
  ports?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
};
const compose = parse(read("docker-compose.yml"), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;

describe("docker-compose.yml", () => {
  it("runs PostgreSQL, Redis, two app replicas and a load balancer", () => {
    expect(Object.keys(services).sort()).toEqual(["app1", "app2", "lb", "postgres", "redis"]);
    expect(services.postgres!.image).toMatch(/^postgres:/);
    expect(services.redis!.image).toMatch(/^redis:/);
    expect(services.lb!.image).toMatch(/^nginx:/);
    expect(services.app1!.build).toBe(".");
  });

  it("keeps Redis on disk (append-only file on a volume), so a restart keeps the lines", () => {
    const command = (services.redis as { command?: string[] }).command ?? [];
    expect(command.join(" ")).toMatch(/--appendonly yes/);
    expect(services.redis!.volumes?.some((v) => v.endsWith(":/data"))).toBe(true);
  });

  it("publishes one port only, the load balancer's", () => {
    const published = Object.entries(services).filter(([, s]) => s.ports?.length);
    expect(published.map(([name]) => name)).toEqual(["lb"]);
    expect(services.lb!.ports).toEqual(["8080:80"]);
  });

  it("gives every service a health check and starts each after what it needs is healthy", () => {
    for (const [name, s] of Object.entries(services)) expect(s.healthcheck?.test, name).toBeDefined();
    for (const app of ["app1", "app2"]) {
      expect(services[app]!.depends_on).toEqual({
        postgres: { condition: "service_healthy" },
        redis: { condition: "service_healthy" },
      });
      expect(services[app]!.healthcheck!.test.join(" ")).toContain("/api/health");
    }
    expect(services.lb!.depends_on).toEqual({
      app1: { condition: "service_healthy" },
      app2: { condition: "service_healthy" },
    });
  });

  it("points both replicas at the same database and Redis and requires the secrets", () => {
    for (const app of ["app1", "app2"]) {
      const env = services[app]!.environment!;
      expect(env.DATABASE_URL).toMatch(/@postgres:5432\//);
      expect(env.REDIS_URL).toBe("redis://redis:6379");
      expect(env.TRUST_PROXY).toBe("1");
      expect(env.AUTH_SECRET).toMatch(/^\$\{AUTH_SECRET:\?/);
      expect(env.ADMIN_PASSWORD).toMatch(/^\$\{ADMIN_PASSWORD:\?/);
      expect(env.TICKET_SIGNING_KEY).toMatch(/^\$\{TICKET_SIGNING_KEY:\?/);
    }
    expect(services.app1!.environment).toEqual(services.app2!.environment);
  });

  it("balances over both replicas with nginx", () => {
    expect(services.lb!.volumes).toContain("./deploy/nginx.conf:/etc/nginx/nginx.conf:ro");
    const conf = read("deploy/nginx.conf");
    expect(conf).toMatch(/server app1:3000/);
    expect(conf).toMatch(/server app2:3000/);
    expect(conf).toMatch(/proxy_pass http:\/\/app;/);
  });

  it("does not expose /api/metrics through the load balancer", () => {
    const conf = read("deploy/nginx.conf");
    expect(conf).toMatch(/location \^~ \/api\/metrics \{\s*return 404;\s*\}/);
  });
});

describe("docker-compose.dev.yml", () => {
  const text = read("docker-compose.dev.yml");
  const dev = parse(text) as { name?: string; services: Record<string, Service & { command?: string[] }> };

  it("runs only PostgreSQL and Redis, from the same images as the deployment", () => {
    expect(Object.keys(dev.services).sort()).toEqual(["postgres", "redis"]);
    expect(dev.services.postgres!.image).toBe(services.postgres!.image);
    expect(dev.services.redis!.image).toBe(services.redis!.image);
    for (const [name, s] of Object.entries(dev.services)) expect(s.healthcheck?.test, name).toBeDefined();
  });

  it("needs no secret or other variable: nothing in it is interpolated", () => {
    // Compose substitutes ${NAME} and $NAME anywhere in the file; `${X:?}` would refuse to start without X.
    expect(text.match(/\$(\{|[A-Za-z_])/g)).toBeNull();
  });

  it("publishes PostgreSQL on 5432 and Redis on 6379, on the loopback interface only", () => {
    expect(dev.services.postgres!.ports).toEqual(["127.0.0.1:5432:5432"]);
    expect(dev.services.redis!.ports).toEqual(["127.0.0.1:6379:6379"]);
  });

  it("is a project of its own, so it never reuses the deployment's containers or volumes", () => {
    expect(dev.name).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
    expect((compose as { name?: string }).name).not.toBe(dev.name);
  });

  it("shows URLs whose credentials and database are the ones it sets up", () => {
    const env = dev.services.postgres!.environment!;
    expect(text).toContain(
      `DATABASE_URL=postgresql://postgres:${env.POSTGRES_PASSWORD}@127.0.0.1:5432/${env.POSTGRES_DB} REDIS_URL=redis://127.0.0.1:6379`,
    );
    expect(text).toContain(
      `TEST_DATABASE_URL=postgresql://postgres:${env.POSTGRES_PASSWORD}@127.0.0.1:5432/postgres TEST_REDIS_URL=redis://127.0.0.1:6379`,
    );
  });
});

describe("Dockerfile", () => {
  const dockerfile = read("Dockerfile");
  it("builds in stages and runs Next's standalone server as a non-root user", () => {
    expect(dockerfile.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/NEXT_OUTPUT=standalone/);
    expect(dockerfile).toMatch(/COPY --from=build .*\/app\/\.next\/standalone/);
    expect(dockerfile).toMatch(/^USER app$/m);
    expect(dockerfile).toMatch(/CMD \["node", "server.js"\]/);
  });
  it("ships the migrations the app applies at start, and a health check", () => {
    expect(dockerfile).toMatch(/COPY .*prisma\/migrations \.\/prisma\/migrations/);
    expect(dockerfile).toMatch(/HEALTHCHECK .*\n?.*\/api\/health/);
  });
});

describe(".dockerignore", () => {
  const lines = read(".dockerignore").split("\n");
  const rules = dockerignore().add(lines);

  /** Files a developer's checkout may hold beside the sources: each may carry real secrets. */
  const ENV_FILES = [
    ".env",
    ".env.production",
    ".env.local",
    ".env.development.local",
    ".env.production.local",
    "src/.env",
    "e2e/.env.test",
  ];

  /**
   * The files `docker build .` sends as the context (Docker's own matching, via @balena/dockerignore),
   * from this checkout plus ENV_FILES as if they were there. An excluded folder is not walked unless
   * an exception (`!`) could bring something under it back.
   */
  function buildContext(): Set<string> {
    const prune = !lines.some((l) => l.trim().startsWith("!"));
    const files: string[] = [...ENV_FILES];
    const walk = (dir: string) => {
      for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const rel = dir ? `${dir}/${entry.name}` : entry.name;
        if (!entry.isDirectory()) files.push(rel);
        else if (!(prune && rules.ignores(rel))) walk(rel);
      }
    };
    walk("");
    return new Set(rules.filter(files));
  }
  const context = buildContext();

  it("keeps every .env file out of the image, wherever it is", () => {
    expect(ENV_FILES.filter((f) => context.has(f))).toEqual([]);
  });

  it("sends the sources and everything the Dockerfile copies from the context", () => {
    for (const file of [
      "package.json",
      "package-lock.json",
      "prisma.config.ts",
      "next.config.js",
      "tsconfig.json",
      "src/env.ts",
      "src/server/http/server.ts",
      "prisma/schema.prisma",
    ]) {
      expect(context.has(file), file).toBe(true);
    }
    const under = (dir: string) => [...context].filter((f) => f.startsWith(`${dir}/`));
    for (const dir of ["src/app", "src/server", "prisma/migrations", "patches", "public"])
      expect(under(dir).length, dir).toBeGreaterThan(0);
    // What `COPY <sources> <dest>` (not --from another stage) names must be there.
    const copied = [...read("Dockerfile").matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    for (const source of copied.filter((s) => s !== "."))
      expect(context.has(source) || under(source).length > 0, source).toBe(true);
  });

  it("leaves out dependencies, build output, local data and history", () => {
    for (const dir of ["node_modules", ".next", ".data", ".git", "src/generated"]) {
      expect(
        [...context].filter((f) => f === dir || f.startsWith(`${dir}/`)),
        dir,
      ).toEqual([]);
    }
  });
});
