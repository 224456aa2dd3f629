import { describe, expect, it } from "vitest";
import { negotiateLocale } from "./locale";

describe("negotiateLocale", () => {
  it("reads Korean from any ko tag of the browser's first choice, English otherwise", () => {
    const cases: [string | null | undefined, "en" | "ko"][] = [
      ["ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "ko"],
      ["ko", "ko"],
      ["KO-kr", "ko"],
      ["en-US,en;q=0.9", "en"],
      ["en-GB,ko;q=0.9", "en"],
      ["en;q=0.5, ko;q=0.8", "ko"],
      ["ja-JP,ja;q=0.9", "en"],
      ["ja-JP,ko;q=0.7,en;q=0.5", "ko"],
      ["fr-FR, en;q=0.8, ko;q=0.6", "en"],
      ["ko;q=0, en;q=0.1", "en"],
      ["*", "en"],
      ["kok-IN", "en"],
      ["", "en"],
      [null, "en"],
      [undefined, "en"],
      ["garbage;;;,,q=", "en"],
    ];
    for (const [header, expected] of cases) {
      expect(negotiateLocale({ acceptLanguage: header }), String(header)).toBe(expected);
    }
  });

  it("keeps the fan's remembered choice over the browser's languages", () => {
    expect(negotiateLocale({ cookie: "en", acceptLanguage: "ko-KR,ko;q=0.9" })).toBe("en");
    expect(negotiateLocale({ cookie: "ko", acceptLanguage: "en-US" })).toBe("ko");
    expect(negotiateLocale({ cookie: "ko" })).toBe("ko");
  });

  it("ignores a cookie that names no language of the UI", () => {
    expect(negotiateLocale({ cookie: "de", acceptLanguage: "ko-KR" })).toBe("ko");
    expect(negotiateLocale({ cookie: "KO", acceptLanguage: "en-US" })).toBe("en");
    expect(negotiateLocale({ cookie: "", acceptLanguage: null })).toBe("en");
  });
});
