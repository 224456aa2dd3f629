"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { TextAreaField, TextField } from "@/components/field";
import { Notice } from "@/components/notice";
import { errorMessage, fieldErrors } from "@/lib/errors";
import { LIMITS, textLength } from "@/lib/limits";
import { refetchAfterWrite } from "@/lib/trpc/refresh";
import { useTRPC } from "@/lib/trpc/client";

type Fields = { title: string; artist: string; venue: string; description: string };
const EMPTY: Fields = { title: "", artist: "", venue: "", description: "" };
/** The input's fields are the form's. */
const FIELD_OF_PATH: Record<string, keyof Fields> = {
  title: "title",
  artist: "artist",
  venue: "venue",
  description: "description",
};
const NAME_MAX = LIMITS.concertName.max;
const DESCRIPTION_MAX = LIMITS.concertDescription.max;

function validate(f: Fields): Partial<Record<keyof Fields, string>> {
  const errors: Partial<Record<keyof Fields, string>> = {};
  for (const key of ["title", "artist", "venue"] as const) {
    const v = f[key].trim();
    if (!v) errors[key] = "Required.";
    else if (textLength(v) > NAME_MAX) errors[key] = `Keep it under ${NAME_MAX.toLocaleString("en-US")} characters.`;
  }
  if (textLength(f.description.trim()) > DESCRIPTION_MAX)
    errors.description = `Keep it under ${DESCRIPTION_MAX.toLocaleString("en-US")} characters.`;
  return errors;
}

export function NewConcertForm({ onDone }: { onDone: (concertId: string | null) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof Fields, string>>>({});
  const create = useMutation(
    trpc.admin.createConcert.mutationOptions({
      onSuccess: (concert) => {
        void refetchAfterWrite(queryClient, trpc.admin.stats.queryFilter(), trpc.concerts.pathFilter());
        setFields(EMPTY);
        onDone(concert.concertId);
      },
      onError: (error) => setErrors(fieldErrors(error, FIELD_OF_PATH)),
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validate(fields);
    setErrors(found);
    if (Object.keys(found).length) return;
    create.mutate({
      title: fields.title.trim(),
      artist: fields.artist.trim(),
      venue: fields.venue.trim(),
      description: fields.description.trim() || undefined,
    });
  }

  const bind = (key: keyof Fields) => ({
    value: fields[key],
    error: errors[key],
    onChange: (e: { target: { value: string } }) => setFields((f) => ({ ...f, [key]: e.target.value })),
  });

  return (
    <section className="card admin-form" aria-labelledby="new-concert-title">
      <h2 className="section-title" id="new-concert-title">
        New concert
      </h2>
      <form onSubmit={submit} noValidate className="form-grid">
        <TextField label="Title" {...bind("title")} maxLength={NAME_MAX} required />
        <TextField label="Artist" {...bind("artist")} maxLength={NAME_MAX} required />
        <TextField label="Venue" {...bind("venue")} maxLength={NAME_MAX} required />
        <div className="form-grid__wide">
          <TextAreaField
            label="Description"
            hint="Optional. Shown on the concert page."
            {...bind("description")}
            rows={3}
          />
        </div>
        {create.isError ? <Notice tone="danger">{errorMessage(create.error)}</Notice> : null}
        <div className="form-actions form-grid__wide">
          <Button variant="ghost" onClick={() => onDone(null)}>
            Cancel
          </Button>
          <Button type="submit" busy={create.isPending}>
            Create concert
          </Button>
        </div>
      </form>
    </section>
  );
}
