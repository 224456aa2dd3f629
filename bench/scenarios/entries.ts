import { compareSides, type MultiComparison } from "../lib/compare";
import type { Server } from "../lib/servers";
import type { PollWorkloads } from "./queue";

/**
 * The app's ways of serving the API, on the same call: the production entry (what `npm start` and
 * the Docker image run), the same entry bundled with tRPC as published (without
 * patches/@trpc+server+*.patch), and `next start` serving it through the route handlers.
 */
type Entry = "production" | "unpatchedTrpc" | "nextStart";

export type Entries = { poll: MultiComparison<Entry> };

type Ctx = { baseline: Server; servers: Record<Entry, Server>; workloads: PollWorkloads };

/**
 * entries: queue-poll (`GET /api/v1/queue/status`, the line of queue-poll) against each way of
 * serving the API and the baseline, in rounds that go baseline, then each entry.
 */
export async function entries({ baseline, servers, workloads }: Ctx): Promise<Entries> {
  const side = (server: Server) => ({ url: server.url, pids: [server.child.pid], workload: workloads.app });
  const poll = await compareSides(
    "entries: queue-poll",
    { url: baseline.url, pids: [baseline.child.pid], workload: workloads.baseline },
    {
      production: side(servers.production),
      unpatchedTrpc: side(servers.unpatchedTrpc),
      nextStart: side(servers.nextStart),
    },
  );
  return { poll };
}
