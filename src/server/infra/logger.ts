import pino from "pino";

/**
 * Structured JSON logs to stdout. Never log tokens, passwords or whole request bodies.
 * Written asynchronously: lines logged while a write is under way go out together in the next
 * one, so a burst of requests costs a few writes instead of one blocking write per line. Whatever
 * is still pending is written out when the process exits.
 */
export const logger = pino(
  {
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
    base: { service: "concert-booking" },
    redact: ["req.headers.authorization", "req.headers.cookie", "req.headers['x-queue-token']"],
  },
  pino.destination({ dest: 1, sync: false }),
);
