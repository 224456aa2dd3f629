import { z } from "zod";

/**
 * Free text from clients: names, titles, descriptions, passwords. Every such input goes through
 * ZText, so each one refuses the same things:
 * - control characters (Unicode Cc: U+0000–U+001F, U+007F–U+009F). PostgreSQL refuses NUL in text
 *   (a 500 otherwise), and the others have no place in a name and can forge lines in logs and
 *   terminals. A multi-line field allows newline and tab;
 * - lone surrogates: not Unicode, so they cannot be stored as UTF-8 and would come back changed
 *   (as U+FFFD).
 * Lengths count characters (code points), as docs/API.md and PostgreSQL's VARCHAR(n) do, so an
 * astral emoji is one character, not two UTF-16 units.
 */
export type TextOptions = {
  /** Fewest characters, after trimming (default 0). */
  min?: number;
  /** Most characters, after trimming. */
  max: number;
  /** Allow newline and tab (a description, not a name). */
  multiline?: boolean;
  /** Drop leading and trailing whitespace first (never for a password). */
  trim?: boolean;
};

const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINES = /(?![\n\t])\p{Cc}/u;

export function ZText({ min = 0, max, multiline = false, trim = false }: TextOptions) {
  const control = multiline ? CONTROL_BUT_LINES : CONTROL;
  const allowed = multiline ? "; only newline and tab are allowed" : "";
  return (
    (trim ? z.string().trim() : z.string())
      .superRefine((value, ctx) => {
        if (!value.isWellFormed()) {
          ctx.addIssue({ code: "custom", message: "Invalid text: contains a lone surrogate (not Unicode)" });
          return;
        }
        const found = control.exec(value);
        if (found) {
          const code = found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
          ctx.addIssue({ code: "custom", message: `Invalid text: contains the control character U+${code}${allowed}` });
        }
      })
      // zod counts string lengths in code points (text.schema.test.ts makes sure it still does).
      .min(min)
      .max(max)
      .meta({
        pattern: multiline
          ? "^[^\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F]*$"
          : "^[^\\u0000-\\u001F\\u007F-\\u009F]*$",
      })
  );
}
