import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { createUser } from "@/test/factories";
import { call } from "@/test/http";

/**
 * The session cookies over plain HTTP and over HTTPS, against the real API. TLS ends at a proxy in
 * front (TRUST_PROXY=1), which says which scheme the browser used in X-Forwarded-Proto.
 */
const ADMIN_PASSWORD = "cookie-admin-password";
const app = useTestApp({ TRUST_PROXY: 1, ADMIN_PASSWORD });

type Scheme = "http" | "https";

/** One tRPC call as the web app's batch link makes it, through the proxy. */
async function trpc(scheme: Scheme, path: string, opts: { input?: unknown; cookie?: string; query?: boolean } = {}) {
  const headers: Record<string, string> = {
    "x-forwarded-proto": scheme,
    "x-csrf": "1",
    "content-type": "application/json",
  };
  if (opts.cookie) headers.cookie = opts.cookie;
  const inputs = JSON.stringify(opts.input === undefined ? {} : { 0: opts.input });
  const url = `${app.url}/api/trpc/${path}?batch=1`;
  const res = opts.query
    ? await fetch(`${url}&input=${encodeURIComponent(inputs)}`, { headers })
    : await fetch(url, { method: "POST", headers, body: inputs });
  const [body] = (await res.json()) as { result?: { data: any } }[];
  return { status: res.status, setCookie: res.headers.get("set-cookie"), data: body?.result?.data };
}

const pair = (setCookie: string | null) => setCookie!.split(";")[0]!;

async function signIn(scheme: Scheme) {
  const guest = await trpc(scheme, "session.ensure");
  const admin = await trpc(scheme, "session.adminLogin", { input: { password: ADMIN_PASSWORD } });
  return { guest, admin };
}

describe("session cookies over plain HTTP", () => {
  it("keep their plain names, as local development and the end-to-end tests use them", async () => {
    const { guest, admin } = await signIn("http");
    expect(guest.setCookie).toMatch(/^cb_access=[^;]+; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax$/);
    expect(admin.setCookie).toMatch(/^cb_admin=[^;]+; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax$/);
    expect((await trpc("http", "users.me", { cookie: pair(guest.setCookie), query: true })).data).toEqual(guest.data);
    expect((await trpc("http", "admin.stats", { cookie: pair(admin.setCookie), query: true })).status).toBe(200);
  });
});

describe("session cookies over HTTPS", () => {
  it("are named __Host-, Secure, Path=/ and without Domain, and are read under that name", async () => {
    const { guest, admin } = await signIn("https");
    expect(guest.setCookie).toMatch(
      /^__Host-cb_access=[^;]+; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax; Secure$/,
    );
    expect(admin.setCookie).toMatch(/^__Host-cb_admin=[^;]+; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax; Secure$/);
    const access = pair(guest.setCookie);
    const adminCookie = pair(admin.setCookie);
    expect((await trpc("https", "users.me", { cookie: access, query: true })).data).toEqual(guest.data);
    const rest = await call(app, "GET", "/users/me", undefined, {
      headers: { cookie: access, "x-forwarded-proto": "https" },
    });
    expect(rest.body).toEqual(guest.data);
    expect((await trpc("https", "session.ensure", { cookie: access })).setCookie).toBeNull();
    expect((await trpc("https", "session.admin", { cookie: adminCookie, query: true })).data).toEqual({
      signedIn: true,
      login: "owner",
      role: "owner",
    });
    expect((await trpc("https", "admin.stats", { cookie: adminCookie, query: true })).status).toBe(200);
    const logout = await trpc("https", "session.adminLogout", { cookie: adminCookie });
    expect(logout.setCookie).toMatch(/^__Host-cb_admin=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax; Secure$/);
  });

  it("ignore a plain-named cookie, such as one a sibling subdomain planted, even when it holds a valid token", async () => {
    const attacker = await createUser(app);
    const planted = `cb_access=${attacker.accessToken}`;
    expect((await trpc("https", "users.me", { cookie: planted, query: true })).status).toBe(401);
    expect(
      (await call(app, "GET", "/users/me", undefined, { headers: { cookie: planted, "x-forwarded-proto": "https" } }))
        .status,
    ).toBe(401);
    // The web app's first call then makes the fan a guest of their own, not the attacker's account.
    const guest = await trpc("https", "session.ensure", { cookie: planted });
    expect(guest.data.userId).not.toBe(attacker.userId);
    expect(guest.setCookie).toMatch(/^__Host-cb_access=/);
    // The browser sends both from then on, the planted one first: ours decides.
    const both = `${planted}; ${pair(guest.setCookie)}`;
    expect((await trpc("https", "users.me", { cookie: both, query: true })).data.userId).toBe(guest.data.userId);

    const { admin } = await signIn("http");
    const plainAdmin = pair(admin.setCookie);
    expect(plainAdmin).toMatch(/^cb_admin=/);
    expect((await trpc("https", "admin.stats", { cookie: plainAdmin, query: true })).status).toBe(401);
    expect((await trpc("https", "session.admin", { cookie: plainAdmin, query: true })).data).toEqual({
      signedIn: false,
    });
  });
});
