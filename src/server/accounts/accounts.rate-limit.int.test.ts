import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";
import { call } from "@/test/http";

/** Sign-in limits with tiny budgets; each request picks its address with X-Forwarded-For. */
const app = useTestApp({
  RATE_LIMITS: "on",
  TRUST_PROXY: 1,
  RATE_LIMIT_SIGNUP_IP: "100/1m",
  RATE_LIMIT_FAN_LOGIN_IP: "3/15m",
  RATE_LIMIT_FAN_LOGIN_EMAIL: "2/15m",
});

const PASSWORD = "a-long-fan-password";
let nextIp = 0;
const freshIp = () => `100.64.7.${++nextIp}`;

const signIn = (email: string, password: string, ip = freshIp()) =>
  call(app, "POST", "/accounts/session", { email, password }, { headers: { "x-forwarded-for": ip } });

async function account(email: string) {
  const res = await call(
    app,
    "POST",
    "/accounts",
    { email, password: PASSWORD },
    { headers: { "x-forwarded-for": freshIp() } },
  );
  expect(res.status).toBe(201);
}

describe("account sign-in limits", () => {
  it("count each email's attempts, right or wrong, whatever the address", async () => {
    await account("mina@example.com");
    await account("jun@example.com");
    expect((await signIn("mina@example.com", "wrong-password")).status).toBe(401);
    expect((await signIn("MINA@example.com", PASSWORD)).status).toBe(200);
    const limited = await signIn("mina@example.com", PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.body.data.reason).toBe("RATE_LIMITED");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await signIn("jun@example.com", PASSWORD)).status).toBe(200);
  });

  it("count each address's attempts over every email, and reset requests with them", async () => {
    const ip = freshIp();
    for (const email of ["a@example.com", "b@example.com"]) {
      expect((await signIn(email, PASSWORD, ip)).status).toBe(401);
    }
    const reset = await call(
      app,
      "POST",
      "/accounts/password-reset",
      { email: "c@example.com" },
      { headers: { "x-forwarded-for": ip } },
    );
    expect(reset.status).toBe(202);
    expect((await signIn("d@example.com", PASSWORD, ip)).status).toBe(429);
    expect((await signIn("d@example.com", PASSWORD)).status).toBe(401);
  });
});
