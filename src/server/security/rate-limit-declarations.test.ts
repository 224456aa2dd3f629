import { describe, expect, it } from "vitest";
import type { Meta } from "../trpc/init";
import { appRouter } from "../trpc/root";
import { RATE_LIMIT_CLASSES, rateRuleOf } from "./rate-limit";

type Definition = { type: "query" | "mutation" | "subscription"; meta?: Meta };

const procedures = Object.entries(appRouter._def.procedures).map(
  ([path, p]) => [path, (p as unknown as { _def: Definition })._def] as const,
);

/** Each procedure's declared class, by path (undefined: none declared). */
const declared = Object.fromEntries(procedures.map(([path, def]) => [path, def.meta?.rateLimit]));

describe("rate limits declared on the procedures", () => {
  it("every mutation declares its limit class, or explicitly none", () => {
    const mutations = procedures.filter(([, def]) => def.type === "mutation").map(([path]) => path);
    expect(mutations.length).toBeGreaterThan(0);
    expect(mutations.filter((path) => declared[path] === undefined)).toEqual([]);
  });

  it("limit user creation, queue tokens, holds, charges, admin and fan sign-in, on both surfaces", () => {
    const limited = Object.fromEntries(Object.entries(declared).filter(([, c]) => c !== undefined && c !== "none"));
    expect(limited).toEqual({
      "users.create": "signup",
      "session.ensure": "guestSignup",
      "queue.join": "queueJoin",
      "reservations.hold": "hold",
      "points.charge": "charge",
      "admin.session": "adminLogin",
      "session.adminLogin": "adminLogin",
      "accounts.signUp": "signup",
      "session.signUp": "signup",
      "accounts.signIn": "accountLogin",
      "session.signIn": "accountLogin",
      "accounts.requestPasswordReset": "accountLogin",
      "accounts.confirmPasswordReset": "accountLogin",
    });
    // The web UI's guest sign-up spends the REST sign-up's bucket, counting new guests only.
    expect(rateRuleOf("guestSignup")).toEqual({ ...rateRuleOf("signup"), newGuestsOnly: true });
  });

  it("every class is used by some procedure", () => {
    const used = new Set(Object.values(declared));
    expect(Object.keys(RATE_LIMIT_CLASSES).filter((c) => !used.has(c as keyof typeof RATE_LIMIT_CLASSES))).toEqual([]);
  });
});
