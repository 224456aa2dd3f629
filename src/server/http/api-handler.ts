import { randomUUID } from "node:crypto";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { TRPCError } from "@trpc/server";
import { createOpenApiFetchHandler, generateOpenApiDocument } from "trpc-to-openapi";
import type { Deps } from "../deps";
import { AppError, TRPC_CODE_STATUS } from "../errors";
import { logger } from "../infra/logger";
import { metrics, renderMetrics } from "../infra/metrics";
import { checkHealth } from "../health/health.service";
import { createContext, type RequestObservation } from "../trpc/context";
import { appRouter } from "../trpc/root";

/** Bodies over this size get 413 before any parsing. */
export const MAX_BODY_BYTES = 64 * 1024;

export const openApiDocument = generateOpenApiDocument(appRouter, {
  title: "Concert booking API",
  version: "1.0.0",
  baseUrl: "/api/v1",
  securitySchemes: {
    bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
  },
});

/** REST success statuses declared in each procedure's meta (`successStatus`). */
const successStatusByPath = new Map<string, number>(
  Object.entries(appRouter._def.procedures).flatMap(([path, proc]) => {
    const status = (proc as unknown as { _def: { meta?: { successStatus?: number } } })._def.meta?.successStatus;
    return status ? [[path, status] as const] : [];
  }),
);

function errorStatus(error: TRPCError): number | undefined {
  if (error.cause instanceof AppError) return error.cause.status;
  return TRPC_CODE_STATUS[error.code];
}

function jsonError(status: number, code: string, message: string): Response {
  return Response.json({ message, code }, { status });
}

/** Reads the body up to the limit; undefined when it is larger. */
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

function logError(error: TRPCError, path: string | undefined): void {
  if (error.code === "INTERNAL_SERVER_ERROR") logger.error({ err: error.cause ?? error, path }, "request failed");
}

type Observation = RequestObservation & { route: string };

const REQUEST_ID = /^[\w.-]{1,64}$/;

/**
 * The API of the service as one fetch-style handler: `/api/trpc/*` for the web UI,
 * `/api/v1/*` (REST, generated from the same procedures) for every other client, `/api/health`
 * and `/api/metrics`. Every request gets a request id, a log line and a duration sample.
 */
export function createApiHandler(deps: Deps) {
  async function route(incoming: Request, url: URL, observed: Observation): Promise<Response> {
    if (url.pathname === "/api/health") {
      observed.route = "health";
      const health = await checkHealth(deps);
      return Response.json(health, { status: health.status === "ok" ? 200 : 503 });
    }
    if (url.pathname === "/api/metrics") {
      observed.route = "metrics";
      const { body, contentType } = await renderMetrics(deps.queue);
      return new Response(body, { headers: { "content-type": contentType } });
    }
    let req = incoming;
    if (incoming.method !== "GET" && incoming.method !== "HEAD") {
      const body = await readLimited(incoming);
      if (body === undefined) return jsonError(413, "PAYLOAD_TOO_LARGE", `Request body over ${MAX_BODY_BYTES} bytes`);
      const headers = new Headers(incoming.headers);
      // An empty REST body means "no fields": clients may POST without one.
      const emptyRest = body === "" && url.pathname.startsWith("/api/v1/");
      if (emptyRest) headers.set("content-type", "application/json");
      req = new Request(incoming.url, { method: incoming.method, headers, body: emptyRest ? "{}" : body });
    }

    if (url.pathname.startsWith("/api/trpc")) {
      return fetchRequestHandler({
        endpoint: "/api/trpc",
        req,
        router: appRouter,
        createContext: ({ resHeaders }) =>
          createContext(deps, req.headers, (name, value) => resHeaders.set(name, value), observed),
        responseMeta: ({ paths }) => {
          if (paths) observed.route = paths.join(",");
          return {};
        },
        onError: ({ error, path }) => logError(error, path),
      });
    }

    if (url.pathname === "/api/v1/openapi.json") {
      observed.route = "openapi";
      return Response.json(openApiDocument);
    }

    // Headers set by procedures (Retry-After, Set-Cookie) travel out through responseMeta.
    const resHeaders: Record<string, string> = {};
    return createOpenApiFetchHandler({
      endpoint: "/api/v1",
      req,
      router: appRouter,
      createContext: () => createContext(deps, req.headers, (name, value) => (resHeaders[name] = value), observed),
      responseMeta: ({ paths, errors }) => {
        if (paths?.[0]) observed.route = paths[0];
        const error = errors[0];
        const status = error ? errorStatus(error) : paths?.[0] ? successStatusByPath.get(paths[0]) : undefined;
        return { status, headers: resHeaders };
      },
      onError: ({ error, path }) => logError(error, path),
    });
  }

  return async function handleApiRequest(incoming: Request): Promise<Response> {
    const started = performance.now();
    const url = new URL(incoming.url);
    const given = incoming.headers.get("x-request-id");
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    const observed: Observation = { route: "unmatched" };
    const response = await route(incoming, url, observed);
    const seconds = (performance.now() - started) / 1000;
    response.headers.set("x-request-id", requestId);
    metrics.httpDuration.observe({ route: observed.route, method: incoming.method, status: response.status }, seconds);
    logger.info(
      {
        requestId,
        method: incoming.method,
        path: url.pathname,
        route: observed.route,
        status: response.status,
        durationMs: Math.round(seconds * 1000),
        userId: observed.userId,
      },
      "request",
    );
    return response;
  };
}
