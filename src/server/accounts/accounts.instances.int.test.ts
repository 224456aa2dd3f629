import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { createUser } from "@/test/factories";
import { call } from "@/test/http";
import { useAppInstances } from "@/test/processes";

/** Sessions across instances: the test's own app is instance A, a production process is B. */
const app = useTestApp();
const other = useAppInstances(app, 1, {}, { apiOnly: true });

const PASSWORD = "a-long-fan-password";

describe("a revoked session, seen from another instance", () => {
  it("refuses its refresh token at once there, and its access token lives at most 60 s", async () => {
    const b = other.via(0);
    const created = await call(b, "POST", "/accounts", { email: "multi@example.com", password: PASSWORD });
    expect(created.status).toBe(201);
    const { iat, exp } = JSON.parse(Buffer.from(created.body.accessToken.split(".")[1], "base64url").toString()) as {
      iat: number;
      exp: number;
    };
    expect(exp - iat).toBeLessThanOrEqual(60);
    expect(exp).toBeGreaterThan(iat);
    const signedIn = await call(app, "POST", "/accounts/session", { email: "multi@example.com", password: PASSWORD });
    const renewed = await call(b, "POST", "/accounts/session/refresh", { refreshToken: signedIn.body.refreshToken });
    expect(renewed.status).toBe(200);

    // Sign out everywhere on A; B refuses both sessions' refresh tokens at once.
    const out = await call(app, "DELETE", "/accounts/session?all=true", undefined, {
      token: signedIn.body.accessToken,
    });
    expect(out.status).toBe(204);
    for (const refreshToken of [created.body.refreshToken, renewed.body.refreshToken]) {
      expect((await call(b, "POST", "/accounts/session/refresh", { refreshToken })).status).toBe(401);
    }
  });

  it("refuses the guest token of a user who became an account on the other instance within seconds", async () => {
    const guest = await createUser(app);
    const up = await call(
      app,
      "POST",
      "/accounts",
      { email: "g@example.com", password: PASSWORD },
      { token: guest.accessToken },
    );
    expect(up.status).toBe(201);
    // The other instance learns of new accounts at most a second later (accounts/access.ts).
    const deadline = Date.now() + 3_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await call(other.via(0), "GET", "/users/me", undefined, { token: guest.accessToken })).status;
      if (status === 401) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(401);
    expect((await call(other.via(0), "GET", "/users/me", undefined, { token: up.body.accessToken })).status).toBe(200);
  });
});
