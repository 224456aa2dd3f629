import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { failed, writeResponse } from "@/server/http/node-adapter";

type FetchHandler = (req: Request) => Promise<Response>;

/** Serves a fetch-style handler from node:http. */
export function toNodeListener(handler: FetchHandler): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = `http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`;
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined) continue;
        if (Array.isArray(value)) for (const v of value) headers.append(name, v);
        else headers.set(name, value);
      }
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const request = new Request(url, {
        method: req.method,
        headers,
        body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
        // Required by undici for streamed request bodies.
        ...(hasBody ? { duplex: "half" } : {}),
      } as RequestInit);
      await writeResponse(res, await handler(request));
    })().catch((err) => failed(res, err));
  };
}
