import { log, summarize, type Figures } from "../lib/compare";
import { runLoad, withCpu, type LoadResult } from "../lib/load";
import type { Server } from "../lib/servers";
import type { Services } from "../lib/services";
import { SETTINGS } from "../lib/settings";
import type { PollWorkloads } from "./queue";
import { mergeRuns, seatRush, warmUp, type RushSummary } from "./seats";

type Ctx = { s: Services; app: Server; app2: Server; baseline: Server; concertId: string };

export type TwoInstances = {
  poll: { app: Figures; baseline: Figures; ratio: number };
  rush: RushSummary;
};

/**
 * The same load over two app instances sharing the database and Redis, half the connections to
 * each (a load balancer's job, done here by the load generator): queue polls, then the wide seat
 * rush, each against the baseline again in alternating rounds.
 */
export async function twoInstances(ctx: Ctx, poll: PollWorkloads): Promise<TwoInstances> {
  const { app, app2, baseline } = ctx;
  const half = Math.floor(SETTINGS.connections / 2);
  const both = async (seconds: number) =>
    mergeRuns(await Promise.all([app, app2].map((a) => runLoad(a.url, poll.app(), { seconds, connections: half }))));
  await both(SETTINGS.warmupSeconds);
  const a: LoadResult[] = [];
  const b: LoadResult[] = [];
  for (let round = 1; round <= SETTINGS.rounds; round++) {
    b.push(
      await withCpu([baseline.child.pid], () =>
        runLoad(baseline.url, poll.baseline(), { seconds: SETTINGS.roundSeconds }),
      ),
    );
    a.push(await withCpu([app.child.pid, app2.child.pid], () => both(SETTINGS.roundSeconds)));
    log(
      `queue-poll x2 round ${round}: baseline ${Math.round(b.at(-1)!.rps)} req/s | two apps ${Math.round(a.at(-1)!.rps)} req/s, p99 ${a.at(-1)!.p99} ms`,
    );
  }
  const pollFigures = { app: summarize(a), baseline: summarize(b) };
  await warmUp(ctx, [app, app2]);
  const { summary } = await seatRush(ctx, SETTINGS.rushDates, [app, app2]);
  return { poll: { ...pollFigures, ratio: pollFigures.app.rps / pollFigures.baseline.rps }, rush: summary };
}
