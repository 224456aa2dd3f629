/**
 * A throwaway Redis Cluster for tests: three masters (no replicas) on loopback ports, from the
 * machine's `redis-server`, set up as `redis-cli --cluster create` does it (the 16,384 slots split
 * evenly in order, a config epoch each, CLUSTER MEET) but through plain commands, so `redis-cli`
 * is not needed. Its nodes keep nothing on disk but their cluster config, in a temporary folder
 * removed when it stops. About a second to start.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import type { RedisNode } from "@/server/infra/redis";
import { freePort } from "./free-port";
import { redisServerBinary } from "./redis-binary";

const SLOTS = 16_384;
const HOST = "127.0.0.1";
const START_TIMEOUT_MS = 15_000;

export type TestRedisCluster = {
  /** The masters, each serving a third of the slots, in slot order. */
  nodes: RedisNode[];
  /** The nodes as REDIS_CLUSTER_NODES takes them. */
  setting: string;
  /** A plain client (no key prefix, no redirection) to the master on `port`: what that node really holds. */
  direct(port: number): Redis;
  /** The port of the master serving `slot`, as the cluster itself says (CLUSTER SLOTS). */
  masterOf(slot: number): Promise<number>;
  /** Kills the master on `port` at once (SIGKILL), as a crash; no replica takes over. */
  crash(port: number): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Why this machine cannot run the cluster, or undefined when it can: it needs a `redis-server` of
 * 7.0 or later (its cluster bus port is set apart from the client port, so any two free ports do).
 */
export function redisClusterUnavailable(): string | undefined {
  const binary = redisServerBinary();
  if (!binary) return "no redis-server on PATH (nor REDISMS_SYSTEM_BINARY)";
  const version = /v=(\d+)\./.exec(spawnSync(binary, ["--version"], { encoding: "utf8" }).stdout ?? "");
  if (!version) return `${binary} --version did not say its version`;
  if (Number(version[1]) < 7) return `${binary} is Redis ${version[1]}; the cluster tests need 7.0 or later`;
  return undefined;
}

async function distinctFreePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

function clusterInfo(redis: Redis): Promise<string> {
  return redis.call("CLUSTER", "INFO") as Promise<string>;
}

/** Starts a cluster of `masters` masters and waits until every node says cluster_state:ok. */
async function startRedisCluster(masters = 3): Promise<TestRedisCluster> {
  const binary = redisServerBinary();
  if (!binary) throw new Error("no redis-server to start a cluster with");
  const dir = await mkdtemp(path.join(tmpdir(), "cb-test-cluster-"));
  const children: ChildProcess[] = [];
  const byPort = new Map<number, ChildProcess>();
  const clients = new Map<number, Redis>();
  // Should the test process end without stop(), its servers end with it.
  const killAll = () => children.forEach((child) => child.kill("SIGKILL"));
  process.once("exit", killAll);

  const stop = async () => {
    process.off("exit", killAll);
    for (const client of clients.values()) client.disconnect();
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const force = setTimeout(() => child.kill("SIGKILL"), 3_000);
            child.once("exit", () => {
              clearTimeout(force);
              resolve();
            });
            child.kill("SIGTERM");
          }),
      ),
    );
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const ports = await distinctFreePorts(2 * masters);
    const nodes = ports.slice(0, masters).map((port) => ({ host: HOST, port }));
    const busPorts = ports.slice(masters);
    await Promise.all(
      nodes.map(async ({ port }, i) => {
        // As a daemonless server: the test owns the process and its end.
        const child = spawn(
          binary,
          [
            ...["--port", String(port), "--cluster-port", String(busPorts[i]), "--bind", HOST],
            ...["--cluster-enabled", "yes", "--cluster-config-file", `nodes-${port}.conf`, "--dir", dir],
            ...["--cluster-node-timeout", "5000", "--appendonly", "no", "--save", "", "--daemonize", "no"],
          ],
          { stdio: ["ignore", "pipe", "pipe"] },
        );
        children.push(child);
        byPort.set(port, child);
        let output = "";
        const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2_000));
        child.stdout!.on("data", keep);
        child.stderr!.on("data", keep);
        const client = new Redis({ host: HOST, port, retryStrategy: () => 20, maxRetriesPerRequest: null });
        client.on("error", () => {}); // refused until the server listens
        clients.set(port, client);
        await new Promise<void>((resolve, reject) => {
          const fail = (reason: string) => reject(new Error(`redis-server on ${port} ${reason}:\n${output}`));
          const timer = setTimeout(() => fail("did not answer"), START_TIMEOUT_MS);
          child.once("exit", (code) => fail(`exited (${code})`));
          client.ping().then(() => {
            clearTimeout(timer);
            resolve();
          }, reject);
        });
      }),
    );

    const per = Math.floor(SLOTS / masters);
    for (const [i, { port }] of nodes.entries()) {
      const client = clients.get(port)!;
      const first = i * per;
      const last = i === masters - 1 ? SLOTS - 1 : first + per - 1;
      const slots = Array.from({ length: last - first + 1 }, (_, k) => String(first + k));
      await client.call("CLUSTER", "ADDSLOTS", ...slots);
      await client.call("CLUSTER", "SET-CONFIG-EPOCH", String(i + 1));
    }
    const [head, ...rest] = nodes;
    for (const [i, { port }] of rest.entries()) {
      await clients.get(head!.port)!.call("CLUSTER", "MEET", HOST, String(port), String(busPorts[i + 1]));
    }

    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const infos = await Promise.all(nodes.map(({ port }) => clusterInfo(clients.get(port)!)));
      const ok = infos.every(
        (info) => info.includes("cluster_state:ok") && info.includes(`cluster_known_nodes:${masters}\r`),
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`the cluster did not form:\n${infos.join("\n")}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    return {
      nodes,
      setting: nodes.map(({ host, port }) => `${host}:${port}`).join(","),
      direct: (port) => {
        const client = clients.get(port);
        if (!client) throw new Error(`no master on ${port}`);
        return client;
      },
      async masterOf(slot) {
        const ranges = (await clients.get(head!.port)!.call("CLUSTER", "SLOTS")) as [
          number,
          number,
          [string, number],
        ][];
        const range = ranges.find(([from, to]) => slot >= from && slot <= to);
        if (!range) throw new Error(`no master serves slot ${slot}`);
        return range[2][1];
      },
      async crash(port) {
        const child = byPort.get(port);
        if (!child) throw new Error(`no master on ${port}`);
        clients.get(port)!.disconnect();
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGKILL");
        await exited;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * For a test file: a cluster started before its tests (before hooks registered later, such as
 * useTestApp's, so those can use it) and stopped after them, also when they fail.
 */
export function useRedisCluster(): { readonly cluster: TestRedisCluster } {
  let cluster: TestRedisCluster | undefined;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  }, 30_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  return {
    get cluster() {
      if (!cluster) throw new Error("the Redis Cluster is not started yet (read it inside a hook or a test)");
      return cluster;
    },
  };
}
