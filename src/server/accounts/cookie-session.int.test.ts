import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";

const app = useTestApp();

const PASSWORD = "a-long-fan-password";

/** A browser's cookie jar: what Set-Cookie gives, sent back on every call (Max-Age=0 removes). */
class Browser {
  cookies = new Map<string, string>();
  setCookies: string[] = [];

  get header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** A tRPC call as the web UI's batch link makes it. */
  async trpc(path: string, input?: unknown, { query = false } = {}) {
    const headers: Record<string, string> = { "content-type": "application/json", "x-csrf": "1" };
    if (this.cookies.size) headers.cookie = this.header;
    const inputs = JSON.stringify(input === undefined ? {} : { 0: input });
    const url = `${app.url}/api/trpc/${path}?batch=1`;
    const res = query
      ? await fetch(`${url}&input=${encodeURIComponent(inputs)}`, { headers })
      : await fetch(url, { method: "POST", headers, body: inputs });
    this.setCookies = res.headers.getSetCookie();
    for (const c of this.setCookies) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      const [name, value] = [pair!.slice(0, eq), pair!.slice(eq + 1)];
      if (/Max-Age=0/.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const [body] = (await res.json()) as { result?: { data: any }; error?: { data: { reason: string } } }[];
    return { status: res.status, data: body?.result?.data, reason: body?.error?.data.reason };
  }
}

const balance = async (b: Browser) => (await b.trpc("points.balance", undefined, { query: true })).data;

describe("the web UI's account session", () => {
  it("upgrades the cookie's guest, keeps tokens out of the page, and renews the minute-long access transparently", async () => {
    const phone = new Browser();
    const guest = (await phone.trpc("session.ensure")).data as { userId: string };
    await phone.trpc("points.charge", { amount: 700 });
    const up = await phone.trpc("session.signUp", { email: "mina@example.com", password: PASSWORD });
    expect(up.data).toEqual({ signedIn: true, email: "mina@example.com" });
    expect(phone.setCookies.map((c) => c.split("=")[0]).sort()).toEqual(["cb_access", "cb_refresh"]);
    for (const c of phone.setCookies) expect(c).toMatch(/; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax$/);
    expect((await phone.trpc("session.account", undefined, { query: true })).data).toEqual({
      signedIn: true,
      email: "mina@example.com",
    });

    // A minute later the access token has lapsed: the next call renews both cookies on its way.
    app.clock.advance(61_000);
    const oldRefresh = phone.cookies.get("cb_refresh");
    expect(await balance(phone)).toEqual({ userId: guest.userId, balance: 700 });
    expect(phone.setCookies).toHaveLength(2);
    expect(phone.cookies.get("cb_refresh")).not.toBe(oldRefresh);
    app.clock.advance(61_000);
    expect((await phone.trpc("session.ensure")).data.userId).toBe(guest.userId);
    expect(phone.setCookies).toHaveLength(2);
  });

  it("signs in on a second device, and signing out everywhere sends the first back to a new guest", async () => {
    const phone = new Browser();
    const guest = (await phone.trpc("session.ensure")).data as { userId: string };
    await phone.trpc("session.signUp", { email: "jun@example.com", password: PASSWORD });
    await phone.trpc("points.charge", { amount: 300 });

    const laptop = new Browser();
    await laptop.trpc("session.ensure");
    const wrong = await laptop.trpc("session.signIn", { email: "jun@example.com", password: "not-the-password" });
    expect([wrong.status, wrong.reason]).toEqual([401, "UNAUTHORIZED"]);
    expect((await laptop.trpc("session.signIn", { email: "Jun@example.com", password: PASSWORD })).data).toEqual({
      signedIn: true,
      email: "jun@example.com",
    });
    expect(await balance(laptop)).toEqual({ userId: guest.userId, balance: 300 });

    const out = await laptop.trpc("session.signOut", { all: true });
    expect(out.data).toEqual({ signedIn: false });
    expect(laptop.cookies.size).toBe(0);
    // The phone's access token lives out its minute; then its refresh token is refused.
    app.clock.advance(61_000);
    expect((await phone.trpc("points.balance", undefined, { query: true })).status).toBe(401);
    const next = (await phone.trpc("session.ensure")).data as { userId: string };
    expect(next.userId).not.toBe(guest.userId);
    expect(phone.cookies.has("cb_refresh")).toBe(false);
    expect((await phone.trpc("session.account", undefined, { query: true })).data).toEqual({ signedIn: false });
  });

  it("signs out this device only, and another site cannot sign a fan out", async () => {
    const phone = new Browser();
    await phone.trpc("session.ensure");
    await phone.trpc("session.signUp", { email: "kim@example.com", password: PASSWORD });
    const forged = await fetch(`${app.url}/api/trpc/session.signOut?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: phone.header, "sec-fetch-site": "cross-site" },
      body: JSON.stringify({ 0: {} }),
    });
    expect(forged.status).toBe(403);
    const laptop = new Browser();
    await laptop.trpc("session.signIn", { email: "kim@example.com", password: PASSWORD });
    await phone.trpc("session.signOut", {});
    app.clock.advance(61_000);
    expect((await laptop.trpc("session.account", undefined, { query: true })).data).toEqual({
      signedIn: true,
      email: "kim@example.com",
    });
  });

  it("refuses a sign-in or sign-up from another origin (a sibling subdomain): no cookies planted", async () => {
    await new Browser().trpc("session.signUp", { email: "lee@example.com", password: PASSWORD });
    for (const [path, input] of [
      ["session.signIn", { email: "lee@example.com", password: PASSWORD }],
      ["session.signUp", { email: "new@example.com", password: PASSWORD }],
    ] as const) {
      const res = await fetch(`${app.url}/api/trpc/${path}?batch=1`, {
        method: "POST",
        headers: { "content-type": "application/json", "sec-fetch-site": "same-site" },
        body: JSON.stringify({ 0: input }),
      });
      expect(res.status).toBe(403);
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    expect(await app.deps.db.account.count()).toBe(1);
  });

  it("answers a taken email with EMAIL_TAKEN and keeps the guest's cookie", async () => {
    const a = new Browser();
    await a.trpc("session.ensure");
    await a.trpc("session.signUp", { email: "same@example.com", password: PASSWORD });
    const b = new Browser();
    const guest = (await b.trpc("session.ensure")).data as { userId: string };
    const res = await b.trpc("session.signUp", { email: "same@example.com", password: PASSWORD });
    expect([res.status, res.reason]).toEqual([409, "EMAIL_TAKEN"]);
    expect(b.setCookies).toEqual([]);
    expect((await b.trpc("session.ensure")).data.userId).toBe(guest.userId);
  });
});
