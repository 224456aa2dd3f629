/**
 * The baseline of every bench scenario: a minimal node:http server that does the same backing
 * work as the app, with nothing around it — no routing framework, no validation, no tokens, no
 * queue gate, no logs or metrics. What the machine can do for each call, to hold the app against.
 *
 * - `POST /join {concertId, userId}`: the queue store's JOIN script (EVALSHA).
 * - `GET /status/<concertId>/<userId>/<ticket>`: the STATUS script.
 * - `POST /hold {userId, concertId, scheduleId, seatNumbers}`: the hold transaction through `pg`,
 *   exactly the app's prepared batch (holdBatch) run the app's way (runBatch): one round trip,
 *   plans kept per connection.
 * - `POST /pay {userId, concertId, reservationId}`: the payment transaction, likewise (payBatch).
 * Settings from the environment (DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX, PORT), the queue and
 * pool settings at the app's defaults.
 */
import { randomInt } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Redis } from "ioredis";
import pg from "pg";
import { runBatch } from "@/server/infra/batch";
import { payBatch } from "@/server/payments/payments.repo";
import { JOIN, STATUS } from "@/server/queue/queue-scripts";
import { concertKeys, rulesArgs, userKey } from "@/server/queue/redis-queue-store";
import { holdBatch } from "@/server/reservations/reservations.repo";

const env = process.env;
const POOL_SIZE = 10;
const MAX_ACTIVE = 100;
const ACTIVE_TTL_MS = 600_000;
const PASS_MAX_MS = 900_000;
const IDLE_TIMEOUT_S = 300;
const TICK_MS = 250;
const HOLD_TTL_MS = 300_000;
const MAX_SEATS = 4;

type Reply = [string, number, number, number, number, number, string];
const redis = new Redis(env.REDIS_URL!, { keyPrefix: env.REDIS_KEY_PREFIX }) as Redis & {
  queueJoin(...args: (string | number)[]): Promise<Reply>;
  queueStatus(...args: (string | number)[]): Promise<Reply>;
};
redis.defineCommand("queueJoin", { numberOfKeys: 8, lua: JOIN });
redis.defineCommand("queueStatus", { numberOfKeys: 8, lua: STATUS });
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: POOL_SIZE });

/** The scripts' timing ARGV, as RedisQueueStore sends them (a fresh random seed included). */
function timing(): number[] {
  const now = Date.now();
  const nowSec = Math.floor(now / 1000);
  return [now, ACTIVE_TTL_MS, PASS_MAX_MS, nowSec - IDLE_TIMEOUT_S, nowSec, TICK_MS, randomInt(2 ** 31)];
}

/** An open line at the default cap, as a join passes a line's rules (version 0: never changed). */
const RULES = rulesArgs({
  version: 0,
  opensAt: 0,
  paused: false,
  closed: false,
  maxActive: MAX_ACTIVE,
  admitPerMinute: 0,
});

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function readJson(req: IncomingMessage): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8"))));
    req.on("error", reject);
  });
}

async function hold(body: Record<string, any>): Promise<[number, unknown]> {
  const now = new Date();
  const seatNumbers = [...(body.seatNumbers as number[])].sort((a, b) => a - b);
  const [, , [h]] = (await runBatch(
    pool,
    holdBatch({
      userId: body.userId,
      concertId: body.concertId,
      scheduleId: body.scheduleId,
      seatNumbers,
      now,
      expiresAt: new Date(now.getTime() + HOLD_TTL_MS),
      maxSeatsPerUser: MAX_SEATS,
    }),
  )) as [unknown, unknown, Record<string, any>[]];
  if (h?.reservationId) return [201, { reservationId: h.reservationId, seats: h.seats, totalPrice: h.totalPrice }];
  return [h?.taken?.length ? 409 : 422, { message: "refused" }];
}

async function pay(body: Record<string, any>): Promise<[number, unknown]> {
  const now = new Date();
  const [, [r], , [settled]] = (await runBatch(
    pool,
    payBatch({ reservationId: body.reservationId, userId: body.userId, concertId: body.concertId, now }),
  )) as Record<string, any>[][] as [unknown, Record<string, any>[], unknown, Record<string, any>[]];
  if (settled?.paymentId)
    return [201, { paymentId: settled.paymentId, amount: r?.totalPrice, balance: settled.balance }];
  if (!r || r.status !== "HELD") return [409, { message: "refused" }];
  return [settled?.balanceBefore < r.totalPrice ? 402 : 410, { message: "refused" }];
}

const server = createServer((req, res) => {
  const url = req.url ?? "/";
  const work = async (): Promise<[number, unknown]> => {
    if (url.startsWith("/status/")) {
      const [, , concertId, userId, ticket] = url.split("/");
      const now = Date.now();
      const nowSec = Math.floor(now / 1000);
      const reply = await redis.queueStatus(
        ...concertKeys(concertId!),
        userKey(userId!),
        ticket!,
        now,
        nowSec - IDLE_TIMEOUT_S,
        nowSec,
      );
      return [200, { status: reply[0], position: reply[2] }];
    }
    if (url === "/join") {
      const { concertId, userId } = await readJson(req);
      const reply = await redis.queueJoin(...concertKeys(concertId), userKey(userId), ...timing(), ...RULES);
      return [201, { status: reply[0], ticket: reply[1], position: reply[2] }];
    }
    if (url === "/hold") return hold(await readJson(req));
    if (url === "/pay") return pay(await readJson(req));
    if (url === "/health") return [200, { status: "ok" }];
    return [404, { message: "Not found" }];
  };
  work().then(
    ([status, body]) => send(res, status, body),
    (err: Error) => send(res, 500, { message: err.message }),
  );
});
server.keepAliveTimeout = 65_000;
server.listen(Number(env.PORT ?? 0), () =>
  console.log(`Ready on http://localhost:${(server.address() as { port: number }).port}`),
);
process.once("SIGTERM", () => {
  server.close(() => void Promise.allSettled([pool.end(), redis.quit()]).then(() => process.exit(0)));
  server.closeIdleConnections();
});
