import { describe, expect, it } from "vitest";
import { FakeClock } from "@/test/clock";
import type { Deps } from "../deps";
import { createTokens } from "../infra/tokens";
import { forgetGuest, verifyUserAccess } from "./access";

/** A database of accounts that counts its lookups. */
function fakeDeps() {
  const accounts = new Set<string>();
  let lookups = 0;
  const clock = new FakeClock();
  const deps = {
    clock,
    tokens: createTokens("a-guest-memory-test-secret-0123456789", () => clock.now()),
    db: {
      account: {
        findUnique: async ({ where }: { where: { userId: string } }) => {
          lookups++;
          return accounts.has(where.userId) ? { userId: where.userId } : null;
        },
      },
    },
  } as unknown as Pick<Deps, "db" | "tokens" | "clock">;
  return { deps, clock, accounts, lookups: () => lookups };
}

describe("guest tokens of users who became accounts", () => {
  it("are looked up once a minute per guest, and refused once the user has an account", async () => {
    const { deps, clock, accounts, lookups } = fakeDeps();
    const guest = await deps.tokens.signAccess({ userId: "g1" });
    for (let i = 0; i < 5; i++) await expect(verifyUserAccess(deps, guest)).resolves.toEqual({ userId: "g1" });
    expect(lookups()).toBe(1);
    // Made an account on another instance: this one believes its memory for the rest of the minute.
    accounts.add("g1");
    await expect(verifyUserAccess(deps, guest)).resolves.toEqual({ userId: "g1" });
    clock.advance(60_000);
    await expect(verifyUserAccess(deps, guest)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(verifyUserAccess(deps, guest)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(lookups()).toBe(3);
  });

  it("are refused at once on the instance that made the account", async () => {
    const { deps, accounts } = fakeDeps();
    const guest = await deps.tokens.signAccess({ userId: "g2" });
    await verifyUserAccess(deps, guest);
    accounts.add("g2");
    forgetGuest(deps, "g2");
    await expect(verifyUserAccess(deps, guest)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("never look an account's own token up", async () => {
    const { deps, lookups } = fakeDeps();
    const token = await deps.tokens.signAccess({ userId: "a1", sessionId: "s1" });
    await expect(verifyUserAccess(deps, token)).resolves.toEqual({ userId: "a1", sessionId: "s1" });
    expect(lookups()).toBe(0);
  });
});
