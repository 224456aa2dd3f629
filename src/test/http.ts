import type { TestApp } from "./app";

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers };

export type CallOptions = {
  token?: string;
  queueToken?: string;
  idempotencyKey?: string;
  headers?: Record<string, string>;
  /** Raw body, sent as is (for malformed-input tests). */
  raw?: string;
};

/** A REST client for the app under test: `call(app, "POST", "/users", { name })`. */
export async function call<T = any>(
  app: Pick<TestApp, "url">,
  method: string,
  path: string,
  body?: unknown,
  opts: CallOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.queueToken) headers["x-queue-token"] = opts.queueToken;
  if (opts.idempotencyKey) headers["idempotency-key"] = opts.idempotencyKey;
  let payload: string | undefined = opts.raw;
  if (body !== undefined) {
    payload = JSON.stringify(body);
  }
  if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
    headers["content-type"] = "application/json";
  }
  const res = await fetch(`${app.url}/api/v1${path}`, { method, headers, body: payload });
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}
