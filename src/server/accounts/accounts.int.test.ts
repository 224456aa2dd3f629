import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { holdSeats } from "@/test/catalog-factory";
import { admittedUser, createConcertWithSchedule, createUser } from "@/test/factories";
import { call } from "@/test/http";
import { stateFingerprint } from "@/test/state";

const app = useTestApp();

const PASSWORD = "a-long-fan-password";

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
}

async function signUp(body: Record<string, unknown>, token?: string) {
  return call(app, "POST", "/accounts", { password: PASSWORD, ...body }, { token });
}

async function signIn(email: string, password = PASSWORD) {
  return call(app, "POST", "/accounts/session", { email, password });
}

const me = (token: string) => call(app, "GET", "/users/me", undefined, { token });

describe("POST /accounts", () => {
  it("makes a new user with an account, a short-lived access token with its session, and a refresh token", async () => {
    const res = await signUp({ email: "  Mina@Example.COM ", name: "Mina" });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      userId: expect.any(String),
      email: "mina@example.com",
      accessToken: expect.any(String),
      refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const c = claims(res.body.accessToken);
    expect(c).toMatchObject({ aud: "access", sub: res.body.userId, sid: expect.any(String) });
    expect((c.exp as number) - (c.iat as number)).toBeLessThanOrEqual(60);
    expect((await me(res.body.accessToken)).body).toEqual({ userId: res.body.userId, name: "Mina" });
    const [account] = await app.deps.db.account.findMany();
    expect(account).toMatchObject({ userId: res.body.userId, email: "mina@example.com" });
    expect(account!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const [session] = await app.deps.db.accountSession.findMany();
    // Only the refresh token's sha256 is kept.
    expect(session!.refreshHash).toMatch(/^[0-9a-f]{64}$/);
    expect(session!.refreshHash).not.toContain(res.body.refreshToken);
    expect(session!.id).toBe(c.sid);
  });

  it("upgrades the calling guest: the same user keeps their points, and the guest token stops working", async () => {
    const guest = await createUser(app, "Jun");
    expect((await call(app, "POST", "/points/charge", { amount: 5000 }, { token: guest.accessToken })).status).toBe(
      200,
    );
    const res = await signUp({ email: "jun@example.com" }, guest.accessToken);
    expect(res.status).toBe(201);
    expect(res.body.userId).toBe(guest.userId);
    const balance = await call(app, "GET", "/points", undefined, { token: res.body.accessToken });
    expect(balance.body).toEqual({ userId: guest.userId, balance: 5000 });
    expect((await me(guest.accessToken)).status).toBe(401);
    expect(await app.deps.db.user.count()).toBe(1);
  });

  it("gives the upgraded guest the name sent with it", async () => {
    const guest = await createUser(app, "Guest 1234");
    const res = await signUp({ email: "named@example.com", name: "  Hana " }, guest.accessToken);
    expect((await me(res.body.accessToken)).body).toEqual({ userId: guest.userId, name: "Hana" });
  });

  it("makes a new user when the caller is already an account", async () => {
    const first = await signUp({ email: "a@example.com" });
    const second = await signUp({ email: "b@example.com" }, first.body.accessToken);
    expect(second.status).toBe(201);
    expect(second.body.userId).not.toBe(first.body.userId);
  });

  it("answers 409 EMAIL_TAKEN for a taken email in any case, and leaves no user, account or session behind", async () => {
    expect((await signUp({ email: "taken@example.com" })).status).toBe(201);
    const guest = await createUser(app);
    const before = await stateFingerprint(app);
    for (const token of [undefined, guest.accessToken]) {
      const res = await signUp({ email: "TAKEN@example.com" }, token);
      expect(res.status).toBe(409);
      expect(res.body.data.reason).toBe("EMAIL_TAKEN");
    }
    expect(await stateFingerprint(app)).toEqual(before);
    // The guest was not upgraded: their token still works.
    expect((await me(guest.accessToken)).status).toBe(200);
  });

  it.each([
    ["a bad email", { email: "not-an-email", password: PASSWORD }, "email"],
    ["an email with a space", { email: "a b@example.com", password: PASSWORD }, "email"],
    ["a password of 11 characters", { email: "x@example.com", password: "eleven-char" }, "password"],
    ["a password over 200 characters", { email: "x@example.com", password: "p".repeat(201) }, "password"],
    ["no password", { email: "x@example.com" }, "password"],
    ["an unknown field", { email: "x@example.com", password: PASSWORD, admin: true }, ""],
  ])("refuses %s with 400 naming the field, and writes nothing", async (_, body, field) => {
    const before = await stateFingerprint(app);
    const res = await call(app, "POST", "/accounts", body);
    expect(res.status).toBe(400);
    expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(field);
    expect(await stateFingerprint(app)).toEqual(before);
  });

  it("refuses a bad credential with 401 rather than making a new user", async () => {
    const res = await signUp({ email: "c@example.com" }, "not-a-token");
    expect(res.status).toBe(401);
    expect(await app.deps.db.user.count()).toBe(0);
  });

  it("lets exactly one of many concurrent sign-ups with one email through", async () => {
    const guests = await Promise.all(Array.from({ length: 4 }, () => createUser(app)));
    const results = await Promise.all([
      ...guests.map((g) => signUp({ email: "race@example.com" }, g.accessToken)),
      ...Array.from({ length: 6 }, (_, i) => signUp({ email: i % 2 ? "RACE@example.com" : "race@example.com" })),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.data.reason === "EMAIL_TAKEN")).toBe(true);
    expect(await app.deps.db.account.count()).toBe(1);
    // The 4 guests, and one new user only if a new user won.
    const winner = results.find((r) => r.status === 201)!.body.userId as string;
    const isGuest = guests.some((g) => g.userId === winner);
    expect(await app.deps.db.user.count()).toBe(isGuest ? 4 : 5);
  });
});

describe("a guest upgraded mid-checkout", () => {
  it("keeps the hold and pays it with the account's token and the pass they had", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { price: 10_000 });
    const guest = await admittedUser(app, concertId);
    const hold = await holdSeats(app, guest, scheduleIds[0]!, [3, 4]);
    expect(hold.status).toBe(201);
    const account = await signUp({ email: "mid@example.com" }, guest.accessToken);
    expect(account.status).toBe(201);
    const token = account.body.accessToken as string;
    expect((await call(app, "POST", "/points/charge", { amount: 20_000 }, { token })).status).toBe(200);
    const paid = await call(
      app,
      "POST",
      "/payments",
      { reservationId: hold.body.reservationId },
      { token, queueToken: guest.queueToken },
    );
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    const reservation = await call(app, "GET", `/reservations/${hold.body.reservationId}`, undefined, { token });
    expect(reservation.body.status).toBe("CONFIRMED");
  });
});

describe("signing in on a second device", () => {
  it("sees the same tickets and points; a wrong password and an unknown email get the same 401", async () => {
    const { concertId, scheduleIds } = await createConcertWithSchedule(app.deps, { price: 10_000 });
    const guest = await admittedUser(app, concertId);
    await call(app, "POST", "/points/charge", { amount: 30_000 }, { token: guest.accessToken });
    const hold = await holdSeats(app, guest, scheduleIds[0]!, [1]);
    const pay = await call(
      app,
      "POST",
      "/payments",
      { reservationId: hold.body.reservationId },
      { token: guest.accessToken, queueToken: guest.queueToken },
    );
    expect(pay.status).toBe(201);
    expect((await signUp({ email: "two@example.com" }, guest.accessToken)).status).toBe(201);

    const second = await signIn("Two@Example.com");
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String) });
    const token = second.body.accessToken as string;
    const tickets = await call(app, "GET", "/reservations", undefined, { token });
    expect(
      tickets.body.items.map((r: { reservationId: string; status: string }) => [r.reservationId, r.status]),
    ).toEqual([[hold.body.reservationId, "CONFIRMED"]]);
    expect((await call(app, "GET", "/points", undefined, { token })).body.balance).toBe(20_000);

    const wrongPassword = await signIn("two@example.com", "not-the-password");
    const unknown = await signIn("nobody@example.com");
    expect([wrongPassword.status, unknown.status]).toEqual([401, 401]);
    expect(unknown.body).toEqual(wrongPassword.body);
  });

  it("refuses a bad email or an empty password with 400", async () => {
    expect((await call(app, "POST", "/accounts/session", { email: "x", password: PASSWORD })).status).toBe(400);
    expect((await call(app, "POST", "/accounts/session", { email: "x@example.com", password: "" })).status).toBe(400);
  });
});

describe("refresh tokens", () => {
  it("are used once: the new pair works, and presenting the old one later revokes the session", async () => {
    const first = (await signUp({ email: "r@example.com" })).body;
    const next = await call(app, "POST", "/accounts/session/refresh", { refreshToken: first.refreshToken });
    expect(next.status).toBe(200);
    expect(next.body.refreshToken).not.toBe(first.refreshToken);
    expect(claims(next.body.accessToken).sid).toBe(claims(first.accessToken).sid);
    // Within moments of the rotation (two tabs of one device) the old token is refused, nothing more.
    const twin = await call(app, "POST", "/accounts/session/refresh", { refreshToken: first.refreshToken });
    expect(twin.status).toBe(401);
    const after = await call(app, "POST", "/accounts/session/refresh", { refreshToken: next.body.refreshToken });
    expect(after.status).toBe(200);

    // Later, the replaced token again: a stolen copy. The whole session ends, the holder's token too.
    app.clock.advance(20_000);
    const reused = await call(app, "POST", "/accounts/session/refresh", { refreshToken: next.body.refreshToken });
    expect(reused.status).toBe(401);
    const holder = await call(app, "POST", "/accounts/session/refresh", { refreshToken: after.body.refreshToken });
    expect(holder.status).toBe(401);
    expect((await app.deps.db.accountSession.findFirst())!.revokedAt).not.toBeNull();
  });

  it("lapse after 30 days without use, and unknown ones are 401", async () => {
    const { refreshToken } = (await signUp({ email: "old@example.com" })).body;
    app.clock.advance(30 * 86_400_000 + 1000);
    expect((await call(app, "POST", "/accounts/session/refresh", { refreshToken })).status).toBe(401);
    expect((await call(app, "POST", "/accounts/session/refresh", { refreshToken: "nope" })).status).toBe(401);
    expect((await call(app, "POST", "/accounts/session/refresh", {})).status).toBe(400);
  });

  it("give exactly one new pair to many concurrent refreshes with one token", async () => {
    const { refreshToken } = (await signUp({ email: "many@example.com" })).body;
    const results = await Promise.all(
      Array.from({ length: 8 }, () => call(app, "POST", "/accounts/session/refresh", { refreshToken })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401, 401, 401, 401, 401, 401]);
    // A race of one device, not a theft: the session goes on.
    const winner = results.find((r) => r.status === 200)!.body.refreshToken as string;
    expect((await call(app, "POST", "/accounts/session/refresh", { refreshToken: winner })).status).toBe(200);
  });
});

describe("DELETE /accounts/session", () => {
  it("ends this session only; ?all=true ends every one, and the guest token of the upgraded user stays refused", async () => {
    const guest = await createUser(app);
    const a = (await signUp({ email: "out@example.com" }, guest.accessToken)).body;
    const b = (await signIn("out@example.com")).body;
    const c = (await signIn("out@example.com")).body;
    expect((await call(app, "DELETE", "/accounts/session", undefined, { token: a.accessToken })).status).toBe(204);
    const refreshOf = (t: { refreshToken: string }) =>
      call(app, "POST", "/accounts/session/refresh", { refreshToken: t.refreshToken });
    expect((await refreshOf(a)).status).toBe(401);
    const b2 = await refreshOf(b);
    expect(b2.status).toBe(200);
    expect(
      (await call(app, "DELETE", "/accounts/session?all=true", undefined, { token: b2.body.accessToken })).status,
    ).toBe(204);
    expect((await refreshOf(c)).status).toBe(401);
    expect((await refreshOf(b2.body)).status).toBe(401);
    expect((await me(guest.accessToken)).status).toBe(401);
    expect(await app.deps.db.accountSession.count({ where: { revokedAt: null } })).toBe(0);
    // The ended sessions are cleared at the next sign-in, which leaves only its own.
    expect((await signIn("out@example.com")).status).toBe(200);
    expect(await app.deps.db.accountSession.count()).toBe(1);
  });

  it("ends nothing for a guest and needs a credential", async () => {
    const guest = await createUser(app);
    expect((await call(app, "DELETE", "/accounts/session", undefined, { token: guest.accessToken })).status).toBe(204);
    expect((await me(guest.accessToken)).status).toBe(200);
    expect((await call(app, "DELETE", "/accounts/session")).status).toBe(401);
    expect(
      (await call(app, "DELETE", "/accounts/session?all=maybe", undefined, { token: guest.accessToken })).status,
    ).toBe(400);
  });
});
