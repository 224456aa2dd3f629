import { TRPCError } from "@trpc/server";
import { getErrorShape } from "@trpc/server/unstable-core-do-not-import";
import {
  acceptsRequestBody,
  coerceSchema,
  createProcedureCache,
  getErrorFromUnknown,
  getInputOutputParsers,
  instanceofZodTypeLikeVoid,
  instanceofZodTypeObject,
  instanceofZodTypeOptional,
  normalizePath,
  TRPC_ERROR_CODE_HTTP_STATUS,
  unwrapZodType,
  zodSupportsCoerce,
  type OpenApiMethod,
  type OpenApiProcedure,
  type OpenApiRouter,
} from "trpc-to-openapi";
import { ZodArray, type ZodError, type ZodObject } from "zod";
import { AppError, fieldIssues, TRPC_CODE_STATUS } from "../errors";
import { logger } from "../infra/logger";
import type { Meta } from "../trpc/init";
import { appRouter } from "../trpc/root";
import { restOperations } from "./openapi";

/**
 * The REST surface (`/api/v1/*`) served from the tRPC procedures directly: the semantics of
 * trpc-to-openapi's handler (route table, body and query input, coercion of query strings only,
 * error bodies, statuses), without building a Fetch Request/Response or a tRPC caller per request.
 * `rest-handler.int.test.ts` holds it to trpc-to-openapi's own fetch handler, response for response,
 * except for JSON bodies that are not objects (refused here: see below).
 */

export type RestRequest = {
  method: string;
  /** Path and query, e.g. `/api/v1/queue/status?x=1`. */
  url: string;
  headers: Headers;
  /** The request body as text (empty bodies already read as `{}`); undefined for GET and HEAD. */
  body: string | undefined;
};

export type RestResult = { status: number; headers: Record<string, string>; body: string | undefined };

/** What the caller learns about the request for its log line and metrics. */
export type RestObservation = { route: string };

type ProcedureCall = (opts: {
  path: string;
  getRawInput: () => Promise<unknown>;
  ctx: unknown;
  type: "query" | "mutation";
  signal: AbortSignal | undefined;
  batchIndex: number;
}) => Promise<unknown>;

type RouteInfo = {
  call: ProcedureCall;
  type: "query" | "mutation";
  voidInput: boolean;
  /** Top-level keys of an object input that take arrays (a single query value is wrapped). */
  arrayKeys: string[] | undefined;
  /** Declared by the procedure (`meta.successStatus`), as the OpenAPI document says (openapi.ts). */
  successStatus: number;
  /** `meta.contentType`: the success body is the output string itself, of this type. */
  contentType: string | undefined;
  /** The error causes the OpenAPI document lists for the route. */
  causes: ReadonlySet<string>;
};

const ENDPOINT = "/api/v1";
const router = appRouter as unknown as OpenApiRouter;
const findProcedure = createProcedureCache(router);
const errorConfig = appRouter._def._config;

function errorStatus(error: TRPCError): number | undefined {
  if (error.cause instanceof AppError) return error.cause.status;
  return TRPC_CODE_STATUS[error.code];
}

/** What trpc-to-openapi works out per request, worked out once per procedure. */
const documentedCauses = new Map(
  restOperations().map((op) => [op.procedure, new Set<string>([...op.errors.values()].flat())]),
);

function describe(path: string, procedure: OpenApiProcedure): RouteInfo {
  const { inputParser } = getInputOutputParsers(procedure);
  const unwrapped = unwrapZodType(inputParser, true);
  const meta = procedure._def.meta as Meta | undefined;
  let arrayKeys: string[] | undefined;
  if (zodSupportsCoerce && instanceofZodTypeObject(unwrapped) && !acceptsRequestBody(meta?.openapi?.method ?? "GET")) {
    const shape = (unwrapped as ZodObject).shape;
    arrayKeys = Object.entries(shape)
      .filter(([, s]) => s instanceof ZodArray || (instanceofZodTypeOptional(s) && s.unwrap() instanceof ZodArray))
      .map(([key]) => key);
    // Query strings are strings: coerce numbers, booleans and dates (JSON bodies are typed).
    coerceSchema(unwrapped as ZodObject);
  }
  return {
    call: procedure as unknown as ProcedureCall,
    type: procedure._def.type as "query" | "mutation",
    voidInput: instanceofZodTypeLikeVoid(unwrapped),
    arrayKeys,
    successStatus: meta?.successStatus ?? 200,
    contentType: meta?.contentType,
    causes: documentedCauses.get(path) ?? new Set(),
  };
}

const routes = new Map<string, RouteInfo>();
for (const [path, entry] of Object.entries(appRouter._def.procedures)) {
  const procedure = entry as unknown as OpenApiProcedure;
  const meta = procedure._def.meta as Meta | undefined;
  if (meta?.openapi && meta.openapi.enabled !== false) routes.set(path, describe(path, procedure));
}

function queryInput(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const seen = query[key];
    query[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return query;
}

function parseBody(text: string): unknown {
  try {
    // A Fetch body decodes without a leading byte order mark; read it the same way here.
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (cause) {
    throw new TRPCError({ code: "PARSE_ERROR", message: "Failed to parse request body", cause });
  }
}

function json(status: number, headers: Record<string, string>, data: unknown): RestResult {
  return { status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(data) };
}

/**
 * Serves one REST request. `createContext` gets a setter for response headers (Retry-After);
 * `onError` sees every failure, as trpc-to-openapi's `onError` did.
 */
export async function handleRest(
  req: RestRequest,
  observed: RestObservation,
  createContext: (setHeader: (name: string, value: string) => void) => unknown,
  onError: (error: TRPCError, path: string | undefined) => void,
): Promise<RestResult> {
  const resHeaders: Record<string, string> = {};
  const target = req.url.replace(ENDPOINT, "");
  // The URL is parsed only when its query is input (req.url is already normalised).
  const q = target.indexOf("?");
  const method = req.method;
  const found = findProcedure(method as OpenApiMethod, normalizePath(q === -1 ? target : target.slice(0, q)));
  const procedure = found?.procedure;
  const route = procedure && routes.get(procedure.path);
  let input: unknown = undefined;
  let ctx: unknown = undefined;
  try {
    if (!procedure || !route) {
      // trpc-to-openapi answers an unknown HEAD with an empty 204 (warm-up probes).
      if (method === "HEAD") return { status: 204, headers: { "content-type": "application/json" }, body: undefined };
      throw new TRPCError({ message: "Not found", code: "NOT_FOUND" });
    }
    const contentType = req.headers.get("content-type") ?? undefined;
    const useBody = acceptsRequestBody(method as OpenApiMethod);
    if (useBody && !contentType?.startsWith("application/json")) {
      throw new TRPCError({
        code: "UNSUPPORTED_MEDIA_TYPE",
        message: contentType ? `Unsupported content-type "${contentType}` : "Missing content-type header",
      });
    }
    if (!route.voidInput) {
      const given = useBody ? parseBody(req.body ?? "") : queryInput(new URL(`http://localhost${target}`));
      // The one deliberate difference from trpc-to-openapi, which spread any JSON value into the
      // input (an array became {"0": ...}, null became no fields): a body must be an object.
      if (given === null || typeof given !== "object" || Array.isArray(given)) {
        throw new TRPCError({ code: "BAD_REQUEST", message: "The request body must be a JSON object" });
      }
      const fields: Record<string, unknown> = { ...(given as object), ...found.pathInput };
      for (const key of useBody ? [] : (route.arrayKeys ?? [])) {
        if (fields[key] !== undefined && !Array.isArray(fields[key])) fields[key] = [fields[key]];
      }
      input = fields;
    }
    ctx = createContext((name, value) => (resHeaders[name] = value));
    const data = await route.call({
      path: procedure.path,
      getRawInput: async () => input,
      ctx,
      type: route.type,
      signal: undefined,
      batchIndex: 0,
    });
    observed.route = procedure.path;
    if (route.contentType) {
      const headers = { ...resHeaders, "content-type": `${route.contentType}; charset=utf-8` };
      return { status: route.successStatus, headers, body: data as string };
    }
    return json(route.successStatus, resHeaders, data);
  } catch (cause) {
    const error = getErrorFromUnknown(cause);
    onError(error, procedure?.path);
    if (procedure) observed.route = procedure.path;
    const reason = error.cause instanceof AppError ? error.cause.code : undefined;
    if (reason && route && !route.causes.has(reason)) {
      // The procedure's meta (errors, guards) is missing a cause it answers: the document is wrong.
      logger.warn({ path: procedure?.path, reason }, "error cause not in the OpenAPI document");
    }
    const shape = getErrorShape({
      config: errorConfig,
      error,
      type: procedure?.type ?? "unknown",
      path: procedure?.path,
      input,
      ctx: ctx as Parameters<typeof getErrorShape>[0]["ctx"],
    }) as Record<string, unknown> | undefined;
    const isInputError =
      error.code === "BAD_REQUEST" && error.cause instanceof Error && error.cause.name === "ZodError";
    const status = errorStatus(error) ?? TRPC_ERROR_CODE_HTTP_STATUS[error.code] ?? 500;
    return json(status, resHeaders, {
      ...shape,
      message: isInputError
        ? "Input validation failed"
        : ((shape?.message as string | undefined) ?? error.message ?? "An error occurred"),
      code: error.code,
      issues: isInputError ? fieldIssues((error.cause as unknown as ZodError).issues) : undefined,
    });
  }
}
