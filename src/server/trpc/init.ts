import { initTRPC, TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError } from "zod";
import { AppError, ERROR_TABLE } from "../errors";
import { isUnavailableError } from "../infra/unavailable";
import type { Context } from "./context";

/** `successStatus` is the REST status of a successful call (200 when absent). */
export type Meta = OpenApiMeta & { successStatus?: 201 | 204 };

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // Never a stack trace or an internal message in a response.
    isDev: false,
    errorFormatter({ shape, error }) {
      const app = error.cause instanceof AppError ? error.cause : undefined;
      const isInput = error.code === "BAD_REQUEST" && error.cause instanceof ZodError;
      return {
        message: error.code === "INTERNAL_SERVER_ERROR" ? "Internal server error" : shape.message,
        code: shape.code,
        data: {
          code: shape.data.code,
          httpStatus: app ? app.status : shape.data.httpStatus,
          reason: app?.code ?? (isInput ? "BAD_REQUEST" : shape.data.code),
        },
      };
    },
  });

/** Turns a use case's AppError into the tRPC error of the one table in errors.ts. */
const appErrors = t.middleware(async ({ next, ctx }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  const app =
    cause instanceof AppError
      ? cause
      : isUnavailableError(cause)
        ? new AppError("UNAVAILABLE", "A backing service is unavailable; try again shortly", { "Retry-After": "1" })
        : undefined;
  if (app) {
    for (const [name, value] of Object.entries(app.headers ?? {})) ctx.setHeader(name, value);
    throw new TRPCError({ code: ERROR_TABLE[app.code].trpc, message: app.message, cause: app });
  }
  return result;
});

export const router = t.router;
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;
export const baseProcedure = t.procedure.use(appErrors);
