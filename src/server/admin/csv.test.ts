import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvField, textCell, toCsv } from "./csv";

/** A strict RFC 4180 reader: it throws on anything the grammar does not allow. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let i = 0;
  while (i < text.length) {
    const record: string[] = [];
    for (;;) {
      let field = "";
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw new Error("unterminated quote");
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
            } else {
              i++;
              break;
            }
          } else field += text[i++];
        }
      } else {
        while (i < text.length && text[i] !== "," && text[i] !== "\r" && text[i] !== "\n") {
          if (text[i] === '"') throw new Error("quote in an unquoted field");
          field += text[i++];
        }
      }
      record.push(field);
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text.slice(i, i + 2) !== "\r\n") throw new Error(`expected CRLF at ${i}`);
      i += 2;
      break;
    }
    records.push(record);
  }
  return records;
}

const hostile = fc.oneof(
  fc.string({ unit: fc.constantFrom('"', ",", "\r", "\n", " ", "=", "a", "é", "🎫", "\t") }),
  fc.string({ unit: "grapheme" }),
  fc.string(),
);

describe("toCsv", () => {
  it("reads back as the same records for any text, quotes, commas and line breaks included", () => {
    fc.assert(
      fc.property(fc.array(fc.array(hostile, { minLength: 1, maxLength: 6 }), { maxLength: 8 }), (records) => {
        // A record of one empty field is an empty line, which RFC 4180 cannot tell from none.
        const written = records.filter((r) => !(r.length === 1 && r[0] === ""));
        expect(parseCsv(toCsv(written))).toEqual(written);
      }),
      { numRuns: 500 },
    );
  });

  it("quotes only the fields that need it", () => {
    expect(csvField("VIP")).toBe("VIP");
    expect(csvField('say "hi", then\r\nleave')).toBe('"say ""hi"", then\r\nleave"');
    expect(toCsv([["a", "b,c"], ['"']])).toBe('a,"b,c"\r\n""""\r\n');
  });
});

describe("textCell", () => {
  it("turns any cell a spreadsheet would read as a formula into text, and leaves the rest alone", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const cell = textCell(text);
        if (/^[=+\-@\t\r]/.test(text)) expect(cell).toBe(`'${text}`);
        else expect(cell).toBe(text);
        expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      }),
      { numRuns: 500 },
    );
    expect(textCell('=HYPERLINK("http://x","y")')).toBe('\'=HYPERLINK("http://x","y")');
    expect(textCell("VIP")).toBe("VIP");
  });
});
