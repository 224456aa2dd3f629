import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { call } from "@/test/http";

const app = useTestApp({ ADMIN_PASSWORD: "s3cret-admin" });

/** A tRPC call as the web UI's batch link makes it: cookies in, Set-Cookie out. */
async function trpc(
  path: string,
  opts: { input?: unknown; cookie?: string; query?: boolean; headers?: Record<string, string> } = {},
) {
  // x-csrf: what a client without Sec-Fetch-Site sends on a cookie-authenticated mutation (SECURITY.md).
  const headers: Record<string, string> = { "content-type": "application/json", "x-csrf": "1", ...opts.headers };
  if (opts.cookie) headers.cookie = opts.cookie;
  const inputs = JSON.stringify(opts.input === undefined ? {} : { 0: opts.input });
  const url = `${app.url}/api/trpc/${path}?batch=1`;
  const res = opts.query
    ? await fetch(`${url}&input=${encodeURIComponent(inputs)}`, { headers })
    : await fetch(url, { method: "POST", headers, body: inputs });
  const [body] = (await res.json()) as { result?: { data: any }; error?: { data: { reason: string } } }[];
  return { status: res.status, setCookie: res.headers.get("set-cookie"), data: body?.result?.data, error: body?.error };
}

function cookiePair(setCookie: string | null): string {
  expect(setCookie).toBeTruthy();
  return setCookie!.split(";")[0]!;
}

describe("session.ensure", () => {
  it("makes a guest on the first visit and sets an HttpOnly, SameSite=Lax access cookie", async () => {
    const first = await trpc("session.ensure");
    expect(first.status).toBe(200);
    expect(first.data).toEqual({ userId: expect.any(String), name: expect.stringMatching(/^Guest \d{4}$/) });
    expect(first.setCookie).toMatch(/^cb_access=[^;]+; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax$/);
    expect(await app.deps.db.user.count()).toBe(1);
  });

  it("returns the same user while the cookie is valid, without setting it again", async () => {
    const cookie = cookiePair((await trpc("session.ensure")).setCookie);
    const again = await trpc("session.ensure", { cookie });
    expect(again.setCookie).toBeNull();
    const me = await call(app, "GET", "/users/me", undefined, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(again.data).toEqual(me.body);
    expect(await app.deps.db.user.count()).toBe(1);
  });

  it("replaces a forged cookie with a new guest", async () => {
    const res = await trpc("session.ensure", { cookie: "cb_access=eyJhbGciOiJIUzI1NiJ9.e30.bm9wZQ" });
    expect(res.status).toBe(200);
    expect(res.setCookie).toMatch(/^cb_access=/);
  });
});

describe("session.rename", () => {
  it("renames the signed-in fan and trims the name", async () => {
    const cookie = cookiePair((await trpc("session.ensure")).setCookie);
    const res = await trpc("session.rename", { cookie, input: { name: "  Mina " } });
    expect(res.data).toMatchObject({ name: "Mina" });
    expect((await call(app, "GET", "/users/me", undefined, { headers: { cookie } })).body.name).toBe("Mina");
  });

  it.each([
    ["empty", ""],
    ["over 50", "x".repeat(51)],
  ])("rejects an %s name", async (_, name) => {
    const cookie = cookiePair((await trpc("session.ensure")).setCookie);
    const res = await trpc("session.rename", { cookie, input: { name } });
    expect(res.status).toBe(400);
    expect(res.error?.data.reason).toBe("BAD_REQUEST");
  });

  it("needs a session", async () => {
    const res = await trpc("session.rename", { input: { name: "Mina" } });
    expect(res.status).toBe(401);
  });
});

describe("admin session", () => {
  it("refuses a wrong password and sets no cookie", async () => {
    const res = await trpc("session.adminLogin", { input: { password: "guess" } });
    expect(res.status).toBe(401);
    expect(res.setCookie).toBeNull();
  });

  it("signs in with the password, then the cookie opens admin routes until logout ends the session", async () => {
    const login = await trpc("session.adminLogin", { input: { password: "s3cret-admin" } });
    expect(login.data).toEqual({ signedIn: true });
    expect(login.setCookie).toMatch(/^cb_admin=[^;]+; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax$/);
    const cookie = cookiePair(login.setCookie);
    expect((await trpc("session.admin", { cookie, query: true })).data).toEqual({
      signedIn: true,
      login: "owner",
      role: "owner",
    });
    expect((await trpc("session.admin", { query: true })).data).toEqual({ signedIn: false });

    const logout = await trpc("session.adminLogout", { cookie });
    expect(logout.setCookie).toMatch(/^cb_admin=; Path=\/; Max-Age=0;/);
    // The old cookie, kept by a client that ignores the clearing, names an ended session.
    expect((await trpc("session.admin", { cookie, query: true })).data).toEqual({ signedIn: false });
  });

  it("another site cannot sign staff out: 403, and the session goes on", async () => {
    const cookie = cookiePair((await trpc("session.adminLogin", { input: { password: "s3cret-admin" } })).setCookie);
    const forged = await trpc("session.adminLogout", { cookie, headers: { "sec-fetch-site": "cross-site" } });
    expect(forged.status).toBe(403);
    expect(forged.setCookie).toBeNull();
    expect((await trpc("session.admin", { cookie, query: true })).data).toMatchObject({ signedIn: true });
    // Without a cookie there is nothing to end, and nothing to refuse.
    expect((await trpc("session.adminLogout", { headers: { "sec-fetch-site": "cross-site" } })).status).toBe(200);
  });

  it("does not take a fan's access cookie for an admin one", async () => {
    const access = cookiePair((await trpc("session.ensure")).setCookie);
    const cookie = access.replace("cb_access=", "cb_admin=");
    expect((await trpc("session.admin", { cookie, query: true })).data).toEqual({ signedIn: false });
  });
});
