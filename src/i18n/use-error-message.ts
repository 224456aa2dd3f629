"use client";

import { useLocale, useTranslations } from "next-intl";
import { useMemo } from "react";
import { errorMessage, fieldErrors, ruleMessage, type ErrorReason } from "@/lib/errors";
import type { AppErrorCode } from "@/server/errors";

/**
 * Failed calls worded in the fan's language. The API's codes stay the same; the sentence comes from
 * messages/<locale>.json (`errors.<CODE>`). The server's own sentences (a schema's issue, a rule's
 * refusal) are English: other languages get the screen's own wording instead.
 */
export function useErrorMessage() {
  const t = useTranslations("errors");
  const common = useTranslations("common");
  const english = useLocale() === "en";
  return useMemo(
    () => ({
      /** A sentence for `error`, with per-screen wording where the generic one would be vague. */
      message(error: unknown, overrides: Partial<Record<AppErrorCode, string>> = {}): string {
        return errorMessage(
          error,
          (reason: ErrorReason) => {
            // Typed as a known key: a code added on the server before its wording still gets a sentence.
            const key = reason as "UNKNOWN";
            return t.has(key) ? t(key) : t("UNKNOWN");
          },
          overrides,
        );
      },
      /** The server's issues by form field (see fieldErrors); outside English, "check this field" for each. */
      fieldErrors<F extends string>(error: unknown, fields: Record<string, F>): Partial<Record<F, string>> {
        const found = fieldErrors(error, fields);
        if (english) return found;
        return Object.fromEntries(Object.keys(found).map((f) => [f, common("checkField")])) as Partial<
          Record<F, string>
        >;
      },
      /** The server's sentence for a rule's refusal (see ruleMessage); undefined outside English. */
      ruleMessage(error: unknown): string | undefined {
        return english ? ruleMessage(error) : undefined;
      },
    }),
    [t, common, english],
  );
}
