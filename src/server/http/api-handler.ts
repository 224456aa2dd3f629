import { randomUUID } from "node:crypto";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { TRPCError } from "@trpc/server";
import { getErrorShape } from "@trpc/server/unstable-core-do-not-import";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import { logger } from "../infra/logger";
import { metrics, renderMetrics } from "../infra/metrics";
import { checkHealth } from "../health/health.service";
import type { QueueView } from "../queue/queue.schema";
import { EVENT_STREAM_HEADERS, queueEventsOf } from "../queue/queue-events";
import { mayReadMetrics } from "../security/metrics-access";
import { MAX_BATCH_CALLS } from "../trpc/batch-limit";
import { createContext, type RequestObservation } from "../trpc/context";
import { appRouter } from "../trpc/root";
import { openApiDocument } from "./openapi";
import { handleRest } from "./rest-handler";

/** Bodies over this size get 413 before any parsing. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * One API request, whichever server received it: node:http (the production entry) or a Next.js
 * route handler (Fetch API). Each adapter reads the body its own way, up to MAX_BODY_BYTES.
 */
export type ApiRequest = {
  method: string;
  /** Path and query as received, e.g. `/api/v1/queue/status`. */
  url: string;
  headers: Headers;
  /** The TCP peer, when the server has the socket (per-address rate limits: security/client-ip.ts). */
  clientAddress?: string;
  /** The body as text; undefined when it is larger than MAX_BODY_BYTES. Read at most once. */
  readBody: () => Promise<string | undefined>;
  /** Aborted when the client goes away, where the server says so (the Fetch entry). */
  signal?: AbortSignal;
};

/** A buffered answer, or (tRPC) the Fetch Response as the tRPC handler made it. */
export type ApiResult = { status: number; headers: Record<string, string>; body: string | undefined } | Response;

const REQUEST_ID = /^[\w.-]{1,64}$/;

type Observation = RequestObservation & { route: string };

function jsonResult(status: number, data: unknown, headers: Record<string, string> = {}): ApiResult {
  return { status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(data) };
}

function logError(error: TRPCError, path: string | undefined): void {
  if (error.code === "INTERNAL_SERVER_ERROR") logger.error({ err: error.cause ?? error, path }, "request failed");
}

/** The router's procedures: the only tRPC values of the duration histogram's `route` label. */
const PROCEDURES = new Set(Object.keys(appRouter._def.procedures));

/**
 * The `route` label of a tRPC request. Its paths come from the URL, and a label per made-up path
 * would be a series kept for the life of the process: only the router's own names become labels,
 * and a batch of several calls is one `batch` label (their combinations are countless too).
 */
function trpcRoute(paths: readonly string[]): string {
  if (paths.length === 0 || !paths.every((p) => PROCEDURES.has(p))) return "unmatched";
  return paths.length === 1 ? paths[0]! : "batch";
}

/** Methods that label the duration histogram as themselves; any other is `other`. */
const LABELLED_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** How many calls a tRPC request target carries, counted as tRPC counts them (the path URL-decoded). */
function trpcCallCount(pathname: string, url: string): number {
  const path = pathname.slice("/api/trpc".length);
  if (!path.includes(",") && !path.includes("%")) return 1;
  const q = url.indexOf("?");
  if (q === -1 || new URLSearchParams(url.slice(q + 1)).get("batch") !== "1") return 1;
  try {
    return decodeURIComponent(path).split(",").length;
  } catch {
    return 1; // tRPC refuses a malformed path itself (400)
  }
}

/** The event stream's own path (hand-written: REST routes are otherwise generated from procedures). */
const QUEUE_EVENTS_PATH = "/api/v1/queue/events";

/** 503 in the one error body, for a refusal made outside the procedures. */
function unavailable(message: string, retryAfterSeconds: number): ApiResult {
  const code = "SERVICE_UNAVAILABLE";
  return jsonResult(
    503,
    { message, code, data: { code, httpStatus: 503, reason: "UNAVAILABLE" } },
    { "retry-after": String(retryAfterSeconds) },
  );
}

/**
 * The queue token of an event stream: the `x-queue-token` header as for `/queue/status`, else the
 * `queueToken` query parameter (a browser's EventSource cannot send headers). Headers with the
 * token in place, so that the status procedure reads it as it always does.
 */
function withQueueToken(headers: Headers, url: string): Headers {
  if (headers.has("x-queue-token")) return headers;
  const q = url.indexOf("?");
  const given = q === -1 ? null : new URLSearchParams(url.slice(q + 1)).get("queueToken");
  if (!given) return headers;
  const copy = new Headers(headers);
  copy.set("x-queue-token", given);
  return copy;
}

/** A batch over MAX_BATCH_CALLS, refused in tRPC's error shape so the web client reads the message. */
function batchTooLarge(calls: number): ApiResult {
  const message = `A request may batch at most ${MAX_BATCH_CALLS} calls; this one has ${calls}`;
  const error = new TRPCError({ code: "BAD_REQUEST", message, cause: new AppError("BAD_REQUEST", message) });
  const config = appRouter._def._config;
  const shape = getErrorShape({ config, error, type: "unknown", path: undefined, input: undefined, ctx: undefined });
  return jsonResult(400, { error: shape });
}

/** Request targets a Fetch `URL` leaves as they are: no dot segments, escapes or `//` to normalise. */
const PLAIN_PATH = /^(?:\/[\w\-~!$&'()*+,;=:@]+)*\/?$/;
const PLAIN_QUERY = /^[\w\-~!$&()*+,;=:@/?]*$/;

/** The path and query of a request target as a Fetch `URL` would normalise them. */
function normalizeTarget(target: string): { pathname: string; url: string } {
  const q = target.indexOf("?");
  const path = q === -1 ? target : target.slice(0, q);
  if (PLAIN_PATH.test(path) && (q === -1 || PLAIN_QUERY.test(target.slice(q + 1))))
    return { pathname: path, url: target };
  const parsed = new URL(`http://localhost${target.startsWith("/") ? "" : "/"}${target}`);
  return { pathname: parsed.pathname, url: parsed.pathname + parsed.search };
}

/** Whether a request target is the API's (the rest of the site is Next.js's). */
export function isApiPath(target: string): boolean {
  const { pathname } = normalizeTarget(target);
  return (
    pathname.startsWith("/api/v1/") ||
    pathname.startsWith("/api/trpc/") ||
    pathname === "/api/health" ||
    pathname === "/api/metrics"
  );
}

/**
 * The API of the service: `/api/trpc/*` for the web UI, `/api/v1/*` (REST, generated from the
 * same procedures) for every other client, `/api/health` and `/api/metrics`. Every request gets a
 * request id, a log line and a duration sample.
 */
export function createApiCore(deps: Deps): (req: ApiRequest) => Promise<ApiResult> {
  /** The procedures' context, with the peer address when this server knows it. */
  const contextOf = (
    req: ApiRequest,
    headers: Headers,
    setHeader: (name: string, value: string) => void,
    observed: Observation,
  ) => {
    const ctx = createContext(deps, headers, setHeader, observed);
    return req.clientAddress === undefined ? ctx : Object.assign(ctx, { clientAddress: req.clientAddress });
  };

  async function trpc(req: ApiRequest, body: string | undefined, observed: Observation): Promise<Response> {
    const request = new Request(`http://localhost${req.url}`, { method: req.method, headers: req.headers, body });
    return fetchRequestHandler({
      endpoint: "/api/trpc",
      req: request,
      router: appRouter,
      createContext: ({ resHeaders }) =>
        // Set-Cookie may come twice (an account's access and refresh cookies).
        contextOf(
          req,
          request.headers,
          (name, value) =>
            name.toLowerCase() === "set-cookie" ? resHeaders.append(name, value) : resHeaders.set(name, value),
          observed,
        ),
      responseMeta: ({ paths }) => {
        if (paths) observed.route = trpcRoute(paths);
        return {};
      },
      onError: ({ error, path }) => logError(error, path),
    });
  }

  /**
   * `GET /api/v1/queue/events`: the fan's status as Server-Sent Events (queue/queue-events.ts).
   * Until the stream starts it is `GET /queue/status` itself, its checks and its errors: the first
   * status comes from the status procedure, and any answer but 200 is returned as it is.
   */
  async function queueEvents(req: ApiRequest, url: string, observed: Observation): Promise<ApiResult> {
    const headers = withQueueToken(req.headers, url);
    const events = queueEventsOf(deps);
    const refused = () =>
      unavailable("This server has as many event streams open as it takes; poll GET /api/v1/queue/status", 5);
    if (events.full) {
      observed.route = "queue.events";
      return refused();
    }
    const status = await handleRest(
      { method: "GET", url: "/api/v1/queue/status", headers, body: undefined },
      observed,
      (setHeader) => contextOf(req, headers, setHeader, observed),
      logError,
    );
    observed.route = "queue.events";
    if (status.status !== 200 || status.body === undefined) return status;
    // Verified by the status procedure a moment ago; read again for its claims (no I/O).
    const claims = await deps.tokens.verifyQueue(headers.get("x-queue-token")!);
    const body = events.open(claims, JSON.parse(status.body) as QueueView, req.signal);
    if (!body) return refused();
    return new Response(body, { status: 200, headers: { ...EVENT_STREAM_HEADERS } });
  }

  async function route(
    req: ApiRequest,
    target: { pathname: string; url: string },
    observed: Observation,
  ): Promise<ApiResult> {
    const { pathname } = target;
    if (pathname === "/api/health") {
      observed.route = "health";
      const health = await checkHealth(deps);
      return jsonResult(health.status === "ok" ? 200 : 503, health);
    }
    if (pathname === "/api/metrics") {
      observed.route = "metrics";
      if (!mayReadMetrics(req.headers, deps.config.METRICS_TOKEN)) {
        return jsonResult(404, { message: "Not found", code: "NOT_FOUND" });
      }
      const { body, contentType } = await renderMetrics(deps.queue);
      return { status: 200, headers: { "content-type": contentType }, body };
    }
    let body: string | undefined;
    let headers = req.headers;
    if (req.method !== "GET" && req.method !== "HEAD") {
      body = await req.readBody();
      if (body === undefined) {
        return jsonResult(413, { message: `Request body over ${MAX_BODY_BYTES} bytes`, code: "PAYLOAD_TOO_LARGE" });
      }
      // An empty REST body means "no fields": clients may POST without one.
      if (body === "" && pathname.startsWith("/api/v1/")) {
        headers = new Headers(req.headers);
        headers.set("content-type", "application/json");
        body = "{}";
      }
    }

    if (pathname.startsWith("/api/trpc")) {
      const calls = trpcCallCount(pathname, target.url);
      if (calls > MAX_BATCH_CALLS) return batchTooLarge(calls);
      return trpc({ ...req, url: target.url, headers }, body, observed);
    }

    if (pathname === "/api/v1/openapi.json") {
      observed.route = "openapi";
      return jsonResult(200, openApiDocument);
    }

    if (pathname === QUEUE_EVENTS_PATH && req.method === "GET") return queueEvents(req, target.url, observed);

    // Headers set by procedures (Retry-After, Set-Cookie) travel out with the result.
    return handleRest(
      { method: req.method, url: target.url, headers, body },
      observed,
      (setHeader) => contextOf(req, headers, setHeader, observed),
      logError,
    );
  }

  return async function handleApiRequest(req: ApiRequest): Promise<ApiResult> {
    const started = performance.now();
    const given = req.headers.get("x-request-id");
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    const observed: Observation = { route: "unmatched" };
    const target = normalizeTarget(req.url);
    const result = await route(req, target, observed);
    const seconds = (performance.now() - started) / 1000;
    if (result instanceof Response) result.headers.set("x-request-id", requestId);
    else result.headers["x-request-id"] = requestId;
    const method = LABELLED_METHODS.has(req.method) ? req.method : "other";
    metrics.httpDuration.observe({ route: observed.route, method, status: result.status }, seconds);
    logger.info(
      {
        requestId,
        method: req.method,
        path: target.pathname,
        route: observed.route,
        status: result.status,
        durationMs: Math.round(seconds * 1000),
        userId: observed.userId,
      },
      "request",
    );
    return result;
  };
}

/** Reads a Fetch body up to the limit; undefined when it is larger. */
async function readLimited(req: Request): Promise<string | undefined> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return undefined;
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The API as a Fetch handler: what the Next.js route handlers (and the tests' server) serve. */
export function createApiHandler(deps: Deps): (req: Request) => Promise<Response> {
  const core = createApiCore(deps);
  return async function handleApiRequest(incoming: Request): Promise<Response> {
    const url = new URL(incoming.url);
    const result = await core({
      method: incoming.method,
      url: url.pathname + url.search,
      headers: incoming.headers,
      readBody: () => readLimited(incoming),
      signal: incoming.signal,
    });
    if (result instanceof Response) return result;
    return new Response(result.body ?? null, { status: result.status, headers: result.headers });
  };
}
