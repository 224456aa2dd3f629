"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { useErrorMessage } from "@/i18n/use-error-message";
import { LIMITS, textLength } from "@/lib/limits";
import { useTRPC } from "@/lib/trpc/client";
import { useSession, useSetSessionUser } from "./session";

const { min: NAME_MIN, max: NAME_MAX } = LIMITS.userName;

/** The fan's name in the header; a click opens a small form to change it. */
export function NameEditor() {
  const { user } = useSession();
  const t = useTranslations("nameEditor");
  const errors = useErrorMessage();
  const nameRule = t("rule", { min: NAME_MIN, max: NAME_MAX });
  const trpc = useTRPC();
  const setUser = useSetSessionUser();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const rename = useMutation(
    trpc.session.rename.mutationOptions({
      onSuccess: (u) => setUser(u),
      // The schema's own words for the name (a character it refuses), else the rule.
      onError: (e) =>
        setProblem(errors.message(e, { BAD_REQUEST: errors.fieldErrors(e, { name: "name" }).name ?? nameRule })),
    }),
  );

  function close() {
    setOpen(false);
    setProblem(null);
    triggerRef.current?.focus();
  }

  useEffect(() => {
    if (open) inputRef.current?.select();
  }, [open]);

  function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = name.trim();
    if (textLength(trimmed) < NAME_MIN || textLength(trimmed) > NAME_MAX) {
      setProblem(nameRule);
      return;
    }
    // Closing focuses the trigger (a ref): given with this call, not in the options built at render.
    rename.mutate({ name: trimmed }, { onSuccess: close });
  }

  return (
    <div className="name-editor">
      <button
        ref={triggerRef}
        type="button"
        className="name-editor__trigger"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={user ? t("change", { name: user.name }) : t("yourName")}
        disabled={!user}
        onClick={() => {
          setName(user?.name ?? "");
          setOpen((o) => !o);
        }}
      >
        <span className="avatar" aria-hidden="true">
          {user ? user.name.slice(0, 1).toUpperCase() : ""}
        </span>
        <span className="name-editor__name">{user ? user.name : "\u00a0"}</span>
      </button>
      {open ? (
        <form
          id={panelId}
          className="name-editor__panel"
          onSubmit={submit}
          onKeyDown={(e) => {
            if (e.key === "Escape") close();
          }}
        >
          <label className="field__label" htmlFor={`${panelId}-name`}>
            {t("label")}
          </label>
          <input
            ref={inputRef}
            id={`${panelId}-name`}
            className="input"
            value={name}
            maxLength={NAME_MAX}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${panelId}-error` : undefined}
          />
          {problem ? (
            <p className="field__error" id={`${panelId}-error`}>
              {problem}
            </p>
          ) : null}
          <div className="name-editor__actions">
            <Button variant="ghost" size="sm" onClick={close}>
              {t("cancel")}
            </Button>
            <Button type="submit" size="sm" busy={rename.isPending}>
              {t("save")}
            </Button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
