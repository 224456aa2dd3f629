import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import { appRouter } from "@/server/trpc/root";
import { useTestApp } from "./app";
import { adminToken } from "./catalog-factory";
import { createConcertWithSchedule, createUser, joinQueue } from "./factories";
import { createHeldReservation } from "./reservation-factory";
import { stateFingerprint } from "./state";

/**
 * Hostile input against every procedure, over REST and tRPC, with valid credentials so that the
 * input is what decides: random and unicode strings, huge, negative and fractional numbers,
 * NaN/Infinity, deep and oversized structures, missing and extra fields, non-object bodies,
 * bodies that are not JSON, wrong content types. Every answer is below 500 and an error carries a
 * JSON message; an input the procedure's own schema rejects is never accepted; a refused request
 * leaves the database and Redis exactly as they were.
 */
const app = useTestApp({ QUEUE_MAX_ACTIVE: 100, ADMIN_PASSWORD: "props-admin-pw" });

type ProcedureDef = {
  type: "query" | "mutation";
  inputs: ZodType[];
  meta?: { openapi?: { method: string; path: string } };
};
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>;

/** Runs per procedure: enough to hit every generator branch a few times, bounded for a 2-core CI. */
const RUNS_WITH_INPUT = 50;
const RUNS_VOID = 10;

/** Run first, every time: bodies that are JSON but not an object must not pass for "no fields". */
const NON_OBJECT_BODIES = ["null", "[]", "5", '"x"', "true"];

type Fixture = {
  concertId: string;
  scheduleId: string;
  reservationId: string;
  accessToken: string;
  queueToken: string;
  adminToken: string;
};

async function fixture(): Promise<Fixture> {
  const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps);
  const user = await createUser(app);
  const ticket = await joinQueue(app, user, concertId);
  const { reservationId } = await createHeldReservation(app.deps, {
    userId: user.userId,
    scheduleId: scheduleIds[0]!,
    seatNumbers: [40],
  });
  return {
    concertId,
    scheduleId: scheduleIds[0]!,
    reservationId,
    accessToken: user.accessToken,
    queueToken: ticket.queueToken,
    adminToken: await adminToken(app),
  };
}

// --- generators ------------------------------------------------------------------------------------

const NASTY_STRINGS = [
  "", " ", "NaN", "Infinity", "-Infinity", "1e309", "-0", "0x10", "null", "undefined", "true", "[]", "{}",
  "<script>alert(1)</script>", "' OR 1=1 --", "'; DROP TABLE users; --", "../../etc/passwd", "%00", "%", "%E0%A4%A",
  "\u0000", "\uFEFF", "\u202E", "\uD800", "𝕏", "👩‍👩‍👧", "Ａ", "ß", "İ", "\n\r\t", "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff", "__proto__", "constructor", "$where", "{{7*7}}", "${7*7}",
];

const nastyString = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
  fc.uuid(),
  fc.string({ minLength: 300, maxLength: 3000 }),
);

const nastyNumber = fc.oneof(
  fc.constantFrom(0, -1, 1, 4, 5, 50, 51, 500, 501, 1_000_000, 1_000_001, 10_000_001, 2 ** 31, 2 ** 53, 2 ** 53 + 2, 1e21, 1e308, -1e308, 0.5, -0.5, 1e-320, -0),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(Number),
);

/**
 * Deep nesting: arrays or objects hundreds to thousands of levels deep. It prints as a summary in a
 * counterexample (fast-check's printer recurses; JSON.stringify skips the symbol).
 */
const deep = fc.tuple(fc.integer({ min: 50, max: 3_000 }), fc.boolean()).map(([depth, arrays]) => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { a: value };
  Object.defineProperty(value, fc.toStringMethod, { value: () => `deep(${depth}, ${arrays ? "arrays" : "objects"})` });
  return value;
});

const { value: nastyValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    nastyString,
    nastyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 6 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "prototype")), tie("value"), { maxKeys: 4 }),
    deep,
    fc.array(fc.integer(), { minLength: 100, maxLength: 4_000 }),
  ),
}));

/** Values that pass for a field now and then, so that later checks get exercised too. */
function plausible(field: string, f: Fixture): fc.Arbitrary<unknown> {
  switch (field) {
    case "concertId":
      return fc.constantFrom(f.concertId, crypto.randomUUID());
    case "scheduleId":
      return fc.constantFrom(f.scheduleId, crypto.randomUUID());
    case "id":
      return fc.constantFrom(f.reservationId, crypto.randomUUID());
    case "reservationId":
      // Never the fixture's own: a payment would end the pass and close the gate to later runs.
      return fc.constant(crypto.randomUUID());
    case "seatNumbers":
      return fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { minLength: 0, maxLength: 6 });
    case "amount":
    case "price":
    case "seatCount":
      return fc.integer({ min: -10, max: 2_000_000 });
    case "startsAt":
    case "bookingOpensAt":
    case "bookingClosesAt":
      return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
    case "password":
      return fc.constantFrom("props-admin-pw", "wrong");
    default:
      return fc.string({ maxLength: 60 });
  }
}

/** Literal JSON tokens that JSON.stringify cannot produce (or produces only as something else). */
const RAW_TOKENS = ["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1.0", "1e2", "-0", "9007199254740993", "1e-400", "0x10", "+1", ".5", "01", "undefined"];

type Body = { text: string; contentType: string | undefined };

function fieldsOf(schema: ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

function bodyArbitrary(fields: string[], f: Fixture): fc.Arbitrary<Body> {
  const fieldValue = (field: string) => fc.oneof({ weight: 2, arbitrary: plausible(field, f) }, { weight: 3, arbitrary: nastyValue });
  const objectBody = fc
    .tuple(
      fc.record(Object.fromEntries(fields.map((k) => [k, fieldValue(k)])), { requiredKeys: [] }),
      fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), nastyValue, { maxKeys: 3 }) }),
    )
    .map(([known, extra]) => JSON.stringify({ ...extra, ...known }));
  const rawToken = fc
    .tuple(fc.constantFrom(...(fields.length ? fields : ["x"])), fc.constantFrom(...RAW_TOKENS))
    .map(([k, token]) => `{${JSON.stringify(k)}: ${token}}`);
  const text = fc.oneof(
    { weight: 8, arbitrary: objectBody },
    { weight: 2, arbitrary: nastyValue.map((v) => JSON.stringify(v) ?? "null") },
    { weight: 2, arbitrary: rawToken },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: fc.constantFrom("", "{", "}", "[", '{"a":', "\uFEFF{}", "null", "[]", "0", '"x"', "true") },
    { weight: 1, arbitrary: fc.integer({ min: 65 * 1024, max: 80 * 1024 }).map((n) => JSON.stringify({ [fields[0] ?? "x"]: "x".repeat(n) })) },
  );
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant("application/json") },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        undefined,
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz",
        "application/octet-stream",
        "application/json; charset=utf-16",
        "APPLICATION/JSON",
        "application/jsonp",
        "text/json",
      ),
    },
  );
  return fc.record({ text, contentType }).map((b) => printable(b, `${b.contentType ?? "no content-type"} ${short(b.text)}`));
}

/** Counterexamples print short: some values are 64 KB or thousands of levels deep. */
function printable<T extends object>(value: T, summary: string): T {
  Object.defineProperty(value, fc.toStringMethod, { value: () => summary });
  return value;
}

function short(text: string): string {
  return JSON.stringify(text.length > 160 ? `${text.slice(0, 160)}... (${text.length} chars)` : text);
}

/** Node answers 431 by itself to request heads over 16 KB: URL-borne input stays under that. */
const MAX_URL_INPUT = 4_000;

function pathParamText(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? "undefined");
  return text.slice(0, MAX_URL_INPUT);
}

// --- requests ------------------------------------------------------------------------------------

type Answer = { status: number; message: unknown; seen: unknown; accepted: boolean };

function credentialHeaders(path: string, f: Fixture, transport: "rest" | "trpc"): Record<string, string> {
  const token = path.startsWith("admin.") && path !== "admin.session" ? f.adminToken : f.accessToken;
  if (transport === "rest") return { authorization: `Bearer ${token}`, "x-queue-token": f.queueToken };
  return { cookie: `cb_access=${f.accessToken}; cb_admin=${f.adminToken}`, "x-queue-token": f.queueToken, "x-csrf": "1" };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch {
    return { ok: false };
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

async function readAnswer(res: Response): Promise<{ status: number; message: unknown }> {
  const text = await res.text();
  const parsed = parseJson(text);
  const body = parsed.ok ? (parsed.value as any) : undefined;
  const error = Array.isArray(body) ? body[0]?.error : (body?.error ?? body);
  return { status: res.status, message: error?.message };
}

/**
 * One REST request. `seen` is the input the procedure would get; `accepted` whether its schema
 * takes it (the oracle: a 2xx for anything else means validation was bypassed).
 */
async function rest(path: string, schema: ZodType, f: Fixture, body: Body, pathValue: unknown, extraQuery: string): Promise<Answer> {
  const { method, path: template } = procedures[path]!._def.meta!.openapi!;
  const params: Record<string, string> = {};
  const url = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    params[name] = pathParamText(pathValue).toWellFormed();
    return encodeURIComponent(params[name]);
  });
  // GET and DELETE take their input from the path and query (a DELETE body is ignored).
  const sendsBody = method !== "GET";
  const hasBody = method !== "GET" && method !== "DELETE";
  const headers: Record<string, string> = credentialHeaders(path, f, "rest");
  if (sendsBody && body.contentType) headers["content-type"] = body.contentType;
  const query = hasBody ? "" : extraQuery;
  const res = await fetch(`${app.url}/api/v1${url}${query}`, { method, headers, body: sendsBody ? body.text : undefined });
  const isVoid = schema.safeParse(undefined).success;
  let seen: unknown;
  let accepted: boolean;
  if (Object.values(params).includes("")) {
    // An empty path segment makes another route's URL (/concerts/ is /concerts): not this input.
    seen = params;
    accepted = true;
  } else if (isVoid) {
    seen = undefined;
    accepted = true;
  } else if (hasBody) {
    // An empty body counts as "no fields"; anything else must be a JSON object.
    const parsed = body.text === "" ? { ok: true as const, value: {} } : parseJson(body.text);
    const jsonType = body.text === "" || (body.contentType ?? "").toLowerCase().startsWith("application/json");
    seen = parsed.ok && isPlainObject(parsed.value) ? { ...parsed.value, ...params } : undefined;
    accepted = jsonType && seen !== undefined && schema.safeParse(seen).success;
  } else {
    seen = { ...Object.fromEntries(new URLSearchParams(query)), ...params };
    accepted = schema.safeParse(seen).success;
  }
  return { ...(await readAnswer(res)), seen, accepted };
}

/** One tRPC call, unbatched, as any HTTP client could make it. */
async function trpc(path: string, schema: ZodType, f: Fixture, body: Body): Promise<Answer> {
  const headers = credentialHeaders(path, f, "trpc");
  const isQuery = procedures[path]!._def.type === "query";
  let res: Response;
  if (isQuery) {
    // A query's input travels in the URL; keep it within what an HTTP server reads.
    const input = body.text.slice(0, MAX_URL_INPUT);
    res = await fetch(`${app.url}/api/trpc/${path}?input=${encodeURIComponent(input)}`, { headers });
    const parsed = parseJson(input);
    return { ...(await readAnswer(res)), seen: input, accepted: input === "" || (parsed.ok && schema.safeParse(parsed.value).success) };
  }
  if (body.contentType) headers["content-type"] = body.contentType;
  res = await fetch(`${app.url}/api/trpc/${path}`, { method: "POST", headers, body: body.text });
  const parsed = parseJson(body.text);
  const jsonType = !body.contentType || body.contentType.toLowerCase().startsWith("application/json");
  const accepted = jsonType && (body.text === "" || (parsed.ok && schema.safeParse(parsed.value).success));
  return { ...(await readAnswer(res)), seen: body.text.slice(0, 200), accepted };
}

// --- the properties --------------------------------------------------------------------------------

describe("hostile input", () => {
  it("is tried on every procedure of the router", () => {
    expect(Object.keys(procedures).length).toBeGreaterThanOrEqual(27);
  });

  for (const [path, procedure] of Object.entries(procedures)) {
    const schema = procedure._def.inputs[0]!;
    const isVoid = schema.safeParse(undefined).success && fieldsOf(schema).length === 0;
    const hasRest = Boolean(procedure._def.meta?.openapi);
    it(`${path}: 4xx with a message and nothing changed, never 5xx, never accepted unless valid`, async () => {
      const f = await fixture();
      let state = await stateFingerprint(app);
      const transports = hasRest ? fc.constantFrom("rest" as const, "trpc" as const) : fc.constant("trpc" as const);
      await fc.assert(
        fc.asyncProperty(
          transports,
          bodyArbitrary(fieldsOf(schema), f),
          fc.oneof(plausible(fieldsOf(schema)[0] ?? "x", f), nastyValue),
          fc.oneof(fc.constant(""), fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 20 }), { minKeys: 1, maxKeys: 3 }).map((q) => `?${new URLSearchParams(q)}`)),
          async (transport, body, pathValue, extraQuery) => {
            const answer =
              transport === "rest" ? await rest(path, schema, f, body, pathValue, extraQuery) : await trpc(path, schema, f, body);
            const where = `${transport} ${answer.status} for ${short(JSON.stringify(answer.seen) ?? "undefined")}`;
            expect(answer.status, where).toBeGreaterThanOrEqual(200);
            expect(answer.status, where).toBeLessThan(500);
            if (answer.status >= 400) {
              expect(typeof answer.message === "string" && answer.message.length > 0, `message: ${where}`).toBe(true);
              const after = await stateFingerprint(app);
              expect(after, `state changed: ${where}`).toEqual(state);
            } else {
              expect(answer.accepted, `accepted an input its schema rejects: ${where}`).toBe(true);
              state = await stateFingerprint(app);
            }
          },
        ),
        {
          numRuns: isVoid ? RUNS_VOID : RUNS_WITH_INPUT,
          endOnFailure: true,
          examples: NON_OBJECT_BODIES.map((text): ["rest" | "trpc", Body, unknown, string] => [
            hasRest ? "rest" : "trpc",
            printable({ text, contentType: "application/json" }, `application/json ${text}`),
            "x",
            "",
          ]),
        },
      );
    });
  }
});
