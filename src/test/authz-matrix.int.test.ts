import { describe, expect, it } from "vitest";
import { createTokens } from "@/server/infra/tokens";
import { appRouter } from "@/server/trpc/root";
import { useTestApp } from "./app";
import { createStaffMember } from "@/server/staff/staff.service";
import { getReservationWithTickets } from "@/server/tickets/tickets.service";
import { requestPasswordReset, signIn, signUp } from "@/server/accounts/accounts.service";
import { adminToken, markPaid } from "./catalog-factory";
import { createConcertWithSchedule, createUser, joinQueue, type TestUser } from "./factories";
import { call } from "./http";
import { createHeldReservation } from "./reservation-factory";
import { stateFingerprint } from "./state";

/**
 * The authorization matrix: every procedure of the router, over REST (Bearer) and over tRPC
 * (cookies, as the web UI sends them), against every kind of wrong credential, answers the
 * contract's status (docs/API.md: 401 bad credential, 403 not allowed, 404 not yours). A refused
 * call changes nothing in the database or Redis. The list of procedures comes from the router
 * itself: a procedure missing from ACCESS below fails the first test.
 */
const app = useTestApp({ QUEUE_MAX_ACTIVE: 2, ADMIN_PASSWORD: "matrix-admin-pw" });

/** What a procedure requires, per docs/API.md. */
type Access =
  | "public"
  /** a user; answers only with the caller's own data */
  | "user"
  /** a user or nobody: no credential is fine, a bad one is refused (signing up) */
  | "caller"
  /** a user, about one of their own resources (someone else's: 404) */
  | "owned"
  /** the queue token alone (status polling) */
  | "queueToken"
  /** a user and their own queue token, in any state (leaving the line) */
  | "ownQueueToken"
  /** a user, an ACTIVE pass for the concert, and their own resource (payments) */
  | "pay"
  /** a user with an ACTIVE pass for the concert of what they touch */
  | "queuePass"
  | "admin";

type Fixture = {
  concertA: string;
  concertB: string;
  scheduleA: string;
  a: Principal;
  other: Principal;
  waiting: Principal;
  expired: Principal;
  passOtherConcert: string;
  admin: string;
  /** A seat number not used before in this test. */
  seat: () => number;
  /** A fresh HELD reservation of user a. */
  reservationOfA: () => Promise<string>;
};

type Principal = TestUser & { pass: string };

type Route = { access: Access; input?: (f: Fixture) => unknown };

const ACCESS: Record<string, Route> = {
  "users.create": { access: "public", input: () => ({}) },
  "users.me": { access: "user" },
  "queue.join": { access: "user", input: (f) => ({ concertId: f.concertA }) },
  "queue.status": { access: "queueToken" },
  "queue.leave": { access: "ownQueueToken" },
  "concerts.list": { access: "public" },
  "concerts.get": { access: "public", input: (f) => ({ concertId: f.concertA }) },
  "concerts.schedules": { access: "queuePass", input: (f) => ({ concertId: f.concertA }) },
  "concerts.seats": { access: "queuePass", input: (f) => ({ scheduleId: f.scheduleA }) },
  "reservations.hold": { access: "queuePass", input: (f) => ({ scheduleId: f.scheduleA, seatNumbers: [f.seat()] }) },
  "reservations.list": { access: "user" },
  "reservations.get": { access: "owned", input: async (f) => ({ id: await f.reservationOfA() }) },
  "reservations.cancel": { access: "owned", input: async (f) => ({ id: await f.reservationOfA() }) },
  "points.balance": { access: "user" },
  "points.charge": { access: "user", input: () => ({ amount: 100 }) },
  "points.history": { access: "user" },
  "payments.pay": { access: "pay", input: async (f) => ({ reservationId: await f.reservationOfA() }) },
  "payments.list": { access: "user" },
  "admin.session": { access: "public", input: () => ({ password: "matrix-admin-pw" }) },
  "admin.createConcert": { access: "admin", input: () => ({ title: "T", artist: "A", venue: "V" }) },
  "admin.createSchedule": {
    access: "admin",
    input: (f) => ({
      concertId: f.concertA,
      startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      price: 1000,
    }),
  },
  "admin.stats": { access: "admin" },
  "admin.lineControls": { access: "admin", input: (f) => ({ concertId: f.concertA }) },
  "admin.updateLineControls": { access: "admin", input: (f) => ({ concertId: f.concertA, maxActive: 2 }) },
  "admin.audit": { access: "admin", input: () => ({}) },
  "sales.csv": { access: "admin", input: (f) => ({ scheduleId: f.scheduleA }) },
  "changes.updateConcert": { access: "admin", input: (f) => ({ concertId: f.concertA, venue: "Hall C" }) },
  "changes.updateSchedule": { access: "admin", input: (f) => ({ scheduleId: f.scheduleA, price: 2000 }) },
  "refunds.cancelSchedule": {
    access: "admin",
    input: async () => ({ scheduleId: (await createConcertWithSchedule(app.deps)).scheduleIds[0] }),
  },
  "refunds.cancelConcert": {
    access: "admin",
    input: async () => ({ concertId: (await createConcertWithSchedule(app.deps)).concertId }),
  },
  "refunds.refund": {
    access: "owned",
    input: async (f) => {
      const reservationId = await f.reservationOfA();
      await markPaid(app.deps, reservationId);
      return { reservationId };
    },
  },
  "session.ensure": { access: "public" },
  "session.rename": { access: "user", input: () => ({ name: "Matrix" }) },
  "session.admin": { access: "public" },
  "session.adminLogin": { access: "public", input: () => ({ password: "matrix-admin-pw" }) },
  "session.adminLogout": { access: "public" },
  "staff.list": { access: "admin" },
  "staff.create": {
    access: "admin",
    input: () => ({ login: matrixLogin(), password: MATRIX_STAFF_PW, role: "staff" }),
  },
  "staff.remove": { access: "admin", input: async () => ({ login: await matrixStaff() }) },
  "staff.setPassword": {
    access: "admin",
    input: async () => ({ login: await matrixStaff(), password: `${MATRIX_STAFF_PW}-new` }),
  },
  "staff.signOut": { access: "admin" },
  "tickets.publicKey": { access: "public" },
  "tickets.checkIn": { access: "admin", input: async (f) => ({ code: await paidTicketCode(f) }) },
  "accounts.signUp": { access: "caller", input: signUpInput },
  "accounts.signIn": { access: "public", input: () => matrixAccount() },
  "accounts.refresh": {
    access: "public",
    input: async () => ({ refreshToken: (await signIn(app.deps, await matrixAccount())).refreshToken }),
  },
  "accounts.signOut": { access: "user" },
  "accounts.requestPasswordReset": { access: "public", input: () => ({ email: "nobody@example.com" }) },
  "accounts.confirmPasswordReset": {
    access: "public",
    input: async () => {
      const { email } = await matrixAccount();
      await requestPasswordReset(app.deps, email);
      const mail = await app.deps.db.mailOutbox.findFirst({ where: { to: email } });
      return { token: /token=([\w-]+)/.exec(mail!.body)![1], password: MATRIX_STAFF_PW };
    },
  },
  "accounts.outbox": { access: "admin" },
  "session.account": { access: "public" },
  "session.signUp": { access: "caller", input: signUpInput },
  "session.signIn": { access: "public", input: () => matrixAccount() },
  "session.signOut": { access: "public", input: () => ({}) },
};

/**
 * Routes served beside the procedures (REST only), each with what it requires: the queue's event
 * stream is the status call's checks, then a stream.
 */
const STREAMS: Record<string, Route & { path: string }> = {
  "queue.events": { access: "queueToken", path: "/queue/events" },
};

/** An account made for one call (its email and password), straight through the service. */
async function matrixAccount(): Promise<{ email: string; password: string }> {
  const credentials = { email: `${matrixLogin()}@example.com`, password: MATRIX_STAFF_PW };
  await signUp(app.deps, undefined, credentials);
  return credentials;
}

/**
 * Signing up upgrades the calling guest, whose guest token is refused from then on; the fixture's
 * users are made guests again before each call, so that every scenario finds them as it expects.
 */
async function signUpInput(f: Fixture) {
  const users = [f.a, f.other, f.waiting, f.expired].map((p) => p.userId);
  await app.deps.db.account.deleteMany({ where: { userId: { in: users } } });
  return { email: `${matrixLogin()}@example.com`, password: MATRIX_STAFF_PW };
}

const MATRIX_STAFF_PW = "matrix-staff-password";

/** The code of a fresh paid ticket of user a, so that every check-in allowed succeeds. */
async function paidTicketCode(f: Fixture): Promise<string> {
  const reservationId = await f.reservationOfA();
  await markPaid(app.deps, reservationId);
  return (await getReservationWithTickets(app.deps, f.a.userId, reservationId)).tickets[0]!.code;
}
let staffCount = 0;
const matrixLogin = () => `matrix-${++staffCount}`;
/** A staff account made for one call, so that removing it or changing its password succeeds. */
async function matrixStaff(): Promise<string> {
  const login = matrixLogin();
  await createStaffMember(app.deps, { login: "matrix" }, { login, password: MATRIX_STAFF_PW, role: "staff" });
  return login;
}

/** A credential pair as a client sends it. `authorization` is a raw header (REST only). */
type Credentials = { access?: string; authorization?: string; queue?: string };
type Outcome = "ok" | 401 | 403 | 404;
type Expected = Record<Access, Outcome | [403, string]>;

const NOT_ACTIVE: [403, string] = [403, "QUEUE_PASS_NOT_ACTIVE"];
const WRONG_CONCERT: [403, string] = [403, "QUEUE_PASS_WRONG_CONCERT"];
const NOT_THEIRS: [403, string] = [403, "FORBIDDEN"];

const badAccess: Expected = {
  public: "ok",
  user: 401,
  caller: 401,
  owned: 401,
  queueToken: "ok",
  ownQueueToken: 401,
  pay: 401,
  queuePass: 401,
  admin: 401,
};
const badQueue: Expected = {
  public: "ok",
  user: "ok",
  caller: "ok",
  owned: "ok",
  queueToken: 401,
  ownQueueToken: 401,
  pay: 401,
  queuePass: 401,
  admin: NOT_THEIRS,
};

type Scenario = {
  name: string;
  restOnly?: boolean;
  who: (f: Fixture) => Credentials | Promise<Credentials>;
  expect: Expected;
};

/**
 * Ordered so that the calls that succeed and consume something (a payment ends the pass, leaving
 * frees a slot) come last: the caller's own valid credentials are the final row.
 */
const SCENARIOS: Scenario[] = [
  { name: "no credential", who: () => ({}), expect: { ...badAccess, queueToken: 401, caller: "ok" } },
  { name: "malformed access token", who: (f) => ({ access: "not-a-jwt", queue: f.a.pass }), expect: badAccess },
  {
    name: "Authorization that is not Bearer",
    restOnly: true,
    who: (f) => ({ authorization: "Basic dXNlcjpwYXNz", queue: f.a.pass }),
    expect: badAccess,
  },
  {
    name: "tampered access token (sub changed)",
    who: (f) => ({ access: tamper(f.a.accessToken, { sub: f.other.userId }), queue: f.a.pass }),
    expect: badAccess,
  },
  {
    name: "access token signed with another secret",
    who: async (f) => ({ access: await forged.access(f.a.userId), queue: f.a.pass }),
    expect: badAccess,
  },
  {
    name: "unsigned access token (alg none)",
    who: (f) => ({ access: unsigned(f.a.accessToken), queue: f.a.pass }),
    expect: badAccess,
  },
  {
    name: "expired access token",
    who: async (f) => ({ access: await expired.access(f.a.userId), queue: f.a.pass }),
    expect: badAccess,
  },
  {
    name: "admin token where a user's is due",
    who: (f) => ({ access: f.admin, queue: f.a.pass }),
    expect: { ...badAccess, admin: "ok" },
  },
  {
    name: "tampered admin token (exp extended)",
    who: (f) => ({ access: tamper(f.admin, { exp: 9_999_999_999 }), queue: f.a.pass }),
    expect: badAccess,
  },
  {
    name: "expired admin token",
    who: async (f) => ({ access: await expired.admin(f.admin), queue: f.a.pass }),
    expect: badAccess,
  },
  { name: "queue token as access token", who: (f) => ({ access: f.a.pass, queue: f.a.pass }), expect: badAccess },
  { name: "no queue token", who: (f) => ({ access: f.a.accessToken }), expect: badQueue },
  { name: "malformed queue token", who: (f) => ({ access: f.a.accessToken, queue: "not-a-jwt" }), expect: badQueue },
  {
    name: "access token as queue token",
    who: (f) => ({ access: f.a.accessToken, queue: f.a.accessToken }),
    expect: badQueue,
  },
  {
    name: "tampered queue token (concert changed)",
    who: (f) => ({ access: f.a.accessToken, queue: tamper(f.a.pass, { cid: f.concertB }) }),
    expect: badQueue,
  },
  {
    name: "expired queue token",
    who: async (f) => ({ access: f.a.accessToken, queue: await expired.queue(f.a.pass) }),
    expect: badQueue,
  },
  {
    name: "another user's access token with the caller's pass",
    who: (f) => ({ access: f.other.accessToken, queue: f.a.pass }),
    expect: {
      public: "ok",
      caller: "ok",
      user: "ok",
      owned: 404,
      queueToken: "ok",
      ownQueueToken: NOT_THEIRS,
      pay: NOT_THEIRS,
      queuePass: NOT_THEIRS,
      admin: NOT_THEIRS,
    },
  },
  {
    name: "another user's pass with the caller's access token",
    who: (f) => ({ access: f.a.accessToken, queue: f.other.pass }),
    expect: {
      public: "ok",
      caller: "ok",
      user: "ok",
      owned: "ok",
      queueToken: "ok",
      ownQueueToken: NOT_THEIRS,
      pay: NOT_THEIRS,
      queuePass: NOT_THEIRS,
      admin: NOT_THEIRS,
    },
  },
  {
    name: "WAITING pass",
    who: (f) => ({ access: f.waiting.accessToken, queue: f.waiting.pass }),
    // A payment rests on the caller's own live hold, not on the pass: another's reservation is unknown to them.
    expect: {
      public: "ok",
      caller: "ok",
      user: "ok",
      owned: 404,
      queueToken: "ok",
      ownQueueToken: "ok",
      pay: 404,
      queuePass: NOT_ACTIVE,
      admin: NOT_THEIRS,
    },
  },
  {
    name: "EXPIRED pass",
    who: (f) => ({ access: f.expired.accessToken, queue: f.expired.pass }),
    expect: {
      public: "ok",
      caller: "ok",
      user: "ok",
      owned: 404,
      queueToken: "ok",
      ownQueueToken: "ok",
      pay: 404,
      queuePass: NOT_ACTIVE,
      admin: NOT_THEIRS,
    },
  },
  {
    name: "another concert's ACTIVE pass",
    who: (f) => ({ access: f.a.accessToken, queue: f.passOtherConcert }),
    expect: {
      public: "ok",
      caller: "ok",
      user: "ok",
      owned: "ok",
      queueToken: "ok",
      ownQueueToken: "ok",
      pay: WRONG_CONCERT,
      queuePass: WRONG_CONCERT,
      admin: NOT_THEIRS,
    },
  },
  {
    name: "another user's resource, with their own ACTIVE pass",
    who: (f) => ({ access: f.other.accessToken, queue: f.other.pass }),
    expect: {
      public: "ok",
      caller: "ok",
      user: "ok",
      owned: 404,
      queueToken: "ok",
      ownQueueToken: "ok",
      pay: 404,
      queuePass: "ok",
      admin: NOT_THEIRS,
    },
  },
  {
    name: "the caller's own valid credentials",
    who: (f) => ({ access: f.a.accessToken, queue: f.a.pass }),
    expect: {
      public: "ok",
      caller: "ok",
      user: "ok",
      owned: "ok",
      queueToken: "ok",
      ownQueueToken: "ok",
      pay: "ok",
      queuePass: "ok",
      admin: NOT_THEIRS,
    },
  },
];

// --- tokens of every wrong kind ---------------------------------------------------------------

const attacker = createTokens("an-attacker-secret-that-is-long-enough-0123");
const forged = { access: (userId: string) => attacker.signAccess({ userId }) };
const expired = {
  access: (userId: string) => pastTokens(31 * 86_400_000).signAccess({ userId }),
  queue: (pass: string) => {
    const { sub, cid, jti } = claims(pass) as { sub: string; cid: string; jti: string };
    return pastTokens(3 * 86_400_000).signQueue({ userId: sub, concertId: cid, tokenId: jti });
  },
  admin: async (token: string) => {
    const { sub, login, role } = claims(token) as { sub: string; login: string; role: string };
    return pastTokens(13 * 3_600_000).signAdmin({ sessionId: sub, login, role });
  },
};

function pastTokens(ms: number) {
  return createTokens(app.config.AUTH_SECRET, () => new Date(app.clock.now().getTime() - ms));
}

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());
}

/** The same signature over changed claims. */
function tamper(token: string, patch: Record<string, unknown>): string {
  const [h, , s] = token.split(".");
  const payload = Buffer.from(JSON.stringify({ ...claims(token), ...patch })).toString("base64url");
  return `${h}.${payload}.${s}`;
}

function unsigned(token: string): string {
  const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
  return `${header}.${token.split(".")[1]}.`;
}

// --- the fixture: users in every queue state ----------------------------------------------------

async function principal(concertId: string): Promise<Principal> {
  const user = await createUser(app);
  return { ...user, pass: (await joinQueue(app, user, concertId)).queueToken };
}

async function fixture(): Promise<Fixture> {
  const { concertId: concertA, scheduleIds } = await createConcertWithSchedule(app.deps);
  const { concertId: concertB } = await createConcertWithSchedule(app.deps);
  // QUEUE_MAX_ACTIVE is 2: a and other get in, waiting and expired wait, expired then leaves.
  const a = await principal(concertA);
  const other = await principal(concertA);
  const waiting = await principal(concertA);
  const expiredUser = await principal(concertA);
  const left = await call(app, "DELETE", "/queue/tokens/current", undefined, {
    token: expiredUser.accessToken,
    queueToken: expiredUser.pass,
  });
  expect(left.status).toBe(204);
  const passOtherConcert = (await joinQueue(app, a, concertB)).queueToken;
  const states = await Promise.all(
    [a.pass, other.pass, waiting.pass, expiredUser.pass, passOtherConcert].map(
      async (queueToken) => (await call(app, "GET", "/queue/status", undefined, { queueToken })).body.status,
    ),
  );
  expect(states).toEqual(["ACTIVE", "ACTIVE", "WAITING", "EXPIRED", "ACTIVE"]);
  const charged = await call(app, "POST", "/points/charge", { amount: 1_000_000 }, { token: a.accessToken });
  expect(charged.status).toBe(200);
  let seat = 0;
  return {
    concertA,
    concertB,
    scheduleA: scheduleIds[0]!,
    a,
    other,
    waiting,
    expired: expiredUser,
    passOtherConcert,
    admin: await adminToken(app),
    seat: () => ++seat,
    reservationOfA: async () =>
      (await createHeldReservation(app.deps, { userId: a.userId, scheduleId: scheduleIds[0]!, seatNumbers: [++seat] }))
        .reservationId,
  };
}

// --- the two transports ---------------------------------------------------------------------------

type Answer = { status: number; message: unknown; reason: unknown };

type ProcedureDef = {
  type: "query" | "mutation";
  meta?: { openapi?: { method: string; path: string }; successStatus?: number };
};

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>;

async function viaRest(path: string, input: unknown, creds: Credentials): Promise<Answer> {
  const { method, path: template } = procedures[path]!._def.meta!.openapi!;
  const fields = { ...((input as Record<string, unknown>) ?? {}) };
  const url = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = String(fields[name]);
    delete fields[name];
    return encodeURIComponent(value);
  });
  const headers: Record<string, string> = {};
  if (creds.authorization) headers.authorization = creds.authorization;
  const body = method === "GET" || method === "DELETE" ? undefined : fields;
  const res = await call(app, method, url, body, { token: creds.access, queueToken: creds.queue, headers });
  return { status: res.status, message: res.body?.message, reason: res.body?.data?.reason };
}

async function viaTrpc(path: string, input: unknown, creds: Credentials): Promise<Answer> {
  const headers: Record<string, string> = { "content-type": "application/json", "x-csrf": "1" };
  // The browser sends both cookies to every call; each procedure reads the one it needs.
  if (creds.access) headers.cookie = `cb_access=${creds.access}; cb_admin=${creds.access}`;
  if (creds.queue) headers["x-queue-token"] = creds.queue;
  const batch = JSON.stringify(input === undefined ? {} : { 0: input });
  const url = `${app.url}/api/trpc/${path}?batch=1`;
  const res =
    procedures[path]!._def.type === "query"
      ? await fetch(`${url}&input=${encodeURIComponent(batch)}`, { headers })
      : await fetch(url, { method: "POST", headers, body: batch });
  const [item] = (await res.json()) as { error?: { message: unknown; data?: { reason?: unknown } } }[];
  return { status: res.status, message: item?.error?.message, reason: item?.error?.data?.reason };
}

/** An event stream: 200 once it starts (then it is closed), else the error as JSON. */
async function viaStream(path: string, _input: unknown, creds: Credentials): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (creds.authorization) headers.authorization = creds.authorization;
  else if (creds.access) headers.authorization = `Bearer ${creds.access}`;
  if (creds.queue) headers["x-queue-token"] = creds.queue;
  const abort = new AbortController();
  const res = await fetch(`${app.url}/api/v1${STREAMS[path]!.path}`, { headers, signal: abort.signal });
  if (res.headers.get("content-type") === "text/event-stream") {
    abort.abort();
    return { status: res.status, message: undefined, reason: undefined };
  }
  const body = (await res.json()) as { message?: unknown; data?: { reason?: unknown } };
  return { status: res.status, message: body.message, reason: body.data?.reason };
}

function successStatus(path: string, transport: "rest" | "trpc"): number {
  return transport === "rest" ? (procedures[path]?._def.meta?.successStatus ?? 200) : 200;
}

// --- the tests --------------------------------------------------------------------------------------

describe("authorization matrix", () => {
  it("covers every procedure of the router, and every REST route of the OpenAPI document", async () => {
    expect(Object.keys(ACCESS).sort()).toEqual(Object.keys(procedures).sort());
    const doc = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    const fromRouter = Object.values(procedures)
      .map((p) => p._def.meta?.openapi)
      .filter((o): o is { method: string; path: string } => Boolean(o))
      .map((o) => `${o.method} ${o.path}`);
    const handWritten = Object.values(STREAMS).map((r) => `GET ${r.path}`);
    expect(documented.sort()).toEqual([...fromRouter, ...handWritten].sort());
  });

  for (const transport of ["rest", "trpc"] as const) {
    for (const [path, route] of [...Object.entries(ACCESS), ...Object.entries(STREAMS)]) {
      const stream = path in STREAMS;
      if (transport === "rest" && !stream && !procedures[path]?._def.meta?.openapi) continue;
      if (transport === "trpc" && stream) continue;
      it(`${transport} ${path} (${route.access})`, async () => {
        const f = await fixture();
        const rows: string[] = [];
        for (const scenario of SCENARIOS) {
          if (scenario.restOnly && transport === "trpc") continue;
          const creds = await scenario.who(f);
          const input = route.input ? await route.input(f) : undefined;
          const expected = scenario.expect[route.access];
          const before = expected === "ok" ? undefined : await stateFingerprint(app);
          const answer = await (stream ? viaStream : transport === "rest" ? viaRest : viaTrpc)(path, input, creds);
          const [status, reason] = Array.isArray(expected) ? expected : [expected, undefined];
          const want = status === "ok" ? successStatus(path, transport) : status;
          const problems: string[] = [];
          if (answer.status !== want) problems.push(`status ${answer.status}, want ${want}`);
          if (status !== "ok") {
            if (typeof answer.message !== "string" || !answer.message) problems.push("no message");
            if (reason && answer.reason !== reason) problems.push(`reason ${String(answer.reason)}, want ${reason}`);
            if (before) {
              const after = await stateFingerprint(app);
              if (after.db !== before.db) problems.push("database changed");
              if (after.redis !== before.redis) problems.push("Redis changed");
            }
          }
          if (problems.length) rows.push(`${scenario.name}: ${problems.join("; ")}`);
        }
        expect(rows).toEqual([]);
      });
    }
  }
});
