import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTokens } from "../infra/tokens";
import { FakeClock } from "@/test/clock";

const SECRET = "an-account-token-test-secret-0123456789";

/** A token signed with the secret over any claims (what a holder of the secret could make). */
function signed(claims: Record<string, unknown>): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const input = `${enc({ alg: "HS256", typ: "JWT" })}.${enc(claims)}`;
  return `${input}.${createHmac("sha256", SECRET).update(input).digest("base64url")}`;
}

describe("account access tokens", () => {
  it("name their session (sid) and live 60 seconds; a guest's has no sid and lives 30 days", async () => {
    const clock = new FakeClock();
    const tokens = createTokens(SECRET, () => clock.now());
    const account = await tokens.signAccess({ userId: "u1", sessionId: "s1" });
    const guest = await tokens.signAccess({ userId: "u1" });
    const claims = (t: string) =>
      JSON.parse(Buffer.from(t.split(".")[1]!, "base64url").toString()) as Record<string, number>;
    expect(claims(account).exp! - claims(account).iat!).toBe(60);
    expect(claims(guest).exp! - claims(guest).iat!).toBe(30 * 86_400);
    expect(await tokens.verifyAccess(account)).toEqual({ userId: "u1", sessionId: "s1" });
    expect(await tokens.verifyAccess(guest)).toEqual({ userId: "u1" });
    clock.advance(59_000);
    await expect(tokens.verifyAccess(account)).resolves.toBeDefined();
    clock.advance(1_000);
    await expect(tokens.verifyAccess(account)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(tokens.verifyAccess(guest)).resolves.toEqual({ userId: "u1" });
  });

  it.each([
    ["a number", 5],
    ["an empty string", ""],
    ["null", null],
  ])("refuse a sid that is %s", async (_, sid) => {
    const iat = Math.floor(Date.now() / 1000);
    const token = signed({ iss: "concert-booking", aud: "access", sub: "u1", iat, exp: iat + 60, sid });
    await expect(createTokens(SECRET).verifyAccess(token)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
