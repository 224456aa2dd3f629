import { jwtVerify, SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { FakeClock } from "@/test/clock";
import { createTokens } from "./tokens";

const SECRET = "a-test-secret-that-is-long-enough-0123456789";
const clock = new FakeClock();
const tokens = createTokens(SECRET, () => clock.now());
const user = "0b6f5a6e-3c1d-4f0e-9a57-6d1f2f0a9b11";
const concert = "7d1e626c-c524-2ed1-3ea8-e4f7b3d5a9c0";

async function rejects(p: Promise<unknown>) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe("UNAUTHORIZED");
}

const adminClaims = { sessionId: "2b1f0c5e-7a3d-4e8f-9b6a-1c2d3e4f5a6b", login: "owner", role: "owner" };

describe("tokens", () => {
  it("round-trips each kind of token", async () => {
    expect(await tokens.verifyAccess(await tokens.signAccess({ userId: user }))).toEqual({ userId: user });
    const q = await tokens.signQueue({ userId: user, concertId: concert, tokenId: "42" });
    expect(await tokens.verifyQueue(q)).toEqual({ userId: user, concertId: concert, tokenId: "42" });
    expect(await tokens.verifyAdmin(await tokens.signAdmin(adminClaims))).toEqual(adminClaims);
  });

  it("never accepts one kind of token as another", async () => {
    const access = await tokens.signAccess({ userId: user });
    await rejects(tokens.verifyQueue(access));
    await rejects(tokens.verifyAdmin(access));
    await rejects(tokens.verifyAccess(await tokens.signAdmin(adminClaims)));
  });

  it("rejects a token signed with another secret", async () => {
    const other = createTokens("another-secret-that-is-long-enough-98765", () => clock.now());
    await rejects(tokens.verifyAccess(await other.signAccess({ userId: user })));
  });

  it("rejects an altered payload", async () => {
    const token = await tokens.signQueue({ userId: user, concertId: concert, tokenId: "1" });
    const [h, p, s] = token.split(".") as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, "base64url").toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, cid: "x" })).toString("base64url")}.${s}`;
    await rejects(tokens.verifyQueue(forged));
  });

  it("pins the algorithm: 'none' and HS512 are refused", async () => {
    const none = new UnsecuredJWT({ aud: "access" })
      .setSubject(user)
      .setIssuer("concert-booking")
      .setIssuedAt()
      .setExpirationTime("1h")
      .encode();
    await rejects(tokens.verifyAccess(none));
    const hs512 = await new SignJWT({})
      .setProtectedHeader({ alg: "HS512" })
      .setSubject(user)
      .setAudience("access")
      .setIssuer("concert-booking")
      .setIssuedAt(Math.floor(clock.now().getTime() / 1000))
      .setExpirationTime(Math.floor(clock.now().getTime() / 1000) + 60)
      .sign(new TextEncoder().encode(SECRET));
    await rejects(tokens.verifyAccess(hs512));
  });

  it("expires: admin tokens after 12 hours", async () => {
    const local = new FakeClock();
    const t = createTokens(SECRET, () => local.now());
    const admin = await t.signAdmin(adminClaims);
    local.advance(12 * 3_600_000 - 60_000);
    await expect(t.verifyAdmin(admin)).resolves.toEqual(adminClaims);
    local.advance(120_000);
    await rejects(t.verifyAdmin(admin));
  });

  it("rejects garbage", async () => {
    await rejects(tokens.verifyAccess("not.a.token"));
    await rejects(tokens.verifyAccess(""));
  });

  it("issues standard HS256 JWTs: jose verifies ours and we verify jose's", async () => {
    const key = new TextEncoder().encode(SECRET);
    const ours = await tokens.signQueue({ userId: user, concertId: concert, tokenId: "7" });
    const { payload, protectedHeader } = await jwtVerify(ours, key, {
      algorithms: ["HS256"],
      issuer: "concert-booking",
      audience: "queue",
      currentDate: clock.now(),
    });
    expect(protectedHeader).toEqual({ alg: "HS256", typ: "JWT" });
    expect(payload).toMatchObject({ sub: user, cid: concert, jti: "7" });

    const iat = Math.floor(clock.now().getTime() / 1000);
    const theirs = await new SignJWT({ cid: concert, jti: "8" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer("concert-booking")
      .setAudience("queue")
      .setSubject(user)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .sign(key);
    expect(await tokens.verifyQueue(theirs)).toEqual({ userId: user, concertId: concert, tokenId: "8" });
  });

  it("refuses a token before its nbf, one without exp, and one with a foreign issuer", async () => {
    const key = new TextEncoder().encode(SECRET);
    const iat = Math.floor(clock.now().getTime() / 1000);
    const base = () =>
      new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setAudience("access").setSubject(user).setIssuedAt(iat);
    await rejects(
      tokens.verifyAccess(
        await base()
          .setIssuer("concert-booking")
          .setExpirationTime(iat + 60)
          .setNotBefore(iat + 30)
          .sign(key),
      ),
    );
    await rejects(tokens.verifyAccess(await base().setIssuer("concert-booking").sign(key)));
    await rejects(
      tokens.verifyAccess(
        await base()
          .setIssuer("elsewhere")
          .setExpirationTime(iat + 60)
          .sign(key),
      ),
    );
  });
});
