"use client";

import { EventSourceParserStream } from "eventsource-parser/stream";
import { useEffect, useRef, useState } from "react";
import type { QueueView } from "@/lib/trpc/types";

/**
 * How the waiting room hears about its pass: `stream` (the server pushes each change over
 * `GET /api/v1/queue/events`), `polling` (the status call at `pollAfterMs`, while the stream is
 * unavailable), or `connecting` (neither yet: the stream is being opened).
 */
export type QueueTransport = "connecting" | "stream" | "polling";

const EVENTS_URL = "/api/v1/queue/events";
/** A stream that has not sent the first status by then is given up for polling. */
const CONNECT_TIMEOUT_MS = 5_000;
/** Two heartbeats (every 15 s) missed: something between holds the stream without passing it on. */
const SILENCE_MS = 35_000;
/** After a failure the stream is tried again, later each time, while the page polls meanwhile. */
const RETRY_FIRST_MS = 3_000;
const RETRY_MAX_MS = 60_000;

/**
 * Opens the pass's event stream and hands each status it sends to `onStatus`. A stream that fails
 * to open, breaks, or goes silent makes the transport `polling` and is tried again later. Over
 * fetch (with `eventsource-parser`) rather than the browser's EventSource, so the token travels in
 * the `x-queue-token` header as on every other call, never in a URL.
 */
export function useQueueEvents(token: string | undefined, onStatus: (view: QueueView) => void): QueueTransport {
  const [state, setState] = useState<{ token: string | undefined; transport: QueueTransport }>({
    token,
    transport: "connecting",
  });
  const handler = useRef(onStatus);
  useEffect(() => {
    handler.current = onStatus;
  }, [onStatus]);

  useEffect(() => {
    if (!token) return;
    let stopped = false;
    let attempt = 0;
    let failures = 0;
    let abort: AbortController | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const set = (transport: QueueTransport) => setState({ token, transport });

    /** Ends attempt `n` (if still the current one) and schedules the next. */
    const fail = (n: number) => {
      if (stopped || n !== attempt) return;
      attempt++;
      abort?.abort();
      clearTimeout(watchdog);
      set("polling");
      retry = setTimeout(connect, Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** failures++));
    };

    async function connect() {
      const n = ++attempt;
      const controller = (abort = new AbortController());
      const arm = (ms: number) => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => fail(n), ms);
      };
      arm(CONNECT_TIMEOUT_MS);
      try {
        const res = await fetch(EVENTS_URL, {
          headers: { "x-queue-token": token!, accept: "text/event-stream" },
          signal: controller.signal,
          cache: "no-store",
        });
        if (!res.ok || !res.body || !res.headers.get("content-type")?.startsWith("text/event-stream")) {
          return fail(n);
        }
        const events = res.body
          .pipeThrough(new TextDecoderStream())
          .pipeThrough(new EventSourceParserStream())
          .getReader();
        let live = false;
        for (;;) {
          const { done, value } = await events.read();
          if (done || n !== attempt) break;
          if (live) arm(SILENCE_MS);
          if (value.event !== "status") continue;
          const view = JSON.parse(value.data) as QueueView;
          if (!live) {
            live = true;
            failures = 0;
            arm(SILENCE_MS);
            set("stream");
          }
          handler.current(view);
          if (view.status === "EXPIRED") {
            // The server ends the stream here; a new pass starts a new one.
            clearTimeout(watchdog);
            void events.cancel();
            return;
          }
        }
      } catch {
        // Refused, cut or aborted: below.
      }
      // Ended without EXPIRED (a restart, a deploy, a proxy's timeout): poll, then try again.
      fail(n);
    }

    void connect();
    return () => {
      stopped = true;
      abort?.abort();
      clearTimeout(retry);
      clearTimeout(watchdog);
    };
  }, [token]);

  if (!token) return "polling";
  return state.token === token ? state.transport : "connecting";
}
