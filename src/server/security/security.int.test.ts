import { describe, expect, it } from "vitest";
import nextConfig from "../../../next.config";
import { createApiHandler } from "../http/api-handler";
import type { Deps } from "../deps";
import { createContext } from "../trpc/context";
import { createCallerFactory } from "../trpc/init";
import { appRouter } from "../trpc/root";
import { useTestApp } from "@/test/app";
import { adminToken } from "@/test/catalog-factory";
import { createConcertWithSchedule, createUser } from "@/test/factories";
import { call } from "@/test/http";
import { stateFingerprint } from "@/test/state";
import { CSRF_HEADER } from "./csrf";

const app = useTestApp({ ADMIN_PASSWORD: "sec-admin-password" });

/** A tRPC mutation as a browser page would send it, with whatever headers the case needs. */
async function trpcMutation(path: string, input: unknown, headers: Record<string, string>) {
  const res = await fetch(`${app.url}/api/trpc/${path}?batch=1`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(input === undefined ? {} : { 0: input }),
  });
  const [item] = (await res.json()) as { result?: { data: unknown }; error?: { message: string } }[];
  return { status: res.status, data: item?.result?.data, error: item?.error };
}

describe("CSRF: mutations signed in by cookie", () => {
  it("are refused (403, nothing changes) when a browser says they come from another site", async () => {
    const fan = await createUser(app);
    const cookie = `cb_access=${fan.accessToken}`;
    const before = await stateFingerprint(app);
    const cases: Record<string, string>[] = [
      { cookie, "sec-fetch-site": "cross-site" },
      { cookie, "sec-fetch-site": "same-site" },
      { cookie, origin: "https://evil.example" },
      { cookie, origin: "null" },
      // A custom header cannot outvote the browser's own account of where the call came from.
      { cookie, "sec-fetch-site": "cross-site", [CSRF_HEADER]: "1" },
      // No browser signal and no custom header: a plain form post from an old browser.
      { cookie },
    ];
    for (const headers of cases) {
      const res = await trpcMutation("points.charge", { amount: 100 }, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.error?.message).toMatch(/cross-site/i);
    }
    const rest = await call(
      app,
      "POST",
      "/points/charge",
      { amount: 100 },
      { headers: { cookie, "sec-fetch-site": "cross-site" } },
    );
    expect(rest.status).toBe(403);
    expect(await stateFingerprint(app)).toEqual(before);
  });

  it("pass from our own pages: Sec-Fetch-Site same-origin, an Origin equal to the host, or the custom header", async () => {
    const fan = await createUser(app);
    const cookie = `cb_access=${fan.accessToken}`;
    const host = new URL(app.url).host;
    const cases: Record<string, string>[] = [
      { cookie, "sec-fetch-site": "same-origin" },
      { cookie, origin: `http://${host}` },
      { cookie, [CSRF_HEADER]: "1" },
    ];
    for (const headers of cases) {
      expect((await trpcMutation("points.charge", { amount: 100 }, headers)).status, JSON.stringify(headers)).toBe(200);
    }
    expect((await call(app, "GET", "/points", undefined, { token: fan.accessToken })).body.balance).toBe(300);
  });

  it("do not concern Bearer tokens or reads", async () => {
    const fan = await createUser(app);
    const bearer = await call(
      app,
      "POST",
      "/points/charge",
      { amount: 100 },
      { token: fan.accessToken, headers: { "sec-fetch-site": "cross-site" } },
    );
    expect(bearer.status).toBe(200);
    const read = await call(app, "GET", "/points", undefined, {
      headers: { cookie: `cb_access=${fan.accessToken}`, "sec-fetch-site": "cross-site" },
    });
    expect(read.status).toBe(200);
  });

  it("apply to the admin cookie too", async () => {
    const token = await adminToken(app);
    const input = { title: "T", artist: "A", venue: "V" };
    expect((await trpcMutation("admin.createConcert", input, { cookie: `cb_admin=${token}` })).status).toBe(403);
    expect(
      (
        await trpcMutation("admin.createConcert", input, {
          cookie: `cb_admin=${token}`,
          "sec-fetch-site": "same-origin",
        })
      ).status,
    ).toBe(200);
  });
});

describe("cookies", () => {
  it("are HttpOnly and SameSite=Lax, and Secure in production", async () => {
    const headers: Record<string, string> = {};
    const production = { ...app.deps, config: { ...app.config, NODE_ENV: "production" as const } };
    const caller = createCallerFactory(appRouter)(
      createContext(production, new Headers(), (n, v) => (headers[n.toLowerCase()] = v)),
    );
    await caller.session.ensure();
    expect(headers["set-cookie"]).toMatch(/^cb_access=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax; Secure$/);
    await caller.session.adminLogin({ password: "sec-admin-password" });
    expect(headers["set-cookie"]).toMatch(/^cb_admin=[^;]+; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax; Secure$/);
  });

  it("a cookie that is not valid percent-encoding is a bad credential (401), never a 500", async () => {
    const res = await call(app, "GET", "/points", undefined, { headers: { cookie: "cb_access=%E0%A4%A" } });
    expect(res.status).toBe(401);
    const ensure = await trpcMutation("session.ensure", undefined, {
      cookie: "cb_access=%E0%A4%A",
      [CSRF_HEADER]: "1",
    });
    expect(ensure.status).toBe(200);
  });
});

describe("responses reveal nothing internal", () => {
  const SECRET = "hunter2-db-password";

  /** The real API on dependencies whose database fails with an internal message and a stack. */
  function brokenApi() {
    const failing = new Proxy(app.deps.db, {
      get(target, prop) {
        if (prop === "user" || prop === "$queryRaw" || prop === "$transaction") {
          const boom = () => {
            throw new TypeError(`relation "users" exploded; password=${SECRET}`);
          };
          return new Proxy(boom, { get: () => boom });
        }
        return Reflect.get(target, prop);
      },
    });
    return createApiHandler({ ...app.deps, db: failing } as Deps);
  }

  it("an unexpected error is a bare 500 with no message, stack or secret, over REST and tRPC", async () => {
    const handle = brokenApi();
    const fan = await createUser(app);
    const rest = await handle(
      new Request("http://localhost/api/v1/users/me", { headers: { authorization: `Bearer ${fan.accessToken}` } }),
    );
    const trpc = await handle(
      new Request("http://localhost/api/trpc/users.me", { headers: { cookie: `cb_access=${fan.accessToken}` } }),
    );
    for (const res of [rest, trpc]) {
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(text).toContain("Internal server error");
      expect(text).not.toContain(SECRET);
      expect(text).not.toMatch(/exploded|TypeError|\.ts:\d+|node_modules|\bat [\w.<>]+ \(/);
    }
  });

  it("input errors and refusals do not echo what was sent", async () => {
    const guess = `${"p".repeat(210)}-${SECRET}`;
    const tooLong = await call(app, "POST", "/admin/session", { password: guess });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.body)).not.toContain(SECRET);
    const wrong = await call(app, "POST", "/admin/session", { password: SECRET });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.body)).not.toContain(SECRET);
    const fan = await createUser(app);
    const forged = await call(app, "GET", "/users/me", undefined, { token: `${fan.accessToken}x` });
    expect(forged.status).toBe(401);
    expect(JSON.stringify(forged.body)).not.toContain(fan.accessToken);
  });
});

describe("security headers (next.config.js)", () => {
  it("pages: CSP of our own origin, no framing, no sniffing, a referrer policy; the API: no sources at all", async () => {
    const rules = await nextConfig.headers!();
    const page = Object.fromEntries(rules.find((r) => r.source === "/:path*")!.headers.map((h) => [h.key, h.value]));
    expect(page["Content-Security-Policy"]).toMatch(/default-src 'self'/);
    expect(page["Content-Security-Policy"]).toMatch(/frame-ancestors 'none'/);
    expect(page["Content-Security-Policy"]).toMatch(/object-src 'none'/);
    expect(page["Content-Security-Policy"]).not.toMatch(/\*|http:|https:/);
    expect(page["X-Content-Type-Options"]).toBe("nosniff");
    expect(page["X-Frame-Options"]).toBe("DENY");
    expect(page["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    const api = Object.fromEntries(rules.find((r) => r.source === "/api/:path*")!.headers.map((h) => [h.key, h.value]));
    expect(api["Content-Security-Policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api["X-Content-Type-Options"]).toBe("nosniff");
    expect(api["Referrer-Policy"]).toBe("no-referrer");
    // The API rule comes after the pages', so its values win on /api paths; the check-in page
    // changes the Permissions-Policy alone (the camera, for scanning tickets).
    expect(rules.map((r) => r.source)).toEqual(["/:path*", "/api/:path*", "/admin/check-in"]);
    expect(rules[2]!.headers.map((h) => h.key)).toEqual(["Permissions-Policy"]);
    expect(page["Permissions-Policy"]).toMatch(/camera=\(\)/);
  });
});

describe("a fan's own view", () => {
  it("never shows another fan's reservation, even by id (404, same as unknown)", async () => {
    const { scheduleIds } = await createConcertWithSchedule(app.deps);
    const [owner, other] = [await createUser(app), await createUser(app)];
    const { createHeldReservation } = await import("@/test/reservation-factory");
    const { reservationId } = await createHeldReservation(app.deps, {
      userId: owner.userId,
      scheduleId: scheduleIds[0]!,
      seatNumbers: [1],
    });
    const theirs = await call(app, "GET", `/reservations/${reservationId}`, undefined, { token: other.accessToken });
    const unknown = await call(app, "GET", `/reservations/${crypto.randomUUID()}`, undefined, {
      token: other.accessToken,
    });
    expect(theirs.status).toBe(404);
    expect(theirs.body.message).toBe(unknown.body.message);
  });
});
