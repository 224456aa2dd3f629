"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useFormat } from "@/i18n/use-format";
import { LIMITS } from "@/lib/limits";
import { refetchAfterWrite } from "@/lib/trpc/refresh";
import { useTRPC } from "@/lib/trpc/client";

const MAX_CHARGE = LIMITS.charge;
const QUICK_AMOUNTS = [10_000, 50_000, 100_000];

function parseAmount(text: string): number | null {
  const digits = text.replace(/[,\s]/g, "");
  if (!/^\d+$/.test(digits)) return null;
  return Number(digits);
}

/** Adds points to the fan's balance; `suggested` pre-fills what is missing for a purchase. */
export function ChargeForm({ suggested, onCharged }: { suggested?: number; onCharged?: (balance: number) => void }) {
  const trpc = useTRPC();
  const t = useTranslations("charge");
  const errors = useErrorMessage();
  const f = useFormat();
  const queryClient = useQueryClient();
  const id = useId();
  // What the fan typed; null until they type (and again after a charge), when the field shows the
  // suggestion, so that a purchase still short after a charge suggests the new difference.
  const [typed, setTyped] = useState<string | null>(null);
  const text = typed ?? (suggested ? String(suggested) : "");
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const charge = useMutation(
    trpc.points.charge.mutationOptions({
      onSuccess: (result, input) => {
        setDone(t("done", { amount: f.points(input.amount), balance: f.points(result.balance) }));
        setTyped(null);
        void refetchAfterWrite(queryClient, trpc.points.pathFilter());
        onCharged?.(result.balance);
      },
      onError: (error) => setProblem(errors.message(error)),
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const amount = parseAmount(text);
    if (amount === null || amount < 1) {
      setProblem(t("notANumber"));
      return;
    }
    if (amount > MAX_CHARGE) {
      setProblem(t("tooMuch", { max: f.points(MAX_CHARGE) }));
      return;
    }
    setProblem(null);
    charge.mutate({ amount });
  }

  const amount = parseAmount(text);
  return (
    <form className="charge-form" onSubmit={submit} noValidate>
      <div className={`field ${problem ? "field--invalid" : ""}`}>
        <label className="field__label" htmlFor={`${id}-amount`}>
          {t("label")}
        </label>
        <div className="input-group">
          <input
            id={`${id}-amount`}
            className="input input--amount"
            inputMode="numeric"
            autoComplete="off"
            placeholder="0"
            value={text}
            onChange={(e) => {
              setTyped(e.target.value);
              setProblem(null);
            }}
            aria-invalid={problem ? true : undefined}
            aria-describedby={`${id}-hint${problem ? ` ${id}-error` : ""}`}
          />
          <span className="input-group__suffix" aria-hidden="true">
            P
          </span>
        </div>
        <p className="field__hint" id={`${id}-hint`}>
          {t("hint", { max: f.count(MAX_CHARGE) })}
        </p>
        {problem ? (
          <p className="field__error" id={`${id}-error`} role="alert">
            {problem}
          </p>
        ) : null}
      </div>
      <div className="chips" role="group" aria-label={t("quick")}>
        {QUICK_AMOUNTS.map((q) => (
          <button key={q} type="button" className="chip" onClick={() => setTyped(String((amount ?? 0) + q))}>
            +{f.count(q)}
          </button>
        ))}
      </div>
      <Button type="submit" busy={charge.isPending} block>
        {amount ? t("chargeAmount", { amount: f.points(amount) }) : t("charge")}
      </Button>
      <p className="charge-form__done" role="status">
        {done}
      </p>
    </form>
  );
}
