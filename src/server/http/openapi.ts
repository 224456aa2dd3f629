import {
  acceptsRequestBody,
  generateOpenApiDocument,
  getInputOutputParsers,
  instanceofZodTypeLikeVoid,
  normalizePath,
  unwrapZodType,
  type OpenAPIObject,
  type OpenApiProcedure,
} from "trpc-to-openapi";
import { z } from "zod";
import { ERROR_TABLE, TRPC_CODE_STATUS, type AppErrorCode, type FieldIssue } from "../errors";
import type { Meta } from "../trpc/init";
import { appRouter } from "../trpc/root";

const ZFieldIssues = z
  .array(
    z.object({
      path: z.string().meta({ description: 'The refused field, its path joined with "." ("" for the whole input)' }),
      message: z.string(),
    }) satisfies z.ZodType<FieldIssue>,
  )
  .meta({ description: "Invalid input only: the refused fields" });

/**
 * The body of every REST error (rest-handler.ts; api-handler.ts answers 413 with `message` and
 * `code` alone).
 */
export const ZErrorBody = z.looseObject({
  message: z.string().meta({ description: "For people" }),
  code: z.string().meta({ description: "The class of error (a tRPC error code name)" }),
  data: z
    .looseObject({
      code: z.string(),
      httpStatus: z.number().int().min(400).max(599),
      reason: z.string().meta({ description: "The exact cause: a code of the error table (src/server/errors.ts)" }),
      issues: ZFieldIssues.optional(),
      usedAt: z.iso.datetime().optional().meta({ description: "ALREADY_USED: when the ticket was first checked in" }),
    })
    .optional(),
  issues: ZFieldIssues.optional(),
});

/** Causes that are not AppErrors: malformed requests (tRPC's codes) and faults. */
type RequestCause = "PARSE_ERROR" | "UNSUPPORTED_MEDIA_TYPE" | "INTERNAL_SERVER_ERROR";
type ErrorCause = AppErrorCode | RequestCause;

const CAUSE_STATUS: Record<RequestCause, number> = {
  PARSE_ERROR: TRPC_CODE_STATUS.PARSE_ERROR!,
  UNSUPPORTED_MEDIA_TYPE: TRPC_CODE_STATUS.UNSUPPORTED_MEDIA_TYPE!,
  INTERNAL_SERVER_ERROR: 500,
};

function causeStatus(cause: ErrorCause): number {
  return cause in ERROR_TABLE ? ERROR_TABLE[cause as AppErrorCode].status : CAUSE_STATUS[cause as RequestCause];
}

/** One REST route as its procedure declares it. */
export type RestOperation = {
  procedure: string;
  method: string;
  /** The route's path in the document, e.g. `/reservations/{id}`. */
  path: string;
  successStatus: number;
  /** The success body's media type when it is not JSON (`meta.contentType`). */
  contentType: string | undefined;
  /** Every cause the route may answer, by status. */
  errors: Map<number, ErrorCause[]>;
  /** A Bearer token is optional (`meta.tokenOptional`). */
  tokenOptional: boolean;
};

/**
 * What a route may answer besides success: the checks of its procedure chain, its own work, its
 * input (400), its body (413 for any method but GET; 400 for a body that is not JSON), its rate
 * limit (429), and a fault (500).
 */
function errorCauses(meta: Meta, hasInput: boolean): ErrorCause[] {
  const method = meta.openapi!.method;
  const causes = new Set<ErrorCause>([...(meta.guards ?? []), ...(meta.errors ?? [])]);
  if (hasInput || acceptsRequestBody(method)) causes.add("BAD_REQUEST");
  if (acceptsRequestBody(method)) {
    causes.add("PARSE_ERROR");
    causes.add("UNSUPPORTED_MEDIA_TYPE");
  }
  if (method !== "GET") causes.add("PAYLOAD_TOO_LARGE");
  if (meta.rateLimit !== undefined && meta.rateLimit !== "none") causes.add("RATE_LIMITED");
  causes.add("INTERNAL_SERVER_ERROR");
  return [...causes];
}

/**
 * Routes served beside the procedures (api-handler.ts) and described here by hand: the queue's
 * event stream, which until it starts is `GET /queue/status` (its checks, its errors).
 */
function handWrittenOperations(generated: RestOperation[]): RestOperation[] {
  const status = generated.find((op) => op.procedure === "queue.status")!;
  return [
    {
      ...status,
      procedure: "queue.events",
      path: "/queue/events",
      contentType: "text/event-stream",
      errors: new Map(status.errors),
    },
  ];
}

/** The REST routes: the router's, from each procedure's meta, and the hand-written ones. */
export function restOperations(): RestOperation[] {
  const operations: RestOperation[] = [];
  for (const [name, entry] of Object.entries(appRouter._def.procedures)) {
    const procedure = entry as unknown as OpenApiProcedure;
    const meta = procedure._def.meta as Meta | undefined;
    if (!meta?.openapi || meta.openapi.enabled === false) continue;
    const { inputParser } = getInputOutputParsers(procedure);
    const hasInput = !instanceofZodTypeLikeVoid(unwrapZodType(inputParser, true));
    const errors = new Map<number, ErrorCause[]>();
    for (const cause of errorCauses(meta, hasInput)) {
      const status = causeStatus(cause);
      errors.set(status, [...(errors.get(status) ?? []), cause]);
    }
    operations.push({
      procedure: name,
      method: meta.openapi.method,
      path: normalizePath(meta.openapi.path),
      successStatus: meta.successStatus ?? 200,
      contentType: meta.contentType,
      errors: new Map([...errors].sort(([a], [b]) => a - b)),
      tokenOptional: meta.tokenOptional === true,
    });
  }
  return [...operations, ...handWrittenOperations(operations)];
}

const QUEUE_EVENTS_DESCRIPTION = [
  "The fan's status as Server-Sent Events, for as long as the pass lasts: instead of polling `GET /queue/status`.",
  "The queue token goes in `X-Queue-Token`, or (a browser's EventSource sends no headers) in the `queueToken` query parameter.",
  "Errors before the stream starts are those of `GET /queue/status`; 503 also when this server has as many streams open as it takes (poll instead).",
  "The stream: `retry: 3000`, then `event: status` with `data:` the object `GET /queue/status` answers, at once and",
  "whenever status, position, activeUntil, opensAt or reason changes; `event: heartbeat` with `data: {}` every 15 seconds.",
  "An open stream keeps the fan's place as polling does. After an EXPIRED status the server ends the stream.",
].join(" ");

/** The document's entry of a hand-written operation, beside the generated ones. */
function handWrittenEntry(document: OpenAPIObject, op: RestOperation) {
  const status = document.paths!["/queue/status"]!.get!;
  return {
    operationId: "queue-events",
    tags: ["queue"],
    description: QUEUE_EVENTS_DESCRIPTION,
    security: status.security,
    parameters: [
      { name: "X-Queue-Token", in: "header", required: false, schema: { type: "string" } },
      {
        name: "queueToken",
        in: "query",
        required: false,
        description: "The queue token, when it cannot go in X-Queue-Token",
        schema: { type: "string" },
      },
    ],
    responses: {
      [op.successStatus]: {
        description: "The event stream",
        content: { [op.contentType!]: { schema: { type: "string" } } },
      },
    },
  };
}

const ERROR_REF = { $ref: "#/components/schemas/Error" };
const RETRY_AFTER = {
  "Retry-After": { description: "Seconds to wait before trying again", schema: { type: "integer", minimum: 1 } },
};

function errorResponse(status: number, causes: ErrorCause[]) {
  return {
    description: causes.join(", "),
    ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
    content: {
      "application/json": {
        schema: {
          allOf: [ERROR_REF, { properties: { data: { properties: { reason: { enum: causes } } } } }],
        },
      },
    },
  };
}

/**
 * trpc-to-openapi's document with each operation's responses replaced by what the procedure
 * declares: its success status (201 and 204 too; the generator writes 200 for every success), its
 * error answers, all in the one error body, and whether its token is optional.
 */
function buildDocument(): OpenAPIObject {
  const document = generateOpenApiDocument(appRouter, {
    title: "Concert booking API",
    version: "1.0.0",
    baseUrl: "/api/v1",
    securitySchemes: {
      bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
    },
  });
  for (const op of restOperations()) {
    document.paths![op.path] ??= { [op.method.toLowerCase()]: handWrittenEntry(document, op) };
    const operation = document.paths![op.path]![op.method.toLowerCase() as "get"]!;
    const generated = operation.responses as Record<string, { content?: unknown }>;
    const success =
      op.successStatus === 204
        ? { description: "No content" }
        : op.contentType
          ? { description: "Successful response", content: { [op.contentType]: { schema: { type: "string" } } } }
          : { description: "Successful response", content: generated["200"]!.content };
    operation.responses = {
      [op.successStatus]: success,
      ...Object.fromEntries([...op.errors].map(([status, causes]) => [status, errorResponse(status, causes)])),
    };
    // Anyone may call it; a Bearer token, when given, says who (an empty requirement is "none").
    if (op.tokenOptional) operation.security = [{}, { bearer: [] }];
  }
  const schemas = Object.entries(document.components?.schemas ?? {}).filter(([name]) => !name.startsWith("error."));
  const errorSchema: Record<string, unknown> = z.toJSONSchema(ZErrorBody);
  delete errorSchema.$schema;
  document.components = {
    ...document.components,
    schemas: { ...Object.fromEntries(schemas), Error: errorSchema },
  };
  return document;
}

/** Served at `GET /api/v1/openapi.json`. */
export const openApiDocument = buildDocument();
