import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ZText } from "./text.schema";

const name = z.object({ name: ZText({ min: 1, max: 5, trim: true }) }).strict();
const note = z.object({ note: ZText({ max: 10, multiline: true }) }).strict();
const password = z.object({ password: ZText({ min: 1, max: 8 }) }).strict();

function refusal(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  expect(result.success, JSON.stringify(input)).toBe(false);
  return result.error!.issues;
}

/** Every control character (Unicode Cc). */
const CONTROLS = [
  ...Array.from({ length: 0x20 }, (_, c) => c),
  ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i),
].map((c) => String.fromCharCode(c));

describe("ZText", () => {
  it("refuses every control character inside single-line text, naming the field and the character", () => {
    for (const c of CONTROLS) {
      const issues = refusal(name, { name: `a${c}b` });
      expect(issues).toHaveLength(1);
      expect(issues[0]!.path).toEqual(["name"]);
      expect(issues[0]!.message).toContain(`U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
    }
  });

  it("allows newline and tab in multi-line text only", () => {
    expect(note.parse({ note: "one\ntwo\tz" })).toEqual({ note: "one\ntwo\tz" });
    for (const c of CONTROLS.filter((c) => c !== "\n" && c !== "\t"))
      expect(refusal(note, { note: `a${c}b` })[0]!.path).toEqual(["note"]);
    expect(refusal(name, { name: "a\nb" })[0]!.message).toMatch(/U\+000A/);
    expect(refusal(name, { name: "a\tb" })[0]!.message).toMatch(/U\+0009/);
  });

  it("refuses lone surrogates, high or low, anywhere; a proper pair is one character", () => {
    for (const text of ["\uD800", "a\uDBFFb", "\uDC00", "x\uDFFF", "\uDE00\uD83D", "🎤\uD83C"]) {
      expect(refusal(password, { password: text })[0]!.message, JSON.stringify(text)).toMatch(/lone surrogate/);
    }
    expect(password.parse({ password: "\uD83C\uDFA4" })).toEqual({ password: "🎤" });
  });

  it("counts characters (code points), not UTF-16 units", () => {
    expect(name.parse({ name: "🎤🎤🎤🎤🎤" })).toEqual({ name: "🎤🎤🎤🎤🎤" });
    expect(name.parse({ name: "콘서트콘서" })).toEqual({ name: "콘서트콘서" });
    expect(refusal(name, { name: "🎤🎤🎤🎤🎤🎤" })[0]).toMatchObject({ code: "too_big", maximum: 5, path: ["name"] });
    expect(refusal(name, { name: "" })[0]).toMatchObject({ code: "too_small", minimum: 1, path: ["name"] });
    const upTo8 = z.object({ text: ZText({ min: 2, max: 8 }) });
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "콘", "🎤", "𝕏", " "), maxLength: 12 }), (text) => {
        const characters = Array.from(text).length;
        expect(upTo8.safeParse({ text }).success, JSON.stringify(text)).toBe(characters >= 2 && characters <= 8);
      }),
    );
  });

  it("trims first where asked (so the limits apply to what is kept), never a password", () => {
    expect(name.parse({ name: "  Mina \n" })).toEqual({ name: "Mina" });
    expect(refusal(name, { name: "   " })[0]).toMatchObject({ code: "too_small" });
    expect(name.parse({ name: " 12345 " })).toEqual({ name: "12345" });
    expect(password.parse({ password: " pw " })).toEqual({ password: " pw " });
  });

  it("takes any other Unicode text as it is: format characters, odd spaces, combining marks", () => {
    for (const text of ["\u202Eab", "a\uFEFFb", "a\u00A0b", "e\u0301", "Ａß", "a\u2028b", "\uFFFF"]) {
      expect(password.parse({ password: text })).toEqual({ password: text });
    }
  });

  it("documents its limits and characters in the OpenAPI/JSON schema", () => {
    const json = z.toJSONSchema(name) as unknown as {
      properties: { name: { minLength: number; maxLength: number; pattern: string } };
    };
    expect(json.properties.name).toMatchObject({ minLength: 1, maxLength: 5 });
    const pattern = new RegExp(json.properties.name.pattern, "u");
    expect(pattern.test("Mina 🎤")).toBe(true);
    expect(pattern.test("a\u0000")).toBe(false);
  });
});
