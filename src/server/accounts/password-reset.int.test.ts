import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { adminToken } from "@/test/catalog-factory";
import { createUser } from "@/test/factories";
import { call } from "@/test/http";
import { stateFingerprint } from "@/test/state";

const app = useTestApp({ PUBLIC_URL: "https://tickets.example.com" });

const PASSWORD = "a-long-fan-password";
const NEW_PASSWORD = "a-brand-new-password";

async function account(email: string) {
  const res = await call(app, "POST", "/accounts", { email, password: PASSWORD });
  expect(res.status).toBe(201);
  return res.body as { userId: string; accessToken: string; refreshToken: string };
}

async function outbox(query = "") {
  const res = await call(app, "GET", `/admin/outbox${query}`, undefined, { token: await adminToken(app) });
  expect(res.status).toBe(200);
  return res.body as {
    items: { to: string; subject: string; body: string; sentAt: string | null }[];
    nextCursor: string | null;
  };
}

/** The token of the newest reset link in the outbox. */
async function linkToken(): Promise<string> {
  const [mail] = (await outbox()).items;
  const m = /https:\/\/tickets\.example\.com\/account\/reset\?token=([A-Za-z0-9_-]+)/.exec(mail!.body);
  expect(m).not.toBeNull();
  return m![1]!;
}

const requestReset = (email: string) => call(app, "POST", "/accounts/password-reset", { email });
const confirm = (token: string, password = NEW_PASSWORD) =>
  call(app, "POST", "/accounts/password-reset/confirm", { token, password });
const signIn = (email: string, password: string) => call(app, "POST", "/accounts/session", { email, password });

describe("password reset", () => {
  it("mails in the language of the page that asked: the remembered choice, else the browser's", async () => {
    await account("jiwoo@example.com");
    const ask = (headers: Record<string, string>) =>
      call(app, "POST", "/accounts/password-reset", { email: "jiwoo@example.com" }, { headers });
    expect((await ask({ "accept-language": "ko-KR,ko;q=0.9,en;q=0.8" })).status).toBe(202);
    expect((await ask({ "accept-language": "ko-KR", cookie: "locale=en" })).status).toBe(202);
    const [english, korean] = (await outbox()).items;
    expect(korean).toMatchObject({ subject: "Encore 비밀번호 재설정" });
    expect(korean!.body).toContain("30분 동안");
    expect(korean!.body).toMatch(/https:\/\/tickets\.example\.com\/account\/reset\?token=/);
    expect(english).toMatchObject({ subject: "Reset your Encore password" });
  });

  it("answers 202 whether or not the email has an account, and mails a link only when it does", async () => {
    await account("mina@example.com");
    const unknown = await requestReset("nobody@example.com");
    const known = await requestReset("MINA@example.com");
    expect([unknown.status, known.status]).toEqual([202, 202]);
    expect(unknown.body).toEqual(known.body);
    const mails = (await outbox()).items;
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: "mina@example.com", subject: "Reset your Encore password", sentAt: null });
    // Only the token's hash is stored.
    const token = await linkToken();
    const [row] = await app.deps.db.passwordReset.findMany();
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.tokenHash).not.toContain(token);
  });

  it("sets the new password once, ends every session, and the old password and link stop working", async () => {
    const guest = await createUser(app);
    const up = await call(
      app,
      "POST",
      "/accounts",
      { email: "jun@example.com", password: PASSWORD },
      { token: guest.accessToken },
    );
    const other = (await signIn("jun@example.com", PASSWORD)).body;
    await requestReset("jun@example.com");
    const token = await linkToken();
    const done = await confirm(token);
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ email: "jun@example.com" });
    for (const refreshToken of [up.body.refreshToken, other.refreshToken]) {
      expect((await call(app, "POST", "/accounts/session/refresh", { refreshToken })).status).toBe(401);
    }
    expect((await call(app, "GET", "/users/me", undefined, { token: guest.accessToken })).status).toBe(401);
    expect((await signIn("jun@example.com", PASSWORD)).status).toBe(401);
    expect((await signIn("jun@example.com", NEW_PASSWORD)).status).toBe(200);
    const again = await confirm(token, "yet-another-password");
    expect(again.status).toBe(410);
    expect(again.body.data.reason).toBe("LINK_EXPIRED");
  });

  it("expires 30 minutes after it was asked for", async () => {
    await account("late@example.com");
    await requestReset("late@example.com");
    const token = await linkToken();
    app.clock.advance(30 * 60_000 + 1000);
    const before = await stateFingerprint(app);
    const res = await confirm(token);
    expect(res.status).toBe(410);
    expect(await stateFingerprint(app)).toEqual(before);
    expect((await signIn("late@example.com", PASSWORD)).status).toBe(200);
  });

  it("works within the 30 minutes, and a newer link closes none but a used one closes all", async () => {
    await account("two@example.com");
    await requestReset("two@example.com");
    const first = await linkToken();
    await requestReset("two@example.com");
    const second = await linkToken();
    app.clock.advance(29 * 60_000);
    expect((await confirm(second)).status).toBe(200);
    expect((await confirm(first, "a-third-password-x")).status).toBe(410);
  });

  it("refuses an unknown link with 410 and a short password with 400, changing nothing", async () => {
    await account("x@example.com");
    await requestReset("x@example.com");
    const token = await linkToken();
    const before = await stateFingerprint(app);
    expect((await confirm("made-up-token")).status).toBe(410);
    const short = await confirm(token, "short");
    expect(short.status).toBe(400);
    expect(short.body.issues.map((i: { path: string }) => i.path)).toEqual(["password"]);
    expect((await call(app, "POST", "/accounts/password-reset", { email: "nope" })).status).toBe(400);
    expect(await stateFingerprint(app)).toEqual(before);
    // The link still works after those refusals.
    expect((await confirm(token)).status).toBe(200);
  });
});

describe("GET /admin/outbox", () => {
  it("lists mail newest first, a page at a time, for admins only", async () => {
    for (const email of ["a@example.com", "b@example.com", "c@example.com"]) {
      await account(email);
      await requestReset(email);
      app.clock.advance(1000);
    }
    const first = await outbox("?limit=2");
    expect(first.items.map((m) => m.to)).toEqual(["c@example.com", "b@example.com"]);
    const second = await outbox(`?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((m) => m.to)).toEqual(["a@example.com"]);
    expect(second.nextCursor).toBeNull();
    const fan = await createUser(app);
    expect((await call(app, "GET", "/admin/outbox", undefined, { token: fan.accessToken })).status).toBe(403);
    expect((await call(app, "GET", "/admin/outbox")).status).toBe(401);
    const bad = await call(app, "GET", "/admin/outbox?cursor=nope", undefined, { token: await adminToken(app) });
    expect(bad.status).toBe(400);
  });
});
