import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";
import { ZCreateStaff, ZStaffLogin } from "./staff.schema";

describe("staff passwords", () => {
  it("hash as argon2id (v19, 19 MiB, 2 passes, 1 lane) with a fresh salt each time", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(b).not.toBe(a);
  });

  it("verify the exact password only, and a malformed hash as false", async () => {
    const hash = await hashPassword("s3cret-password");
    expect(await verifyPassword(hash, "s3cret-password")).toBe(true);
    expect(await verifyPassword(hash, "S3cret-password")).toBe(false);
    expect(await verifyPassword(hash, "s3cret-password ")).toBe(false);
    expect(await verifyPassword("not-a-hash", "s3cret-password")).toBe(false);
  });
});

describe("staff inputs", () => {
  it("store logins in lower case, trimmed", () => {
    expect(ZStaffLogin.parse("  Anna.Kim@Venue ")).toBe("anna.kim@venue");
  });

  it.each([
    ["an empty login", { login: "", password: "twelve-chars", role: "staff" }],
    ["a login with a space", { login: "an na", password: "twelve-chars", role: "staff" }],
    ["a password of 11 characters", { login: "anna", password: "eleven-char", role: "staff" }],
    ["an unknown role", { login: "anna", password: "twelve-chars", role: "admin" }],
    ["an unknown field", { login: "anna", password: "twelve-chars", role: "staff", extra: 1 }],
  ])("refuse %s", (_, input) => {
    expect(ZCreateStaff.safeParse(input).success).toBe(false);
  });

  it("take a password of 12 characters, counted as code points", () => {
    expect(ZCreateStaff.safeParse({ login: "anna", password: "🎤".repeat(12), role: "owner" }).success).toBe(true);
    expect(ZCreateStaff.safeParse({ login: "anna", password: "🎤".repeat(11), role: "owner" }).success).toBe(false);
  });
});
