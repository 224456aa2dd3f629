import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { call } from "@/test/http";

const app = useTestApp();

describe("POST /users", () => {
  it("creates a guest with a generated name and an access token", async () => {
    const res = await call(app, "POST", "/users", {});
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ userId: expect.any(String), name: expect.stringMatching(/^Guest \d{4}$/) });
    const me = await call(app, "GET", "/users/me", undefined, { token: res.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ userId: res.body.userId, name: res.body.name });
  });

  it("accepts a name and a request without a body", async () => {
    const named = await call(app, "POST", "/users", { name: "  Mina  " });
    expect(named.status).toBe(201);
    expect(named.body.name).toBe("Mina");
    const bare = await fetch(`${app.url}/api/v1/users`, { method: "POST" });
    expect(bare.status).toBe(201);
  });

  it.each([
    ["empty name", { name: "" }],
    ["name over 50", { name: "x".repeat(51) }],
    ["wrong type", { name: 5 }],
    ["unknown field", { nick: "a" }],
  ])("rejects %s with 400 and writes nothing", async (_, body) => {
    const res = await call(app, "POST", "/users", body);
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(expect.any(String));
    expect(await app.deps.db.user.count()).toBe(0);
  });

  it("rejects malformed JSON with 400 and bodies over 64 KB with 413", async () => {
    const bad = await call(app, "POST", "/users", undefined, { raw: "{nope" });
    expect(bad.status).toBe(400);
    const big = await call(app, "POST", "/users", { name: "x".repeat(70_000) });
    expect(big.status).toBe(413);
    expect(big.body.message).toEqual(expect.any(String));
  });
});

describe("GET /users/me", () => {
  it.each([
    ["no credential", undefined, {}],
    ["malformed header", undefined, { authorization: "Token abc" }],
    ["forged token", undefined, { authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl" }],
  ])("answers 401 for %s", async (_, token, headers) => {
    const res = await call(app, "GET", "/users/me", undefined, { token, headers });
    expect(res.status).toBe(401);
    expect(res.body.message).toEqual(expect.any(String));
  });
});
