import pino from "pino";

/** Structured JSON logs. Never log tokens, passwords or whole request bodies. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: "concert-booking" },
  redact: ["req.headers.authorization", "req.headers.cookie", "req.headers['x-queue-token']"],
});
