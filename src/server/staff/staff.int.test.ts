import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { call } from "@/test/http";
import { useAppInstances } from "@/test/processes";
import { verifyPassword } from "./password";
import { ensureFirstOwner } from "./staff.service";

const ADMIN_PASSWORD = "staff-test-owner-pw";
const app = useTestApp({ ADMIN_PASSWORD });
// A second instance on the same database: revocation must reach it at once.
const other = useAppInstances(app, 1, {}, { apiOnly: true });

const STAFF_PW = "a-staff-password-1";

async function signIn(body: unknown): Promise<string> {
  const res = await call(app, "POST", "/admin/session", body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.adminToken as string;
}

async function addStaff(ownerToken: string, login: string, role = "staff"): Promise<string> {
  const res = await call(app, "POST", "/admin/staff", { login, password: STAFF_PW, role }, { token: ownerToken });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return signIn({ login, password: STAFF_PW });
}

const statsOn = (base: { url: string }, token: string) => call(base, "GET", "/admin/stats", undefined, { token });

describe("the first owner", () => {
  it("is made from ADMIN_PASSWORD with login ADMIN_LOGIN, once, however many instances start together", async () => {
    const deps = { ...app.deps, config: { ...app.config, ADMIN_LOGIN: "boss" } };
    await Promise.all(Array.from({ length: 5 }, () => ensureFirstOwner(deps)));
    const rows = await app.deps.db.staff.findMany();
    expect(rows.map((r) => [r.login, r.role])).toEqual([["boss", "owner"]]);
    expect(await verifyPassword(rows[0]!.passwordHash, ADMIN_PASSWORD)).toBe(true);
    // Once an account exists the setting is not read again.
    await ensureFirstOwner({ ...deps, config: { ...deps.config, ADMIN_LOGIN: "other", ADMIN_PASSWORD: "x" } });
    expect(await app.deps.db.staff.count()).toBe(1);
  });
});

describe("admin sign-in", () => {
  it("takes { login, password } and the old { password } form for the owner made from ADMIN_PASSWORD", async () => {
    const byPassword = await signIn({ password: ADMIN_PASSWORD });
    const byLogin = await signIn({ login: "owner", password: ADMIN_PASSWORD });
    expect((await statsOn(app, byPassword)).status).toBe(200);
    expect((await statsOn(app, byLogin)).status).toBe(200);
    const claims = JSON.parse(Buffer.from(byLogin.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ aud: "admin", login: "owner", role: "owner" });
  });

  it("answers a wrong login and a wrong password with the same 401", async () => {
    await signIn({ password: ADMIN_PASSWORD });
    const wrongPassword = await call(app, "POST", "/admin/session", { login: "owner", password: "nope" });
    const wrongLogin = await call(app, "POST", "/admin/session", { login: "nobody", password: ADMIN_PASSWORD });
    expect(wrongPassword.status).toBe(401);
    expect(wrongLogin.status).toBe(401);
    expect(wrongLogin.body).toEqual(wrongPassword.body);
  });

  it("stores passwords as argon2id PHC strings, never the password", async () => {
    const owner = await signIn({ password: ADMIN_PASSWORD });
    await addStaff(owner, "hashcheck");
    const rows = await app.deps.db.staff.findMany({ orderBy: { login: "asc" } });
    expect(rows.map((r) => r.login)).toEqual(["hashcheck", "owner"]);
    for (const r of rows) {
      expect(r.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
      expect(r.passwordHash).not.toContain(STAFF_PW);
    }
  });
});

describe("staff accounts", () => {
  it("lets an owner add, list and remove accounts, and refuses bad input and taken logins", async () => {
    const owner = await signIn({ password: ADMIN_PASSWORD });
    await addStaff(owner, "anna");
    const list = await call(app, "GET", "/admin/staff", undefined, { token: owner });
    expect(list.status).toBe(200);
    expect(list.body.items.map((m: { login: string; role: string }) => [m.login, m.role])).toEqual([
      ["owner", "owner"],
      ["anna", "staff"],
    ]);
    const taken = await call(
      app,
      "POST",
      "/admin/staff",
      { login: "Anna", password: STAFF_PW, role: "staff" },
      {
        token: owner,
      },
    );
    expect([taken.status, taken.body.data.reason]).toEqual([409, "CONFLICT"]);
    const short = await call(
      app,
      "POST",
      "/admin/staff",
      { login: "ben", password: "11-chars-pw", role: "staff" },
      {
        token: owner,
      },
    );
    expect(short.status).toBe(400);
    expect(short.body.issues.map((i: { path: string }) => i.path)).toEqual(["password"]);
    const badRole = await call(
      app,
      "POST",
      "/admin/staff",
      { login: "ben", password: STAFF_PW, role: "root" },
      {
        token: owner,
      },
    );
    expect(badRole.status).toBe(400);
    expect((await call(app, "DELETE", "/admin/staff/anna", undefined, { token: owner })).status).toBe(204);
    expect((await call(app, "DELETE", "/admin/staff/anna", undefined, { token: owner })).status).toBe(404);
  });

  it("refuses staff management to the staff role with 403, and lets them do the rest", async () => {
    const owner = await signIn({ password: ADMIN_PASSWORD });
    const staff = await addStaff(owner, "carl");
    expect((await call(app, "GET", "/admin/staff", undefined, { token: staff })).status).toBe(403);
    const create = await call(
      app,
      "POST",
      "/admin/staff",
      { login: "dan", password: STAFF_PW, role: "owner" },
      {
        token: staff,
      },
    );
    expect(create.status).toBe(403);
    expect((await call(app, "DELETE", "/admin/staff/owner", undefined, { token: staff })).status).toBe(403);
    expect((await statsOn(app, staff)).status).toBe(200);
    const created = await call(
      app,
      "POST",
      "/admin/concerts",
      { title: "T", artist: "A", venue: "V" },
      { token: staff },
    );
    expect(created.status).toBe(201);
    expect(await app.deps.db.staff.count()).toBe(2);
  });

  it("never lets an owner remove themselves or the last owner", async () => {
    const owner = await signIn({ password: ADMIN_PASSWORD });
    const self = await call(app, "DELETE", "/admin/staff/owner", undefined, { token: owner });
    expect(self.status).toBe(409);
    const second = await addStaff(owner, "olga", "owner");
    expect((await call(app, "DELETE", "/admin/staff/owner", undefined, { token: second })).status).toBe(204);
    expect((await call(app, "DELETE", "/admin/staff/olga", undefined, { token: second })).status).toBe(409);
    expect((await app.deps.db.staff.findMany()).map((s) => s.login)).toEqual(["olga"]);
  });
});

describe("revocation, seen from a second instance", () => {
  it("ends a token at once when its holder signs out, and no other session", async () => {
    const token = await signIn({ password: ADMIN_PASSWORD });
    const another = await signIn({ password: ADMIN_PASSWORD });
    expect((await statsOn(other.via(0), token)).status).toBe(200);
    expect((await call(app, "DELETE", "/admin/session", undefined, { token })).status).toBe(204);
    expect((await statsOn(other.via(0), token)).status).toBe(401);
    expect((await statsOn(app, token)).status).toBe(401);
    expect((await statsOn(other.via(0), another)).status).toBe(200);
  });

  it("ends a removed account's tokens at once", async () => {
    const owner = await signIn({ password: ADMIN_PASSWORD });
    const staff = await addStaff(owner, "erin");
    expect((await statsOn(other.via(0), staff)).status).toBe(200);
    expect((await call(app, "DELETE", "/admin/staff/erin", undefined, { token: owner })).status).toBe(204);
    expect((await statsOn(other.via(0), staff)).status).toBe(401);
  });

  it("ends every token of an account whose password changes, and the new password signs in", async () => {
    const owner = await signIn({ password: ADMIN_PASSWORD });
    const staff = await addStaff(owner, "finn");
    const res = await call(app, "PUT", "/admin/staff/finn/password", { password: `${STAFF_PW}-new` }, { token: owner });
    expect(res.status).toBe(204);
    expect((await statsOn(other.via(0), staff)).status).toBe(401);
    expect((await statsOn(other.via(0), owner)).status).toBe(200);
    const old = await call(app, "POST", "/admin/session", { login: "finn", password: STAFF_PW });
    expect(old.status).toBe(401);
    await signIn({ login: "finn", password: `${STAFF_PW}-new` });
  });

  it("lets a staff member set only their own password", async () => {
    const owner = await signIn({ password: ADMIN_PASSWORD });
    const staff = await addStaff(owner, "gus");
    const other403 = await call(app, "PUT", "/admin/staff/owner/password", { password: STAFF_PW }, { token: staff });
    expect(other403.status).toBe(403);
    const own = await call(app, "PUT", "/admin/staff/gus/password", { password: `${STAFF_PW}-gus` }, { token: staff });
    expect(own.status).toBe(204);
    expect((await statsOn(other.via(0), staff)).status).toBe(401);
  });
});

describe("the audit of staff changes", () => {
  it("records who added and removed whom, and filters by actor, action and target type", async () => {
    const owner = await signIn({ password: ADMIN_PASSWORD });
    await addStaff(owner, "hana");
    expect((await call(app, "DELETE", "/admin/staff/hana", undefined, { token: owner })).status).toBe(204);
    const audit = await call(app, "GET", "/admin/audit", undefined, { token: owner });
    expect(
      audit.body.items.map((e: Record<string, unknown>) => [e.actor, e.action, e.targetType, e.before, e.after]),
    ).toEqual([
      ["owner", "staff.delete", "staff", { login: "hana", role: "staff" }, null],
      ["owner", "staff.create", "staff", null, { login: "hana", role: "staff" }],
    ]);
    const byAction = await call(app, "GET", "/admin/audit?action=staff.create", undefined, { token: owner });
    expect(byAction.body.items.map((e: { action: string }) => e.action)).toEqual(["staff.create"]);
    const byActor = await call(app, "GET", "/admin/audit?actor=nobody", undefined, { token: owner });
    expect(byActor.body.items).toEqual([]);
    const byType = await call(app, "GET", "/admin/audit?targetType=concert", undefined, { token: owner });
    expect(byType.body.items).toEqual([]);
  });

  it("writes no audit entry and no account when the login is taken", async () => {
    const owner = await signIn({ password: ADMIN_PASSWORD });
    const res = await call(
      app,
      "POST",
      "/admin/staff",
      { login: "owner", password: STAFF_PW, role: "staff" },
      {
        token: owner,
      },
    );
    expect(res.status).toBe(409);
    expect(await app.deps.db.adminAudit.count()).toBe(0);
    expect(await app.deps.db.staff.count()).toBe(1);
  });
});
