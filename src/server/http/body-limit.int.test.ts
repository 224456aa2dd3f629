import { request, type IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { useAppInstances } from "@/test/processes";
import { MAX_BODY_BYTES } from "./api-handler";

/**
 * The production entry's body reader (node-adapter.ts) against MAX_BODY_BYTES: a declared
 * Content-Length over it is answered 413 before a byte of the body is sent; a chunked body (no
 * length) is cut off with 413 once it grows past it, long before the client is done sending; a
 * body of exactly the limit is read and served.
 */
const app = useTestApp();
const instances = useAppInstances(app, 1, {}, { apiOnly: true });

type Answer = { status: number; headers: IncomingMessage["headers"]; body: string };

function answerOf(res: IncomingMessage): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let body = "";
    res.setEncoding("utf8");
    res.on("data", (c: string) => (body += c));
    res.once("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    res.once("error", reject);
  });
}

/** A POST /api/v1/users whose JSON body (a name, then spaces) is exactly `size` bytes. */
function paddedBody(size: number): Buffer {
  const json = JSON.stringify({ name: "Padded" });
  return Buffer.from(json + " ".repeat(size - json.length));
}

function post(path: string, headers: Record<string, string | number>) {
  const url = new URL(path, instances.via(0).url);
  return request(url, { method: "POST", headers: { "content-type": "application/json", ...headers } });
}

describe("the production entry's body limit", () => {
  it("answers 413 to a declared Content-Length over the limit before the body is sent", async () => {
    const req = post("/api/v1/users", { "content-length": MAX_BODY_BYTES + 1 });
    req.on("error", () => {});
    // Only the headers go out: the answer must come without a byte of the body.
    req.flushHeaders();
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      req.once("response", resolve);
      setTimeout(() => reject(new Error("no answer without the body")), 5_000).unref();
    });
    const answer = await answerOf(res);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    // The unread body would be taken for the next request: the connection is closed.
    expect(answer.headers.connection).toBe("close");
    req.destroy();
  });

  it("answers 413 to a chunked body once it grows past the limit, without reading the rest", async () => {
    const req = post("/api/v1/users", { "transfer-encoding": "chunked" });
    req.on("error", () => {});
    const chunk = Buffer.alloc(8 * 1024, " ");
    let answered: IncomingMessage | undefined;
    req.once("response", (res) => (answered = res));
    req.write("{");
    let sent = 1;
    // Up to 16 times the limit, unless the answer comes first.
    while (!answered && sent < 16 * MAX_BODY_BYTES) {
      await new Promise<void>((resolve) => req.write(chunk, () => resolve()));
      sent += chunk.length;
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(answered).toBeDefined();
    const answer = await answerOf(answered!);
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe("close");
    expect(sent).toBeGreaterThan(MAX_BODY_BYTES);
    expect(sent).toBeLessThan(4 * MAX_BODY_BYTES);
    req.destroy();
  });

  it("serves a body of exactly the limit, declared or chunked, and refuses one byte more", async () => {
    const send = (size: number, chunked: boolean) =>
      new Promise<Answer>((resolve, reject) => {
        const body = paddedBody(size);
        const req = post(
          "/api/v1/users",
          chunked ? { "transfer-encoding": "chunked" } : { "content-length": body.length },
        );
        req.once("response", (res) => answerOf(res).then(resolve, reject));
        req.on("error", reject);
        if (chunked) for (let i = 0; i < body.length; i += 10_000) req.write(body.subarray(i, i + 10_000));
        else req.write(body);
        req.end();
      });
    for (const chunked of [false, true]) {
      const atLimit = await send(MAX_BODY_BYTES, chunked);
      expect(atLimit.status).toBe(201);
      expect(JSON.parse(atLimit.body)).toMatchObject({ name: "Padded" });
      expect((await send(MAX_BODY_BYTES + 1, chunked)).status).toBe(413);
    }
    expect(await app.deps.db.user.count()).toBe(2);
  });
});
