/**
 * Clients holding many open event streams (`GET /api/v1/queue/events`) for the queue-events
 * scenario. The sockets are held by child processes (this same file, forked), a share each: one
 * process may hold only as many sockets as its open-files limit, and the bench process must stay
 * well under its own. Each child parses the streams' Server-Sent Events and timestamps, with a
 * clock every process on the machine shares (performance.timeOrigin + performance.now()), the first
 * event after a mark that shows a stream's news; the parent asks for those times over IPC.
 */
import { fork, type ChildProcess } from "node:child_process";
import http from "node:http";
import { fileURLToPath } from "node:url";

/** The fields of a status event the scenario reads (the event carries GET /queue/status's JSON). */
type View = { status: string; position: number };

/** What a child reports once its share of streams is open. */
export type Opened = {
  /** Streams whose first status event arrived. */
  opened: number;
  /** Streams not opened, by HTTP status or error code. */
  refused: Record<string, number>;
  /** Places shown below the true place, and places in the first 1,000 not exactly right. */
  placesBelowTrue: number;
  placesInexactFront: number;
};

/** One admission's arrival times at a child's streams. */
export type Collected = {
  /** Streams that were WAITING at the mark. */
  concerned: number;
  /** For each concerned stream that showed the news: ms from `t0` to that event. */
  latencies: number[];
  /** Streams that had ended (closed by the server) since they opened. */
  ended: number;
  placesBelowTrue: number;
  placesInexactFront: number;
};

type ToChild =
  | { type: "open"; url: string; tokens: string[]; places: number[]; concurrency: number }
  | { type: "mark" }
  | { type: "progress" }
  | { type: "collect"; t0: number; admitted: number }
  | { type: "close" };

type FromChild =
  | ({ type: "opened" } & Opened)
  | { type: "marked" }
  | { type: "progress"; concerned: number; reached: number }
  | ({ type: "collected" } & Collected)
  | { type: "closed" };

/** A wall clock in ms, with sub-ms resolution, that every process on the machine reads alike. */
export const sharedNow = () => performance.timeOrigin + performance.now();

// ---- child side ----

type Stream = {
  /** The holder's true place when the stream was opened. */
  place: number;
  view?: View;
  before?: View;
  reachedAt?: number;
  ended: boolean;
  req?: http.ClientRequest;
};

function runChild(): void {
  const streams: Stream[] = [];
  const send = (m: FromChild) => process.send!(m);

  /** Opens one stream; resolves once its first status event arrived, or it was refused. */
  const openOne = (url: URL, token: string, stream: Stream, refused: Record<string, number>) =>
    new Promise<void>((resolve) => {
      let settled = false;
      const settle = (reason?: string) => {
        if (reason) refused[reason] = (refused[reason] ?? 0) + 1;
        if (!settled) resolve();
        settled = true;
      };
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: "/api/v1/queue/events",
          headers: { "x-queue-token": token, accept: "text/event-stream" },
          agent: false,
        },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            stream.ended = true;
            return settle(String(res.statusCode));
          }
          res.setEncoding("utf8");
          let buffer = "";
          res.on("data", (chunk: string) => {
            buffer += chunk;
            let end: number;
            while ((end = buffer.indexOf("\n\n")) !== -1) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              let event = "message";
              let data = "";
              for (const line of block.split("\n")) {
                if (line.startsWith("event:")) event = line.slice(6).trim();
                else if (line.startsWith("data:")) data += line.slice(5).trim();
              }
              if (event !== "status") continue;
              const at = sharedNow();
              const view = JSON.parse(data) as View;
              stream.view = view;
              const b = stream.before;
              if (b && stream.reachedAt === undefined && b.status === "WAITING") {
                if (view.status !== "WAITING" || view.position < b.position) stream.reachedAt = at;
              }
              settle();
            }
          });
          res.on("close", () => {
            stream.ended = true;
            settle(stream.view ? undefined : "closed before the first event");
          });
        },
      );
      stream.req = req;
      req.on("error", (err: NodeJS.ErrnoException) => {
        stream.ended = true;
        settle(stream.view ? undefined : (err.code ?? err.message));
      });
      req.end();
    });

  /** Shown places against the true ones, `admitted` admissions after the streams opened. */
  const places = (admitted: number) => {
    let below = 0;
    let inexact = 0;
    for (const s of streams) {
      if (s.ended || s.view?.status !== "WAITING") continue;
      const truePlace = s.place - admitted;
      if (s.view.position < truePlace) below++;
      if (truePlace <= 1_000 && s.view.position !== truePlace) inexact++;
    }
    return { placesBelowTrue: below, placesInexactFront: inexact };
  };

  const concerned = () => streams.filter((s) => s.before?.status === "WAITING");

  process.on("message", (m: ToChild) => {
    void (async () => {
      if (m.type === "open") {
        const url = new URL(m.url);
        const refused: Record<string, number> = {};
        const mine = m.tokens.map((_, i) => ({ place: m.places[i]!, ended: false }) as Stream);
        streams.push(...mine);
        let next = 0;
        await Promise.all(
          Array.from({ length: m.concurrency }, async () => {
            while (next < mine.length) {
              const i = next++;
              await openOne(url, m.tokens[i]!, mine[i]!, refused);
            }
          }),
        );
        const opened = streams.filter((s) => s.view && !s.ended).length;
        send({ type: "opened", opened, refused, ...places(0) });
      } else if (m.type === "mark") {
        for (const s of streams) {
          s.before = s.ended ? undefined : s.view;
          s.reachedAt = undefined;
        }
        send({ type: "marked" });
      } else if (m.type === "progress") {
        const c = concerned();
        send({ type: "progress", concerned: c.length, reached: c.filter((s) => s.reachedAt !== undefined).length });
      } else if (m.type === "collect") {
        const c = concerned();
        send({
          type: "collected",
          concerned: c.length,
          latencies: c.filter((s) => s.reachedAt !== undefined).map((s) => s.reachedAt! - m.t0),
          ended: streams.filter((s) => s.ended).length,
          ...places(m.admitted),
        });
      } else if (m.type === "close") {
        for (const s of streams) s.req?.destroy();
        streams.length = 0;
        send({ type: "closed" });
      }
    })();
  });
}

if (process.env.BENCH_EVENT_CLIENT === "1" && process.send) runChild();

// ---- parent side ----

/** A client process and the answers awaited from it, in the order asked (it answers in that order). */
type Child = { process: ChildProcess; waiting: { answer: (m: FromChild) => void; fail: (e: Error) => void }[] };

function ask<T extends FromChild["type"]>(
  child: Child,
  message: ToChild,
  reply: T,
): Promise<Extract<FromChild, { type: T }>> {
  return new Promise((resolve, reject) => {
    child.waiting.push({
      answer: (m) =>
        m.type === reply
          ? resolve(m as Extract<FromChild, { type: T }>)
          : reject(new Error(`event client answered ${m.type} to ${message.type}`)),
      fail: reject,
    });
    child.process.send(message);
  });
}

/** `count` client processes, each holding its share of the streams. */
export class EventClients {
  private constructor(private readonly children: Child[]) {}

  static async start(count: number): Promise<EventClients> {
    const file = fileURLToPath(import.meta.url);
    const children = await Promise.all(
      Array.from({ length: count }, () => {
        const proc = fork(file, [], {
          execArgv: ["--import", "tsx"],
          env: { ...process.env, BENCH_EVENT_CLIENT: "1" },
          stdio: ["ignore", "inherit", "inherit", "ipc"],
        });
        const child: Child = { process: proc, waiting: [] };
        proc.on("message", (m: FromChild) => child.waiting.shift()?.answer(m));
        // A client that dies fails whatever was asked of it, rather than leaving the bench waiting.
        proc.on("exit", (code, signal) => {
          for (const w of child.waiting.splice(0)) w.fail(new Error(`an event client exited (${signal ?? code})`));
        });
        return new Promise<Child>((resolve, reject) => {
          proc.once("spawn", () => resolve(child));
          proc.once("error", reject);
        });
      }),
    );
    return new EventClients(children);
  }

  /**
   * Opens a stream for each token (`places[i]`: its holder's true place), the tokens dealt out
   * over the children in turn, `concurrency` opening at a time in each child.
   */
  async open(url: string, tokens: string[], places: number[], concurrency = 100): Promise<Opened> {
    const n = this.children.length;
    const replies = await Promise.all(
      this.children.map((c, k) =>
        ask(
          c,
          {
            type: "open",
            url,
            tokens: tokens.filter((_, i) => i % n === k),
            places: places.filter((_, i) => i % n === k),
            concurrency,
          },
          "opened",
        ),
      ),
    );
    const refused: Record<string, number> = {};
    for (const r of replies) for (const [k, v] of Object.entries(r.refused)) refused[k] = (refused[k] ?? 0) + v;
    return {
      opened: replies.reduce((a, r) => a + r.opened, 0),
      refused,
      placesBelowTrue: replies.reduce((a, r) => a + r.placesBelowTrue, 0),
      placesInexactFront: replies.reduce((a, r) => a + r.placesInexactFront, 0),
    };
  }

  /** Remembers every stream's status now: the news of the next admission is measured from here. */
  async mark(): Promise<void> {
    await Promise.all(this.children.map((c) => ask(c, { type: "mark" }, "marked")));
  }

  async progress(): Promise<{ concerned: number; reached: number }> {
    const replies = await Promise.all(this.children.map((c) => ask(c, { type: "progress" }, "progress")));
    return {
      concerned: replies.reduce((a, r) => a + r.concerned, 0),
      reached: replies.reduce((a, r) => a + r.reached, 0),
    };
  }

  async collect(t0: number, admitted: number): Promise<Collected> {
    const replies = await Promise.all(this.children.map((c) => ask(c, { type: "collect", t0, admitted }, "collected")));
    return {
      concerned: replies.reduce((a, r) => a + r.concerned, 0),
      latencies: replies.flatMap((r) => r.latencies),
      ended: replies.reduce((a, r) => a + r.ended, 0),
      placesBelowTrue: replies.reduce((a, r) => a + r.placesBelowTrue, 0),
      placesInexactFront: replies.reduce((a, r) => a + r.placesInexactFront, 0),
    };
  }

  /** Closes every stream the children hold (they stay up for another `open`). */
  async closeStreams(): Promise<void> {
    await Promise.all(this.children.map((c) => ask(c, { type: "close" }, "closed")));
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.process.exitCode !== null || c.process.signalCode !== null) return resolve();
            c.process.once("exit", () => resolve());
            c.process.kill("SIGTERM");
          }),
      ),
    );
  }
}
