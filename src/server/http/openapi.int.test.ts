import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { createStaffMember } from "@/server/staff/staff.service";
import { requestPasswordReset, signIn, signUp } from "@/server/accounts/accounts.service";
import { adminToken, holdSeats, markPaid } from "@/test/catalog-factory";
import { admittedUser, createConcertWithSchedule } from "@/test/factories";
import { call, type ApiResponse } from "@/test/http";
import { restOperations, ZErrorBody, type RestOperation } from "./openapi";

/**
 * The OpenAPI document against the service: every operation it lists is called with valid input
 * and must answer the success status the document gives, and with a cheap wrong input it must
 * answer one of the error statuses (and causes) the document gives for that operation.
 */
const app = useTestApp({ ADMIN_PASSWORD: "openapi-admin-pw" });

type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: unknown }> }>>;
  components: { schemas: Record<string, unknown> };
};

const operations = restOperations();

type Fixture = {
  concertId: string;
  scheduleId: string;
  fan: { accessToken: string; queueToken: string };
  admin: string;
  /** A HELD reservation of the fan (seat 1). */
  reservation: () => Promise<string>;
};

async function fixture(): Promise<Fixture> {
  const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps);
  const fan = await admittedUser(app, concertId);
  const scheduleId = scheduleIds[0]!;
  return {
    concertId,
    scheduleId,
    fan,
    admin: await adminToken(app),
    reservation: async () => {
      const res = await holdSeats(app, fan, scheduleId, [1]);
      if (res.status !== 201) throw new Error(`hold: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.reservationId as string;
    },
  };
}

type Credentials = "none" | "fan" | "fanPass" | "admin";

/** One call: path parameters, the body (or query), and whose credentials it carries. */
type Call = {
  params?: Record<string, string>;
  body?: unknown;
  query?: string;
  as: Credentials;
  idempotencyKey?: string;
};

type Case = {
  ok: (f: Fixture) => Promise<Call> | Call;
  /** Cheap wrong calls, each with the status it must get. Empty only where no error is cheap to cause. */
  errors: ((f: Fixture) => Promise<Call & { status: number }> | (Call & { status: number }))[];
};

const unknownId = "00000000-0000-4000-8000-000000000000";
const future = () => new Date(app.clock.now().getTime() + 30 * 86_400_000).toISOString();

const CASES: Record<string, Case> = {
  "users.create": {
    ok: () => ({ body: {}, as: "none" }),
    errors: [() => ({ body: { name: 7 }, as: "none", status: 400 })],
  },
  "users.me": { ok: () => ({ as: "fan" }), errors: [() => ({ as: "none", status: 401 })] },
  "queue.join": {
    ok: (f) => ({ body: { concertId: f.concertId }, as: "fan" }),
    errors: [
      () => ({ body: { concertId: unknownId }, as: "fan", status: 404 }),
      (f) => ({ body: { concertId: f.concertId }, as: "none", status: 401 }),
    ],
  },
  "queue.status": { ok: () => ({ as: "fanPass" }), errors: [() => ({ as: "none", status: 401 })] },
  "queue.leave": { ok: () => ({ as: "fanPass" }), errors: [() => ({ as: "fan", status: 401 })] },
  "queue.events": {
    ok: () => ({ as: "fanPass" }),
    errors: [
      () => ({ as: "fan", status: 401 }),
      (f) => ({ query: `queueToken=${f.fan.queueToken.slice(0, -4)}AAAA`, as: "none", status: 401 }),
    ],
  },
  // Only a fault (500) or a backend down (503) fails it: nothing cheap to cause.
  "concerts.list": { ok: () => ({ as: "none" }), errors: [] },
  "concerts.get": {
    ok: (f) => ({ params: { concertId: f.concertId }, as: "none" }),
    errors: [
      () => ({ params: { concertId: unknownId }, as: "none", status: 404 }),
      () => ({ params: { concertId: "nope" }, as: "none", status: 400 }),
    ],
  },
  "concerts.schedules": {
    ok: (f) => ({ params: { concertId: f.concertId }, as: "fanPass" }),
    errors: [
      () => ({ params: { concertId: unknownId }, as: "fanPass", status: 404 }),
      (f) => ({ params: { concertId: f.concertId }, as: "fan", status: 401 }),
    ],
  },
  "concerts.seats": {
    ok: (f) => ({ params: { scheduleId: f.scheduleId }, as: "fanPass" }),
    errors: [() => ({ params: { scheduleId: unknownId }, as: "fanPass", status: 404 })],
  },
  "reservations.hold": {
    ok: (f) => ({ body: { scheduleId: f.scheduleId, seatNumbers: [1] }, as: "fanPass" }),
    errors: [
      (f) => ({ body: { scheduleId: f.scheduleId, seatNumbers: [] }, as: "fanPass", status: 400 }),
      (f) => ({ body: { scheduleId: f.scheduleId, seatNumbers: [1, 2, 3, 4, 5] }, as: "fanPass", status: 400 }),
      async (f) => {
        await f.reservation();
        return { body: { scheduleId: f.scheduleId, seatNumbers: [1] }, as: "fanPass", status: 409 };
      },
    ],
  },
  "reservations.list": {
    ok: () => ({ query: "limit=5", as: "fan" }),
    errors: [() => ({ query: "limit=0", as: "fan", status: 400 })],
  },
  "reservations.get": {
    ok: async (f) => ({ params: { id: await f.reservation() }, as: "fan" }),
    errors: [() => ({ params: { id: unknownId }, as: "fan", status: 404 })],
  },
  "reservations.cancel": {
    ok: async (f) => ({ params: { id: await f.reservation() }, as: "fan" }),
    errors: [
      () => ({ params: { id: unknownId }, as: "fan", status: 404 }),
      async (f) => {
        const id = await f.reservation();
        await call(app, "DELETE", `/reservations/${id}`, undefined, { token: f.fan.accessToken });
        return { params: { id }, as: "fan", status: 409 };
      },
    ],
  },
  "points.balance": { ok: () => ({ as: "fan" }), errors: [() => ({ as: "none", status: 401 })] },
  "points.charge": {
    ok: () => ({ body: { amount: 1000 }, as: "fan" }),
    errors: [
      () => ({ body: { amount: 0 }, as: "fan", status: 400 }),
      async (f) => {
        await call(app, "POST", "/points/charge", { amount: 1 }, { token: f.fan.accessToken, idempotencyKey: "k" });
        return { body: { amount: 2 }, as: "fan", idempotencyKey: "k", status: 409 };
      },
    ],
  },
  "points.history": { ok: () => ({ as: "fan" }), errors: [() => ({ query: "cursor=x", as: "fan", status: 400 })] },
  "payments.pay": {
    ok: async (f) => {
      await call(app, "POST", "/points/charge", { amount: 50_000 }, { token: f.fan.accessToken });
      return { body: { reservationId: await f.reservation() }, as: "fanPass" };
    },
    errors: [
      async (f) => ({ body: { reservationId: await f.reservation() }, as: "fanPass", status: 402 }),
      () => ({ body: { reservationId: unknownId }, as: "fanPass", status: 404 }),
    ],
  },
  "payments.list": { ok: () => ({ as: "fan" }), errors: [() => ({ as: "none", status: 401 })] },
  "admin.session": {
    ok: () => ({ body: { password: "openapi-admin-pw" }, as: "none" }),
    errors: [() => ({ body: { password: "wrong" }, as: "none", status: 401 })],
  },
  "admin.createConcert": {
    ok: () => ({ body: { title: "T", artist: "A", venue: "V" }, as: "admin" }),
    errors: [
      () => ({ body: { title: "T", artist: "A", venue: "V" }, as: "fan", status: 403 }),
      () => ({ body: { title: "" }, as: "admin", status: 400 }),
    ],
  },
  "admin.createSchedule": {
    ok: (f) => ({ params: { concertId: f.concertId }, body: { startsAt: future(), price: 1000 }, as: "admin" }),
    errors: [
      () => ({ params: { concertId: unknownId }, body: { startsAt: future(), price: 1000 }, as: "admin", status: 404 }),
    ],
  },
  "admin.stats": { ok: () => ({ as: "admin" }), errors: [() => ({ as: "fan", status: 403 })] },
  "admin.lineControls": {
    ok: (f) => ({ params: { concertId: f.concertId }, as: "admin" }),
    errors: [() => ({ params: { concertId: unknownId }, as: "admin", status: 404 })],
  },
  "admin.updateLineControls": {
    ok: (f) => ({ params: { concertId: f.concertId }, body: { paused: true }, as: "admin" }),
    errors: [
      (f) => ({ params: { concertId: f.concertId }, body: {}, as: "admin", status: 400 }),
      () => ({ params: { concertId: unknownId }, body: { paused: true }, as: "admin", status: 404 }),
    ],
  },
  "admin.audit": { ok: () => ({ as: "admin" }), errors: [() => ({ as: "none", status: 401 })] },
  "sales.csv": {
    ok: (f) => ({ params: { scheduleId: f.scheduleId }, as: "admin" }),
    errors: [
      () => ({ params: { scheduleId: unknownId }, as: "admin", status: 404 }),
      (f) => ({ params: { scheduleId: f.scheduleId }, as: "fan", status: 403 }),
    ],
  },
  "changes.updateConcert": {
    ok: (f) => ({ params: { concertId: f.concertId }, body: { venue: "Hall C" }, as: "admin" }),
    errors: [
      (f) => ({ params: { concertId: f.concertId }, body: {}, as: "admin", status: 400 }),
      () => ({ params: { concertId: unknownId }, body: { venue: "Hall C" }, as: "admin", status: 404 }),
    ],
  },
  "changes.updateSchedule": {
    ok: (f) => ({ params: { scheduleId: f.scheduleId }, body: { price: 2000 }, as: "admin" }),
    errors: [
      () => ({ params: { scheduleId: unknownId }, body: { price: 2000 }, as: "admin", status: 404 }),
      async () => {
        const [id] = (await createConcertWithSchedule(app.deps)).scheduleIds as [string];
        await app.deps.db.schedule.update({ where: { id }, data: { cancelledAt: new Date() } });
        return { params: { scheduleId: id }, body: { price: 2000 }, as: "admin", status: 409 };
      },
    ],
  },
  "refunds.cancelSchedule": {
    ok: async () => ({
      params: { scheduleId: (await createConcertWithSchedule(app.deps)).scheduleIds[0]! },
      as: "admin",
    }),
    errors: [
      () => ({ params: { scheduleId: unknownId }, as: "admin", status: 404 }),
      (f) => ({ params: { scheduleId: f.scheduleId }, as: "fan", status: 403 }),
    ],
  },
  "refunds.cancelConcert": {
    ok: async () => ({ params: { concertId: (await createConcertWithSchedule(app.deps)).concertId }, as: "admin" }),
    errors: [() => ({ params: { concertId: unknownId }, as: "admin", status: 404 })],
  },
  "refunds.refund": {
    ok: async (f) => {
      const reservationId = await f.reservation();
      await markPaid(app.deps, reservationId);
      return { params: { reservationId }, as: "fan" };
    },
    errors: [
      async (f) => ({ params: { reservationId: await f.reservation() }, as: "fan", status: 409 }),
      () => ({ params: { reservationId: unknownId }, as: "fan", status: 404 }),
    ],
  },
  "staff.list": { ok: () => ({ as: "admin" }), errors: [() => ({ as: "fan", status: 403 })] },
  "staff.create": {
    ok: () => ({ body: { login: "openapi-new", password: STAFF_PW, role: "staff" }, as: "admin" }),
    errors: [
      () => ({ body: { login: "openapi-new", password: "short", role: "staff" }, as: "admin", status: 400 }),
      () => ({ body: { login: "owner", password: STAFF_PW, role: "staff" }, as: "admin", status: 409 }),
    ],
  },
  "staff.remove": {
    ok: async () => ({ params: { login: await openapiStaff() }, as: "admin" }),
    errors: [
      () => ({ params: { login: "nobody" }, as: "admin", status: 404 }),
      () => ({ params: { login: "owner" }, as: "admin", status: 409 }),
    ],
  },
  "staff.setPassword": {
    ok: async () => ({ params: { login: await openapiStaff() }, body: { password: `${STAFF_PW}-2` }, as: "admin" }),
    errors: [() => ({ params: { login: "nobody" }, body: { password: STAFF_PW }, as: "admin", status: 404 })],
  },
  "staff.signOut": { ok: () => ({ as: "admin" }), errors: [() => ({ as: "fan", status: 403 })] },
  "tickets.publicKey": { ok: () => ({ as: "none" }), errors: [] },
  "tickets.checkIn": {
    ok: async (f) => ({ body: { code: await paidTicketCode(f) }, as: "admin" }),
    errors: [
      () => ({ body: { code: "not-a-ticket" }, as: "admin", status: 400 }),
      async (f) => {
        const code = await paidTicketCode(f);
        await send(
          operations.find((op) => op.procedure === "tickets.checkIn")!,
          f,
          { body: { code }, as: "admin" },
        );
        return { body: { code }, as: "admin", status: 409 };
      },
      async (f) => ({ body: { code: await paidTicketCode(f) }, as: "fan", status: 403 }),
    ],
  },
  "accounts.signUp": {
    ok: () => ({ body: { email: "new@example.com", password: STAFF_PW }, as: "none" }),
    errors: [
      () => ({ body: { email: "nope", password: STAFF_PW }, as: "none", status: 400 }),
      async () => ({ body: await openapiAccount(), as: "none", status: 409 }),
    ],
  },
  "accounts.signIn": {
    ok: async () => ({ body: await openapiAccount(), as: "none" }),
    errors: [async () => ({ body: { ...(await openapiAccount()), password: "wrong" }, as: "none", status: 401 })],
  },
  "accounts.refresh": {
    ok: async () => {
      const created = await signIn(app.deps, await openapiAccount());
      return { body: { refreshToken: created.refreshToken }, as: "none" };
    },
    errors: [() => ({ body: { refreshToken: "nope" }, as: "none", status: 401 })],
  },
  "accounts.signOut": { ok: () => ({ as: "fan" }), errors: [() => ({ as: "none", status: 401 })] },
  "accounts.requestPasswordReset": {
    ok: () => ({ body: { email: "nobody@example.com" }, as: "none" }),
    errors: [() => ({ body: { email: "nope" }, as: "none", status: 400 })],
  },
  "accounts.confirmPasswordReset": {
    ok: async () => {
      const { email } = await openapiAccount();
      await requestPasswordReset(app.deps, email);
      const mail = await app.deps.db.mailOutbox.findFirst({ where: { to: email } });
      return { body: { token: /token=([\w-]+)/.exec(mail!.body)![1], password: STAFF_PW }, as: "none" };
    },
    errors: [() => ({ body: { token: "made-up", password: STAFF_PW }, as: "none", status: 410 })],
  },
  "accounts.outbox": { ok: () => ({ as: "admin" }), errors: [() => ({ as: "fan", status: 403 })] },
};

let accountCount = 0;
/** An account's email and password (made through the service), the email unused so far. */
async function openapiAccount(): Promise<{ email: string; password: string }> {
  const credentials = { email: `fan-${++accountCount}@example.com`, password: STAFF_PW };
  await signUp(app.deps, undefined, credentials);
  return credentials;
}

const STAFF_PW = "openapi-staff-password";

/** The code of the fan's ticket for a reservation paid just now. */
async function paidTicketCode(f: Fixture): Promise<string> {
  const reservationId = await f.reservation();
  await markPaid(app.deps, reservationId);
  const res = await call(app, "GET", `/reservations/${reservationId}`, undefined, { token: f.fan.accessToken });
  return res.body.tickets[0].code;
}
let staffCount = 0;
async function openapiStaff(): Promise<string> {
  const login = `openapi-${++staffCount}`;
  await createStaffMember(app.deps, { login: "owner" }, { login, password: STAFF_PW, role: "staff" });
  return login;
}

async function send(op: RestOperation, f: Fixture, c: Call): Promise<ApiResponse> {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(c.params?.[name] ?? ""));
  const token = c.as === "admin" ? f.admin : c.as === "none" ? undefined : f.fan.accessToken;
  if (op.contentType === "text/event-stream") return openStream(c.query ? `${path}?${c.query}` : path, c, f);
  return call(app, op.method, c.query ? `${path}?${c.query}` : path, c.body, {
    token,
    queueToken: c.as === "fanPass" ? f.fan.queueToken : undefined,
    idempotencyKey: c.idempotencyKey,
  });
}

/**
 * An event stream stays open: its answer is the status, the content type and the first event
 * (then the stream is closed); an error is read as JSON, as `call` reads it.
 */
async function openStream(path: string, c: Call, f: Fixture): Promise<ApiResponse> {
  const abort = new AbortController();
  const headers: Record<string, string> = c.as === "fanPass" ? { "x-queue-token": f.fan.queueToken } : {};
  if (c.as === "fan") headers.authorization = `Bearer ${f.fan.accessToken}`;
  const res = await fetch(`${app.url}/api/v1${path}`, { headers, signal: abort.signal });
  if (res.headers.get("content-type") !== "text/event-stream") {
    return { status: res.status, body: await res.json(), headers: res.headers };
  }
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("event: status")) {
    const read = await reader.read();
    if (read.done) break;
    text += read.value;
  }
  abort.abort();
  expect(text).toMatch(/^retry: 3000\n\nevent: status\ndata: \{.*"status":"ACTIVE"/);
  return { status: res.status, body: text, headers: res.headers };
}

describe("the OpenAPI document", () => {
  it("lists every REST route with the success status docs/API.md gives it", async () => {
    const res = await call<Doc>(app, "GET", "/openapi.json");
    expect(res.status).toBe(200);
    const contract = [
      ...readFileSync("docs/API.md", "utf8").matchAll(/^\| `(\w+) \/api\/v1([^`?]*)[^`]*` .*\| (\d{3})\b[^|]*\|$/gm),
    ]
      .map(([, method, path, status]) => `${method} ${path} ${status}`)
      .sort();
    const documented = Object.entries(res.body.paths)
      .flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => {
          const success = Object.keys(op.responses).filter((s) => s.startsWith("2"));
          return `${method.toUpperCase()} ${path} ${success.join(",")}`;
        }),
      )
      .sort();
    expect(documented).toEqual(contract);
  });

  it("gives each error status of each operation the one error body, and no status the procedure does not declare", async () => {
    const { body: doc } = await call<Doc>(app, "GET", "/openapi.json");
    expect(doc.components.schemas.Error).toBeDefined();
    for (const op of operations) {
      const responses = doc.paths[op.path]![op.method.toLowerCase()]!.responses;
      expect(Object.keys(responses).map(Number), `${op.method} ${op.path}`).toEqual([
        op.successStatus,
        ...op.errors.keys(),
      ]);
      for (const status of op.errors.keys()) {
        expect(JSON.stringify(responses[status]!.content)).toContain("#/components/schemas/Error");
      }
    }
  });

  it("says where a token is optional (the route works without one) and where it is required", async () => {
    const { body: doc } = await call<Doc>(app, "GET", "/openapi.json");
    const security = (method: string, path: string) =>
      (doc.paths[path]![method] as unknown as { security?: unknown }).security;
    expect(security("post", "/accounts")).toEqual([{}, { bearer: [] }]);
    expect(security("get", "/users/me")).toEqual([{ bearer: [] }]);
    expect(security("post", "/users")).toBeUndefined();
  });

  it("has a case below for every operation", () => {
    expect(operations.map((op) => op.procedure).sort()).toEqual(Object.keys(CASES).sort());
  });

  for (const op of operations) {
    const c = CASES[op.procedure];
    describe(`${op.method} ${op.path}`, () => {
      it(`answers its documented success status, ${op.successStatus}`, async () => {
        const f = await fixture();
        const res = await send(op, f, await c!.ok(f));
        expect(res.status, JSON.stringify(res.body)).toBe(op.successStatus);
        if (op.successStatus === 204) expect(res.body).toBeUndefined();
      });

      if (c?.errors.length) {
        it("answers wrong calls with a documented error status, cause and body", async () => {
          for (const makeError of c.errors) {
            const f = await fixture();
            const { status, ...wrong } = await makeError(f);
            const res = await send(op, f, wrong);
            expect(res.status, JSON.stringify(res.body)).toBe(status);
            expect(ZErrorBody.safeParse(res.body).success, JSON.stringify(res.body)).toBe(true);
            expect(op.errors.get(status), `${status} documented`).toContain(res.body.data.reason);
          }
        });
      }
    });
  }
});
