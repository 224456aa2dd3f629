import { describe, expect, it } from "vitest";
import { FakeClock } from "@/test/clock";
import type { Deps } from "../deps";
import { createTokens, GUEST_ACCESS_SECONDS } from "../infra/tokens";
import { rememberAccount, verifyUserAccess } from "./access";

/** A database of accounts (user id -> when made) that counts its queries and can be made to fail. */
function fakeDeps() {
  const accounts = new Map<string, Date>();
  let queries = 0;
  let down = false;
  const clock = new FakeClock();
  const deps = {
    clock,
    tokens: createTokens("a-guest-memory-test-secret-0123456789", () => clock.now()),
    db: {
      account: {
        findUnique: async ({ where }: { where: { userId: string } }) => {
          queries++;
          if (down) throw new Error("database unreachable");
          return accounts.has(where.userId) ? { userId: where.userId } : null;
        },
        findMany: async ({ where }: { where: { createdAt: { gte: Date } } }) => {
          queries++;
          if (down) throw new Error("database unreachable");
          return [...accounts]
            .filter(([, at]) => at >= where.createdAt.gte)
            .map(([userId, createdAt]) => ({ userId, createdAt }));
        },
      },
    },
  } as unknown as Pick<Deps, "db" | "tokens" | "clock">;
  const makeAccount = (userId: string) => accounts.set(userId, clock.now());
  const removeAccount = (userId: string) => accounts.delete(userId);
  return { deps, clock, makeAccount, removeAccount, queries: () => queries, setDown: (d: boolean) => (down = d) };
}

/** Lets a sync started in the background finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("guest tokens of users who became accounts", () => {
  it("cost no query per request: one sync at most per second, however many guests", async () => {
    const { deps, clock, queries } = fakeDeps();
    const guests = await Promise.all(Array.from({ length: 50 }, (_, i) => deps.tokens.signAccess({ userId: `g${i}` })));
    for (const token of guests) await verifyUserAccess(deps, token);
    expect(queries()).toBe(1);
    clock.advance(999);
    for (const token of guests) await verifyUserAccess(deps, token);
    expect(queries()).toBe(1);
    clock.advance(2);
    for (const token of guests) await verifyUserAccess(deps, token);
    await settle();
    expect(queries()).toBe(2);
  });

  it("are refused within about a second on an instance that did not make the account", async () => {
    const { deps, clock, makeAccount } = fakeDeps();
    const guest = await deps.tokens.signAccess({ userId: "g1" });
    await expect(verifyUserAccess(deps, guest)).resolves.toEqual({ userId: "g1" });
    makeAccount("g1");
    // Its memory is under a second old: believed.
    await expect(verifyUserAccess(deps, guest)).resolves.toEqual({ userId: "g1" });
    clock.advance(1_001);
    // This request starts the sync; the next sees its answer.
    await verifyUserAccess(deps, guest).catch(() => undefined);
    await settle();
    await expect(verifyUserAccess(deps, guest)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("are refused at once on the instance that made the account", async () => {
    const { deps, makeAccount } = fakeDeps();
    const guest = await deps.tokens.signAccess({ userId: "g2" });
    await verifyUserAccess(deps, guest);
    makeAccount("g2");
    rememberAccount(deps, "g2");
    await expect(verifyUserAccess(deps, guest)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("fail rather than trust a memory the database has not refreshed for a minute", async () => {
    const { deps, clock, setDown } = fakeDeps();
    const guest = await deps.tokens.signAccess({ userId: "g3" });
    await verifyUserAccess(deps, guest);
    setDown(true);
    clock.advance(30_000);
    await expect(verifyUserAccess(deps, guest)).resolves.toEqual({ userId: "g3" });
    await settle();
    clock.advance(31_000);
    await expect(verifyUserAccess(deps, guest)).rejects.toThrow("database unreachable");
    setDown(false);
    await expect(verifyUserAccess(deps, guest)).resolves.toEqual({ userId: "g3" });
  });

  it("forget accounts older than any guest token still alive", async () => {
    const { deps, clock, makeAccount } = fakeDeps();
    makeAccount("old");
    const guest = await deps.tokens.signAccess({ userId: "old" });
    await expect(verifyUserAccess(deps, guest)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    // A guest token made now for that id could not be one issued before the account (none is).
    clock.advance(GUEST_ACCESS_SECONDS * 1000 + 120_000);
    const later = await deps.tokens.signAccess({ userId: "old" });
    await verifyUserAccess(deps, later).catch(() => undefined);
    await settle();
    await expect(verifyUserAccess(deps, later)).resolves.toEqual({ userId: "old" });
  });

  it("are looked up only when found in the memory, and accepted again if the account is gone", async () => {
    const { deps, makeAccount, removeAccount, queries } = fakeDeps();
    makeAccount("g4");
    const guest = await deps.tokens.signAccess({ userId: "g4" });
    await expect(verifyUserAccess(deps, guest)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(queries()).toBe(2);
    removeAccount("g4");
    await expect(verifyUserAccess(deps, guest)).resolves.toEqual({ userId: "g4" });
    await expect(verifyUserAccess(deps, guest)).resolves.toEqual({ userId: "g4" });
    expect(queries()).toBe(3);
  });

  it("never look an account's own token up", async () => {
    const { deps, queries } = fakeDeps();
    const token = await deps.tokens.signAccess({ userId: "a1", sessionId: "s1" });
    await expect(verifyUserAccess(deps, token)).resolves.toEqual({ userId: "a1", sessionId: "s1" });
    expect(queries()).toBe(0);
  });
});
