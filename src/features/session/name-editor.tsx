"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { errorMessage } from "@/lib/errors";
import { useTRPC } from "@/lib/trpc/client";
import { useSession, useSetSessionUser } from "./session";

/** The fan's name in the header; a click opens a small form to change it. */
export function NameEditor() {
  const { user } = useSession();
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
      onSuccess: (u) => {
        setUser(u);
        close();
      },
      onError: (e) => setProblem(errorMessage(e, { BAD_REQUEST: "Use a name of 1 to 50 characters." })),
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
    if (trimmed.length < 1 || trimmed.length > 50) {
      setProblem("Use a name of 1 to 50 characters.");
      return;
    }
    rename.mutate({ name: trimmed });
  }

  return (
    <div className="name-editor">
      <button
        ref={triggerRef}
        type="button"
        className="name-editor__trigger"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={user ? `${user.name}, change your name` : "Your name"}
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
            Your name on tickets
          </label>
          <input
            ref={inputRef}
            id={`${panelId}-name`}
            className="input"
            value={name}
            maxLength={50}
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
              Cancel
            </Button>
            <Button type="submit" size="sm" busy={rename.isPending}>
              Save
            </Button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
