import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import { requestPasswordReset, signUp } from "@/server/accounts/accounts.service";
import { verifyPassword } from "@/server/staff/password";
import { createStaffMember } from "@/server/staff/staff.service";
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
/** Not ASCII, so that a password in any script is shown to work end to end. */
const ADMIN_PASSWORD = "props-admin-pw-🎤-콘서트";
const app = useTestApp({ QUEUE_MAX_ACTIVE: 100, ADMIN_PASSWORD });

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
  userId: string;
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
  // After the owner's first sign-in, which makes the owner account only while there is none.
  const admin = await adminToken(app);
  await createStaffMember(
    app.deps,
    { login: "owner" },
    { login: PROPS_STAFF, password: "props-staff-pw", role: "staff" },
  );
  return {
    userId: user.userId,
    concertId,
    scheduleId: scheduleIds[0]!,
    reservationId,
    accessToken: user.accessToken,
    queueToken: ticket.queueToken,
    adminToken: admin,
  };
}

// --- generators ------------------------------------------------------------------------------------

const NASTY_STRINGS = [
  "",
  " ",
  "NaN",
  "Infinity",
  "-Infinity",
  "1e309",
  "-0",
  "0x10",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "'; DROP TABLE users; --",
  "../../etc/passwd",
  "%00",
  "%",
  "%E0%A4%A",
  "\u0000",
  "\uFEFF",
  "\u202E",
  "\uD800",
  "𝕏",
  "👩‍👩‍👧",
  "Ａ",
  "ß",
  "İ",
  "\n\r\t",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "__proto__",
  "constructor",
  "$where",
  "{{7*7}}",
  "${7*7}",
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
  fc.constantFrom(
    0,
    -1,
    1,
    4,
    5,
    50,
    51,
    500,
    501,
    1_000_000,
    1_000_001,
    10_000_001,
    2 ** 31,
    2 ** 53,
    2 ** 53 + 2,
    1e21,
    1e308,
    -1e308,
    0.5,
    -0.5,
    1e-320,
    -0,
  ),
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
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "prototype")), tie("value"), {
      maxKeys: 4,
    }),
    deep,
    fc.array(fc.integer(), { minLength: 100, maxLength: 4_000 }),
  ),
}));

/**
 * Every free-text field of every procedure, with its contract (docs/API.md): lengths in characters
 * (code points) after trimming. Each one must take any Unicode text and refuse control characters
 * and lone surrogates (src/server/text.schema.ts). A string input field that is not listed here or
 * in OPAQUE_STRINGS fails the test until it is classified.
 */
type TextField = { procedure: string; field: string; min: number; max: number; multiline?: boolean; trim?: boolean };
const TEXT_FIELDS: TextField[] = [
  { procedure: "users.create", field: "name", min: 1, max: 50, trim: true },
  { procedure: "session.rename", field: "name", min: 1, max: 50, trim: true },
  { procedure: "admin.createConcert", field: "title", min: 1, max: 200, trim: true },
  { procedure: "admin.createConcert", field: "artist", min: 1, max: 200, trim: true },
  { procedure: "admin.createConcert", field: "venue", min: 1, max: 200, trim: true },
  { procedure: "admin.createConcert", field: "description", min: 0, max: 2000, multiline: true, trim: true },
  { procedure: "changes.updateConcert", field: "title", min: 1, max: 200, trim: true },
  { procedure: "changes.updateConcert", field: "artist", min: 1, max: 200, trim: true },
  { procedure: "changes.updateConcert", field: "venue", min: 1, max: 200, trim: true },
  { procedure: "changes.updateConcert", field: "description", min: 0, max: 2000, multiline: true, trim: true },
  { procedure: "admin.session", field: "password", min: 1, max: 200 },
  { procedure: "session.adminLogin", field: "password", min: 1, max: 200 },
  { procedure: "staff.create", field: "password", min: 12, max: 200 },
  { procedure: "staff.setPassword", field: "password", min: 12, max: 200 },
  { procedure: "accounts.signUp", field: "password", min: 12, max: 200 },
  { procedure: "accounts.signUp", field: "name", min: 1, max: 50, trim: true },
  { procedure: "session.signUp", field: "password", min: 12, max: 200 },
  { procedure: "session.signUp", field: "name", min: 1, max: 50, trim: true },
  { procedure: "accounts.signIn", field: "password", min: 1, max: 200 },
  { procedure: "session.signIn", field: "password", min: 1, max: 200 },
  { procedure: "accounts.confirmPasswordReset", field: "password", min: 12, max: 200 },
];

/** Procedures whose `password` is set as an account's (the account of the call's `email`). */
const SETS_ACCOUNT_PASSWORD = new Set(["accounts.signUp", "session.signUp", "accounts.confirmPasswordReset"]);
/**
 * Called without credentials: signing up with the fixture's guest token would make that guest the
 * account on the first run, and its token refused on every later one.
 */
const ANONYMOUS = new Set(["accounts.signUp", "session.signUp"]);
/** The fan account signing in is tried against (its password is ADMIN_PASSWORD), and the one reset. */
const PROPS_FAN = "props-fan@example.com";
const PROPS_RESET = "props-reset@example.com";
let propsAccountCount = 0;

/** The staff account whose password staff.setPassword sets (not the owner: its token must live on). */
const PROPS_STAFF = "props-staff";
let propsStaffCount = 0;
/** Strings that are tokens with a parser of their own, not text a person writes. */
const OPAQUE_STRINGS = new Set(["cursor", "refreshToken", "token", "code"]);

/** Any code point but a control character (Unicode Cc) or a surrogate: BMP, Hangul, astral. */
const textChar = fc
  .oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
    { weight: 2, arbitrary: fc.integer({ min: 0xa0, max: 0xd7ff }) },
    { weight: 1, arbitrary: fc.integer({ min: 0xe000, max: 0xffff }) },
    { weight: 2, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }) },
  )
  .map((cp) => String.fromCodePoint(cp));

/** Valid text that has tripped software up: emoji sequences, Korean, combining marks, bidi, BOM, odd spaces. */
const NOTABLE_TEXT = [
  "🎤",
  "👩‍👩‍👧",
  "𝕏",
  "방탄소년단",
  "서울 올림픽 체조경기장",
  "Ａ",
  "ß",
  "İ",
  "e\u0301",
  "مرحبا",
  "\u202E",
  "\uFEFF",
  " ",
  "\u00A0",
  "\u3000",
  "\u2028",
];

function validText({ max, multiline }: Pick<TextField, "max" | "multiline">, maxUnits = 40): fc.Arbitrary<string> {
  const unit = fc.oneof(
    { weight: 6, arbitrary: textChar },
    { weight: 2, arbitrary: fc.constantFrom(...NOTABLE_TEXT) },
    { weight: multiline ? 1 : 0, arbitrary: fc.constantFrom("\n", "\t") },
  );
  return fc.oneof(
    { weight: 8, arbitrary: fc.array(unit, { maxLength: maxUnits }).map((units) => units.join("")) },
    // At the limit and one past it, in astral characters (two UTF-16 units each) and in Korean.
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "🎤".repeat(max),
        "🎤".repeat(max + 1),
        "콘".repeat(max),
        "👩‍👩‍👧".repeat(Math.floor(max / 5)),
      ),
    },
  );
}

/** One character that free text refuses: C0 and C1 controls, DEL, a lone surrogate. */
function refusedChar(multiline: boolean | undefined): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.constantFrom(
        0x00,
        0x07,
        0x08,
        0x0b,
        0x0c,
        0x0d,
        0x1b,
        0x1f,
        0x7f,
        0x80,
        0x85,
        0x9f,
        0xd800,
        0xdbff,
        0xdc00,
        0xdfff,
      ),
      fc.integer({ min: 0x00, max: 0x1f }),
      fc.integer({ min: 0x7f, max: 0x9f }),
      fc.integer({ min: 0xd800, max: 0xdfff }),
    )
    .filter((c) => !(multiline && (c === 0x09 || c === 0x0a)))
    .map((c) => String.fromCharCode(c));
}

/**
 * Valid text with refused characters inside it, never at an end (trimming must not be what saves
 * it) and never side by side (two lone surrogates could pair up into a valid character).
 */
function refusedText(field: Pick<TextField, "max" | "multiline">): fc.Arbitrary<string> {
  const part = validText(field, 8);
  const nonEmpty = part.map((t) => `${t}x`);
  return fc
    .tuple(part, fc.array(fc.tuple(refusedChar(field.multiline), nonEmpty), { minLength: 1, maxLength: 3 }))
    .map(([head, rest]) => `a${head}${rest.map(([bad, text]) => bad + text).join("")}`);
}

function textArbitrary(field: Pick<TextField, "max" | "multiline">): fc.Arbitrary<string> {
  return fc.oneof(validText(field), refusedText(field));
}

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
    case "limit":
      return fc.integer({ min: -5, max: 120 });
    case "password":
      return fc.oneof(fc.constantFrom(ADMIN_PASSWORD, "wrong"), textArbitrary({ max: 200 }));
    default:
      if (TEXT_FIELDS.some((t) => t.field === field)) return textArbitrary(TEXT_FIELDS.find((t) => t.field === field)!);
      return fc.string({ maxLength: 60 });
  }
}

/** Literal JSON tokens that JSON.stringify cannot produce (or produces only as something else). */
const RAW_TOKENS = [
  "NaN",
  "Infinity",
  "-Infinity",
  "1e999",
  "-1e999",
  "1.0",
  "1e2",
  "-0",
  "9007199254740993",
  "1e-400",
  "0x10",
  "+1",
  ".5",
  "01",
  "undefined",
];

type Body = { text: string; contentType: string | undefined };

/** The fields of an object input, also when the whole input may be left out (a list's page query). */
function fieldsOf(schema: ZodType): string[] {
  const def = (schema as unknown as { def: { type: string; innerType?: ZodType } }).def;
  if (def.innerType && (def.type === "optional" || def.type === "prefault" || def.type === "default"))
    return fieldsOf(def.innerType);
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

function bodyArbitrary(fields: string[], f: Fixture): fc.Arbitrary<Body> {
  const fieldValue = (field: string) =>
    fc.oneof({ weight: 2, arbitrary: plausible(field, f) }, { weight: 3, arbitrary: nastyValue });
  const objectBody = fc
    .tuple(
      fc.record(Object.fromEntries(fields.map((k) => [k, fieldValue(k)])), { requiredKeys: [] }),
      fc.oneof(
        { weight: 3, arbitrary: fc.constant({}) },
        { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), nastyValue, { maxKeys: 3 }) },
      ),
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
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 65 * 1024, max: 80 * 1024 })
        .map((n) => JSON.stringify({ [fields[0] ?? "x"]: "x".repeat(n) })),
    },
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
  return fc
    .record({ text, contentType })
    .map((b) => printable(b, `${b.contentType ?? "no content-type"} ${short(b.text)}`));
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
  const admin =
    (path.startsWith("admin.") && path !== "admin.session") ||
    ["staff.", "sales.", "changes.", "refunds.cancel"].some((prefix) => path.startsWith(prefix));
  const token = admin ? f.adminToken : f.accessToken;
  if (transport === "rest") return { authorization: `Bearer ${token}`, "x-queue-token": f.queueToken };
  return {
    cookie: `cb_access=${f.accessToken}; cb_admin=${f.adminToken}`,
    "x-queue-token": f.queueToken,
    "x-csrf": "1",
  };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch {
    return { ok: false };
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

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
async function rest(
  path: string,
  schema: ZodType,
  f: Fixture,
  body: Body,
  pathValue: unknown,
  extraQuery: string,
): Promise<Answer> {
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
  const res = await fetch(`${app.url}/api/v1${url}${query}`, {
    method,
    headers,
    body: sendsBody ? body.text : undefined,
  });
  const isVoid = schema.safeParse(undefined).success && fieldsOf(schema).length === 0;
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
    return {
      ...(await readAnswer(res)),
      seen: input,
      accepted: input === "" || (parsed.ok && schema.safeParse(parsed.value).success),
    };
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
          fc.oneof(
            fc.constant(""),
            fc
              .dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 20 }), {
                minKeys: 1,
                maxKeys: 3,
              })
              .map((q) => `?${new URLSearchParams(q)}`),
          ),
          async (transport, body, pathValue, extraQuery) => {
            const answer =
              transport === "rest"
                ? await rest(path, schema, f, body, pathValue, extraQuery)
                : await trpc(path, schema, f, body);
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

// --- free text ----------------------------------------------------------------------------------

/** Unwraps optional/default/nullable to the schema that decides a field. */
function innerSchema(schema: unknown): { type?: string; format?: string | null } {
  let s = schema as { _zod: { def: { type: string; innerType?: unknown } }; format?: string | null };
  while (s._zod.def.innerType) s = s._zod.def.innerType as typeof s;
  return { type: s._zod.def.type, format: s.format };
}

type TextAnswer = { status: number; issues: { path: string; message: string }[]; data: any };

/** A call of `procedure` with `input`, over REST or tRPC, as a client of each would make it. */
async function sendText(
  procedure: string,
  input: Record<string, unknown>,
  transport: "rest" | "trpc",
  f: Fixture,
): Promise<TextAnswer> {
  const headers: Record<string, string> = {
    ...(ANONYMOUS.has(procedure) ? { "x-csrf": "1" } : credentialHeaders(procedure, f, transport)),
    "content-type": "application/json",
  };
  const openapi = procedures[procedure]!._def.meta?.openapi;
  const body = { ...input };
  // Path parameters go into the REST path, the rest into the body.
  const path = openapi?.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = String(body[name]);
    delete body[name];
    return encodeURIComponent(value);
  });
  const url = transport === "rest" ? `${app.url}/api/v1${path}` : `${app.url}/api/trpc/${procedure}`;
  const res = await fetch(url, {
    method: transport === "rest" ? openapi!.method : "POST",
    headers,
    body: JSON.stringify(transport === "rest" ? body : input),
  });
  const answer = res.status === 204 ? {} : ((await res.json()) as any);
  if (transport === "rest") return { status: res.status, issues: answer.issues ?? [], data: answer };
  return { status: res.status, issues: answer.error?.data?.issues ?? [], data: answer.result?.data };
}

async function accountPasswordIs(email: string, password: string): Promise<boolean> {
  const row = await app.deps.db.account.findUnique({ where: { email } });
  return row !== null && (await verifyPassword(row.passwordHash, password));
}

/** An account of `email` with `password`, made once per test. */
async function ensureAccount(email: string, password: string): Promise<void> {
  if (await app.deps.db.account.findUnique({ where: { email } })) return;
  await signUp(app.deps, undefined, { email, password });
}

async function staffPasswordIs(login: string, password: string): Promise<boolean> {
  const row = await app.deps.db.staff.findUnique({ where: { login } });
  return row !== null && (await verifyPassword(row.passwordHash, password));
}

/** What a text field holds after a successful call, read from the database. */
async function storedText(t: TextField, f: Fixture, data: any): Promise<string | undefined> {
  const row = async (sql: string, id: string) =>
    (await app.deps.db.$queryRawUnsafe<Record<string, string>[]>(sql, id))[0]?.[t.field];
  switch (t.procedure) {
    case "users.create":
      return row(`SELECT name FROM users WHERE id = $1::uuid`, data.userId);
    case "session.rename":
      return row(`SELECT name FROM users WHERE id = $1::uuid`, f.userId);
    case "accounts.signUp":
      return row(`SELECT name FROM users WHERE id = $1::uuid`, data.userId);
    case "session.signUp":
      return row(`SELECT u.name FROM users u JOIN accounts a ON a.user_id = u.id WHERE a.email = $1`, data.email);
    case "admin.createConcert":
    case "changes.updateConcert":
      return row(`SELECT title, artist, venue, description FROM concerts WHERE id = $1::uuid`, data.concertId);
    default:
      return undefined;
  }
}

/** Valid values for the other fields of a text field's procedure. */
const newAccount = () => ({ email: `props-${++propsAccountCount}@example.com`, password: "props-fan-password" });
const OTHER_FIELDS: Record<string, (f: Fixture) => Record<string, string> | Promise<Record<string, string>>> = {
  "accounts.signUp": newAccount,
  "session.signUp": newAccount,
  "accounts.signIn": async () => {
    await ensureAccount(PROPS_FAN, ADMIN_PASSWORD);
    return { email: PROPS_FAN };
  },
  "session.signIn": async () => {
    await ensureAccount(PROPS_FAN, ADMIN_PASSWORD);
    return { email: PROPS_FAN };
  },
  // A fresh link each call: a used one is 410.
  "accounts.confirmPasswordReset": async () => {
    await ensureAccount(PROPS_RESET, "props-fan-password");
    await requestPasswordReset(app.deps, PROPS_RESET);
    const mail = await app.deps.db.mailOutbox.findFirst({ orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    return { token: /token=([\w-]+)/.exec(mail!.body)![1]! };
  },
  "admin.createConcert": () => ({ title: "Title", artist: "Artist", venue: "Venue" }),
  "changes.updateConcert": (f) => ({ concertId: f.concertId }),
  // A new login each call: a taken one is 409.
  "staff.create": () => ({ login: `props-${++propsStaffCount}`, role: "staff" }),
  "staff.setPassword": () => ({ login: PROPS_STAFF }),
};
const otherFields = async (procedure: string, f: Fixture) => (await OTHER_FIELDS[procedure]?.(f)) ?? {};

const RUNS_TEXT = 40;

describe("free text", () => {
  it("every string input field is classified: free text (with its contract) or an opaque token", () => {
    const unclassified: string[] = [];
    for (const [path, procedure] of Object.entries(procedures)) {
      const shape = (procedure._def.inputs[0] as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      for (const [field, schema] of Object.entries(shape)) {
        const inner = innerSchema(schema);
        const isText = inner.type === "string" && !inner.format;
        const listed = TEXT_FIELDS.some((t) => t.procedure === path && t.field === field);
        if (isText !== (listed || OPAQUE_STRINGS.has(field))) unclassified.push(`${path}.${field}`);
      }
    }
    expect(unclassified).toEqual([]);
  });

  for (const t of TEXT_FIELDS) {
    const hasRest = Boolean(procedures[t.procedure]!._def.meta?.openapi);
    const transports = hasRest ? fc.constantFrom("rest" as const, "trpc" as const) : fc.constant("trpc" as const);

    it(`${t.procedure} ${t.field}: control characters and lone surrogates are 400 naming the field, nothing changed`, async () => {
      const f = await fixture();
      await fc.assert(
        fc.asyncProperty(transports, refusedText(t), async (transport, text) => {
          const input = { ...(await otherFields(t.procedure, f)), [t.field]: text };
          const before = await stateFingerprint(app);
          const answer = await sendText(t.procedure, input, transport, f);
          const where = `${transport} ${answer.status} for ${short(text)}`;
          expect(answer.status, where).toBe(400);
          const issue = answer.issues.find((i) => i.path === t.field);
          expect(issue?.message, where).toMatch(/control character|lone surrogate/);
          expect(await stateFingerprint(app), `state changed: ${where}`).toEqual(before);
        }),
        {
          numRuns: RUNS_TEXT,
          endOnFailure: true,
          // NUL (a 500 from PostgreSQL once), a lone surrogate, a C1 control, DEL, an escape.
          examples: ["a\u0000z", "a\uD83Dz", "방\u0085탄", "🎤\u007F", "a\u001B[2Jz"].map(
            (text): ["rest" | "trpc", string] => [hasRest ? "rest" : "trpc", text],
          ),
        },
      );
    });

    const outcome =
      t.field !== "password"
        ? "is accepted and stored exactly"
        : t.procedure.startsWith("staff.") || SETS_ACCOUNT_PASSWORD.has(t.procedure)
          ? "is set as the account's password (its stored hash verifies it)"
          : "is taken and compared (200 right, 401 wrong)";
    it(`${t.procedure} ${t.field}: any Unicode text of ${t.min}..${t.max} characters ${outcome}, other lengths 400`, async () => {
      const f = await fixture();
      await fc.assert(
        fc.asyncProperty(transports, validText(t), async (transport, text) => {
          const input: Record<string, string> = { ...(await otherFields(t.procedure, f)), [t.field]: text };
          const before = await stateFingerprint(app);
          const answer = await sendText(t.procedure, input, transport, f);
          const expected = t.trim ? text.trim() : text;
          const length = [...expected].length;
          const where = `${transport} ${answer.status} for ${short(text)} (${length} characters)`;
          if (length < t.min || length > t.max) {
            expect(answer.status, where).toBe(400);
            expect(
              answer.issues.some((i) => i.path === t.field),
              where,
            ).toBe(true);
            expect(await stateFingerprint(app), `state changed: ${where}`).toEqual(before);
          } else if (t.field === "password" && t.procedure.startsWith("staff.")) {
            // A staff account's new password: set, and its stored hash verifies exactly this text.
            expect(answer.status, where).toBeLessThan(300);
            expect(await staffPasswordIs(input.login!, text), where).toBe(true);
          } else if (t.field === "password" && SETS_ACCOUNT_PASSWORD.has(t.procedure)) {
            // A fan account's password, set on sign-up or through a reset link: its hash verifies this text.
            expect(answer.status, where).toBeLessThan(300);
            expect(await accountPasswordIs(input.email ?? PROPS_RESET, text), where).toBe(true);
          } else if (t.field === "password") {
            // Taken as a password and compared: right or wrong, never refused as input.
            expect(answer.status, where).toBe(text === ADMIN_PASSWORD ? 200 : 401);
          } else {
            expect(answer.status, where).toBeLessThan(300);
            expect(await storedText(t, f, answer.data), where).toBe(expected);
          }
        }),
        {
          numRuns: RUNS_TEXT,
          endOnFailure: true,
          examples: [
            ["trpc", t.field === "password" ? ADMIN_PASSWORD : "방탄소년단 월드투어 🎤 서울"],
            ["trpc", "🎤".repeat(t.max)],
            ["trpc", "  𝕏 👩‍👩‍👧 Ａ ß İ e\u0301  "],
          ],
        },
      );
    });
  }
});
