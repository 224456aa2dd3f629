import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

describe("safeNext", () => {
  it("takes a path of this site", () => {
    expect(safeNext("/concerts/1/checkout/2", "/account")).toBe("/concerts/1/checkout/2");
  });

  it.each([undefined, "", "https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)"])(
    "refuses %s for the fallback",
    (next) => {
      expect(safeNext(next, "/account")).toBe("/account");
    },
  );
});
