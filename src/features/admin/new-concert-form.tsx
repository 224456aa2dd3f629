"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { TextAreaField, TextField } from "@/components/field";
import { Notice } from "@/components/notice";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useFormat } from "@/i18n/use-format";
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

type Words = { required: string; tooLong: (max: number) => string };

function validate(f: Fields, words: Words): Partial<Record<keyof Fields, string>> {
  const errors: Partial<Record<keyof Fields, string>> = {};
  for (const key of ["title", "artist", "venue"] as const) {
    const v = f[key].trim();
    if (!v) errors[key] = words.required;
    else if (textLength(v) > NAME_MAX) errors[key] = words.tooLong(NAME_MAX);
  }
  if (textLength(f.description.trim()) > DESCRIPTION_MAX) errors.description = words.tooLong(DESCRIPTION_MAX);
  return errors;
}

export function NewConcertForm({ onDone }: { onDone: (concertId: string | null) => void }) {
  const trpc = useTRPC();
  const t = useTranslations("concertForm");
  const f = useFormat();
  const apiErrors = useErrorMessage();
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
      onError: (error) => setErrors(apiErrors.fieldErrors(error, FIELD_OF_PATH)),
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validate(fields, {
      required: t("required"),
      tooLong: (max) => t("tooLong", { max: f.count(max) }),
    });
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
    onChange: (e: { target: { value: string } }) => setFields((prev) => ({ ...prev, [key]: e.target.value })),
  });

  return (
    <section className="card admin-form" aria-labelledby="new-concert-title">
      <h2 className="section-title" id="new-concert-title">
        {t("newTitle")}
      </h2>
      <form onSubmit={submit} noValidate className="form-grid">
        <TextField label={t("title")} {...bind("title")} maxLength={NAME_MAX} required />
        <TextField label={t("artist")} {...bind("artist")} maxLength={NAME_MAX} required />
        <TextField label={t("venue")} {...bind("venue")} maxLength={NAME_MAX} required />
        <div className="form-grid__wide">
          <TextAreaField label={t("description")} hint={t("descriptionHint")} {...bind("description")} rows={3} />
        </div>
        {create.isError ? <Notice tone="danger">{apiErrors.message(create.error)}</Notice> : null}
        <div className="form-actions form-grid__wide">
          <Button variant="ghost" onClick={() => onDone(null)}>
            {t("cancel")}
          </Button>
          <Button type="submit" busy={create.isPending}>
            {t("create")}
          </Button>
        </div>
      </form>
    </section>
  );
}
