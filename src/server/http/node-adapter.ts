import type { IncomingMessage, OutgoingHttpHeaders, RequestListener, ServerResponse } from "node:http";
import { MAX_BODY_BYTES, type ApiRequest, type ApiResult } from "./api-handler";
import { NodeHeaders } from "./node-headers";

const INTERNAL_ERROR = JSON.stringify({ message: "Internal server error", code: "INTERNAL_SERVER_ERROR" });

/** A 500 while nothing was sent, else the connection is cut. */
export function failed(res: ServerResponse, err: unknown): void {
  if (!res.headersSent) {
    res.writeHead(500, { "content-type": "application/json" });
    res.end(INTERNAL_ERROR);
  } else {
    res.destroy(err as Error);
  }
}

/**
 * Reads a node:http body up to MAX_BODY_BYTES; undefined when it is larger (declared or sent).
 * An oversized body is not read further and the connection closes after the answer.
 */
function readBody(req: IncomingMessage, res: ServerResponse): Promise<string | undefined> {
  const tooLarge = () => {
    res.shouldKeepAlive = false;
    return undefined;
  };
  if (Number(req.headers["content-length"] ?? "0") > MAX_BODY_BYTES) return Promise.resolve(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off("data", onData);
        req.pause();
        resolve(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () =>
      resolve(chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8")),
    );
    req.once("error", reject);
  });
}

/** Writes a Fetch Response to node:http, with `extra` headers under its own. */
export async function writeResponse(
  res: ServerResponse,
  response: Response,
  extra: Record<string, string> = {},
): Promise<void> {
  const headers: OutgoingHttpHeaders = { ...extra };
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  // Each chunk goes out as it comes (an event stream's events are never held back), at the pace
  // the client reads; a client that goes away cancels the body, which frees what feeds it.
  const reader = response.body.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined);
  res.once("close", cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) {
        cancel();
        break;
      }
      if (!res.write(value)) await drained(res);
    }
  } finally {
    res.off("close", cancel);
  }
  res.end();
}

/** Resolves when `res` can take more, or is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}

/**
 * The API served from node:http without Fetch objects on the way in or out (the REST path).
 * `core` is `createApiCore(deps)`; `headersFor` gives the headers every response of a path carries
 * (the security headers Next.js would add: see response-headers.ts), under the API's own.
 */
export function createNodeApiListener(
  core: (req: ApiRequest) => Promise<ApiResult>,
  headersFor: (pathname: string) => Record<string, string> = () => ({}),
): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    core({
      method: req.method ?? "GET",
      url,
      headers: new NodeHeaders(req.headers),
      clientAddress: req.socket.remoteAddress,
      readBody: () => readBody(req, res),
    })
      .then((result) => {
        const q = url.indexOf("?");
        const extra = headersFor(q === -1 ? url : url.slice(0, q));
        if (result instanceof Response) return writeResponse(res, result, extra);
        const body = result.body ?? "";
        // A 204 carries no body and no Content-Length (RFC 9110).
        const length =
          result.status === 204 || result.status === 304 ? {} : { "content-length": Buffer.byteLength(body) };
        res.writeHead(result.status, { ...extra, ...result.headers, ...length });
        res.end(body);
      })
      .catch((err) => failed(res, err));
  };
}
