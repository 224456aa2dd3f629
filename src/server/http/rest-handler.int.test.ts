import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOpenApiFetchHandler } from "trpc-to-openapi";
import type { TRPCError } from "@trpc/server";
import { AppError, fieldIssues, TRPC_CODE_STATUS } from "../errors";
import { createContext } from "../trpc/context";
import { appRouter } from "../trpc/root";
import { createApiCore } from "./api-handler";
import { createNodeApiListener } from "./node-adapter";
import { toNodeListener } from "@/test/fetch-listener";
import { useTestApp } from "@/test/app";
import { admittedUser, createConcertWithSchedule, createUser } from "@/test/factories";

/**
 * The REST surface must answer exactly as trpc-to-openapi's own handler did before the lean path
 * replaced it: the same status, content type, Retry-After and body for every request below, from
 * the production node:http path and from the Fetch path the Next.js route handlers use.
 */
const app = useTestApp();

/** The former REST path: trpc-to-openapi's fetch handler, as api-handler.ts used to call it. */
function referenceHandler(): (req: Request) => Promise<Response> {
  const successStatus = new Map<string, number>(
    Object.entries(appRouter._def.procedures).flatMap(([path, proc]) => {
      const status = (proc as unknown as { _def: { meta?: { successStatus?: number } } })._def.meta?.successStatus;
      return status ? [[path, status] as const] : [];
    }),
  );
  const errorStatus = (e: TRPCError) => (e.cause instanceof AppError ? e.cause.status : TRPC_CODE_STATUS[e.code]);
  return async (incoming) => {
    let req = incoming;
    if (incoming.method !== "GET" && incoming.method !== "HEAD") {
      const body = await incoming.text();
      const headers = new Headers(incoming.headers);
      if (body === "") headers.set("content-type", "application/json");
      req = new Request(incoming.url, { method: incoming.method, headers, body: body === "" ? "{}" : body });
    }
    const resHeaders: Record<string, string> = {};
    const res = await createOpenApiFetchHandler({
      endpoint: "/api/v1",
      req,
      router: appRouter,
      createContext: () => createContext(app.deps, req.headers, (name, value) => (resHeaders[name] = value), {}),
      responseMeta: ({ paths, errors }) => {
        const error = errors[0];
        const status = error ? errorStatus(error) : paths?.[0] ? successStatus.get(paths[0]) : undefined;
        return { status, headers: resHeaders };
      },
    });
    // The other deliberate difference: input issues are flattened (fieldIssues, docs/API.md).
    const body = res.status === 400 ? ((await res.clone().json()) as { issues?: unknown }) : undefined;
    if (!Array.isArray(body?.issues)) return res;
    return Response.json({ ...body, issues: fieldIssues(body.issues) }, { status: 400, headers: res.headers });
  };
}

async function serve(listener: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let reference: { server: Server; url: string };
let lean: { server: Server; url: string };

beforeAll(async () => {
  reference = await serve(toNodeListener(referenceHandler()));
  lean = await serve(createNodeApiListener(createApiCore(app.deps)));
});

afterAll(async () => {
  await Promise.all([reference, lean].map((s) => new Promise((resolve) => s?.server.close(resolve))));
});

type Probe = { method: string; path: string; headers?: Record<string, string>; body?: string };

/** Values that differ between two otherwise equal answers: ids, tokens, times. */
function masked(text: string): unknown {
  if (!text) return text;
  const mask = (v: unknown): unknown => {
    if (typeof v === "string") {
      if (/^[0-9a-f-]{36}$/.test(v)) return "<uuid>";
      if (/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/.test(v)) return "<jwt>";
      if (/^\d{4}-\d\d-\d\dT/.test(v)) return "<time>";
      if (/^Guest \d{4}$/.test(v)) return "<guest>";
      return v;
    }
    if (Array.isArray(v)) return v.map(mask);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mask(x)]));
    return v;
  };
  try {
    return mask(JSON.parse(text));
  } catch {
    return text;
  }
}

async function answer(base: string, p: Probe) {
  const res = await fetch(`${base}${p.path}`, { method: p.method, headers: p.headers, body: p.body });
  return {
    status: res.status,
    contentType: res.headers.get("content-type"),
    retryAfter: res.headers.get("retry-after"),
    body: masked(await res.text()),
  };
}

describe("the lean REST path answers exactly as trpc-to-openapi did", () => {
  it("for reads, writes, refusals and malformed requests alike", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps);
    const user = await createUser(app);
    const fan = await admittedUser(app, concertId);
    const bearer = { authorization: `Bearer ${user.accessToken}` };
    const pass = { authorization: `Bearer ${fan.accessToken}`, "x-queue-token": fan.queueToken };
    const json = { "content-type": "application/json" };
    const probes: Probe[] = [
      { method: "GET", path: "/api/v1/concerts" },
      { method: "GET", path: `/api/v1/concerts/${concertId}` },
      { method: "GET", path: `/api/v1/CONCERTS/${concertId}/` },
      { method: "GET", path: `/api/v1/concerts/${randomUUID()}` },
      { method: "GET", path: "/api/v1/concerts/not-a-uuid" },
      { method: "GET", path: "/api/v1/concerts?x=1&x=2" },
      { method: "GET", path: "/api/v1/nope" },
      { method: "HEAD", path: "/api/v1/nope" },
      { method: "PUT", path: "/api/v1/users", headers: json, body: "{}" },
      { method: "POST", path: "/api/v1/users", headers: json, body: JSON.stringify({ name: 5 }) },
      { method: "POST", path: "/api/v1/users", headers: json, body: JSON.stringify({ name: "x", extra: 1 }) },
      { method: "POST", path: "/api/v1/users", headers: json, body: "{nope" },
      { method: "POST", path: "/api/v1/users", headers: { "content-type": "text/plain" }, body: "{}" },
      {
        method: "POST",
        path: "/api/v1/users",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: '\ufeff{"name":"Mina"}',
      },
      { method: "POST", path: "/api/v1/users", body: "" },
      { method: "GET", path: "/api/v1/users/me" },
      { method: "GET", path: "/api/v1/users/me", headers: { authorization: "Token abc" } },
      { method: "GET", path: "/api/v1/users/me", headers: { authorization: "Bearer not.a.token" } },
      { method: "GET", path: "/api/v1/users/me", headers: bearer },
      {
        method: "POST",
        path: "/api/v1/queue/tokens",
        headers: { ...json, ...bearer },
        body: JSON.stringify({ concertId: randomUUID() }),
      },
      {
        method: "POST",
        path: "/api/v1/queue/tokens",
        headers: { ...json, ...bearer },
        body: JSON.stringify({ concertId }),
      },
      {
        method: "POST",
        path: "/api/v1/queue/tokens",
        headers: { ...json, ...bearer },
        body: JSON.stringify({ concertId }),
      },
      { method: "GET", path: "/api/v1/queue/status", headers: { "x-queue-token": fan.queueToken } },
      { method: "GET", path: "/api/v1/queue/status", headers: { "x-queue-token": "forged" } },
      {
        method: "POST",
        path: "/api/v1/reservations",
        headers: { ...json, ...bearer },
        body: JSON.stringify({ scheduleId: scheduleIds[0], seatNumbers: [1] }),
      },
      {
        method: "POST",
        path: "/api/v1/reservations",
        headers: { ...json, ...pass },
        body: JSON.stringify({ scheduleId: scheduleIds[0], seatNumbers: [] }),
      },
      {
        method: "POST",
        path: "/api/v1/reservations",
        headers: { ...json, ...pass },
        body: JSON.stringify({ scheduleId: scheduleIds[0], seatNumbers: ["1"] }),
      },
      {
        method: "POST",
        path: "/api/v1/reservations",
        headers: { ...json, ...pass },
        body: JSON.stringify({ scheduleId: scheduleIds[0], seatNumbers: [999] }),
      },
      {
        method: "POST",
        path: "/api/v1/reservations",
        headers: { ...json, ...pass },
        body: JSON.stringify({ scheduleId: randomUUID(), seatNumbers: [1] }),
      },
      { method: "GET", path: `/api/v1/reservations/${randomUUID()}`, headers: bearer },
      { method: "GET", path: "/api/v1/reservations/123", headers: bearer },
      { method: "DELETE", path: `/api/v1/reservations/${randomUUID()}`, headers: bearer },
      { method: "GET", path: "/api/v1/reservations", headers: bearer },
      {
        method: "POST",
        path: "/api/v1/payments",
        headers: { ...json, ...pass },
        body: JSON.stringify({ reservationId: randomUUID() }),
      },
      {
        method: "POST",
        path: "/api/v1/payments",
        headers: { ...json, ...pass, "idempotency-key": "" },
        body: JSON.stringify({ reservationId: randomUUID() }),
      },
      { method: "GET", path: "/api/v1/points", headers: bearer },
      {
        method: "POST",
        path: "/api/v1/points/charge",
        headers: { ...json, ...bearer },
        body: JSON.stringify({ amount: 0 }),
      },
      { method: "GET", path: `/api/v1/concerts/${concertId}/schedules`, headers: pass },
      { method: "GET", path: `/api/v1/schedules/${scheduleIds[0]}/seats`, headers: pass },
      { method: "POST", path: "/api/v1/admin/session", headers: json, body: JSON.stringify({ password: "wrong" }) },
      { method: "GET", path: "/api/v1/admin/stats", headers: bearer },
      { method: "DELETE", path: "/api/v1/queue/tokens/current", headers: bearer },
    ];
    for (const probe of probes) {
      const label = `${probe.method} ${probe.path} ${probe.body ?? ""}`;
      const expected = await answer(reference.url, probe);
      expect(await answer(lean.url, probe), `node:http — ${label}`).toEqual(expected);
      expect(await answer(app.url, probe), `Fetch — ${label}`).toEqual(expected);
    }
  });

  it("except that a JSON body must be an object (trpc-to-openapi spread arrays and null into the input)", async () => {
    for (const body of ["[1,2]", "null", '"x"', "7"]) {
      const probe = { method: "POST", path: "/api/v1/users", headers: { "content-type": "application/json" }, body };
      const refused = {
        status: 400,
        contentType: "application/json",
        retryAfter: null,
        body: expect.objectContaining({ message: "The request body must be a JSON object" }),
      };
      expect(await answer(lean.url, probe), body).toEqual(refused);
      expect(await answer(app.url, probe), body).toEqual(refused);
    }
    expect(await app.deps.db.user.count()).toBe(0);
  });
});
