"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { TextAreaField, TextField } from "@/components/field";
import { Notice } from "@/components/notice";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useFormat } from "@/i18n/use-format";
import { useTRPC } from "@/lib/trpc/client";
import { refetchAfterWrite } from "@/lib/trpc/refresh";

function useRefetchAfterEdit() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    refetchAfterWrite(queryClient, trpc.admin.stats.queryFilter(), trpc.concerts.pathFilter(), {
      queryKey: trpc.admin.audit.pathKey(),
    });
}

type ConcertFields = { title: string; artist: string; venue: string; description: string };

/** "Edit concert": its title, artist, venue and description, prefilled; only what changed is sent. */
export function EditConcertButton({ concertId }: { concertId: string }) {
  const [open, setOpen] = useState(false);
  const t = useTranslations("editForms");
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        {t("editConcert")}
      </Button>
      {open ? <EditConcertForm concertId={concertId} onDone={() => setOpen(false)} /> : null}
    </>
  );
}

function EditConcertForm({ concertId, onDone }: { concertId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const t = useTranslations("editForms");
  const current = useQuery(trpc.concerts.get.queryOptions({ concertId }));
  const refetch = useRefetchAfterEdit();
  const [fields, setFields] = useState<Partial<ConcertFields>>({});
  const save = useMutation(
    trpc.changes.updateConcert.mutationOptions({
      onSuccess: async () => {
        await refetch();
        onDone();
      },
    }),
  );
  const value = (key: keyof ConcertFields) => fields[key] ?? current.data?.[key] ?? "";
  const bind = (key: keyof ConcertFields) => ({
    value: value(key),
    onChange: (e: { target: { value: string } }) => setFields((prev) => ({ ...prev, [key]: e.target.value })),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const changed = Object.fromEntries(
      Object.entries(fields).filter(([k, v]) => v.trim() !== (current.data?.[k as keyof ConcertFields] ?? "")),
    );
    if (!Object.keys(changed).length) return onDone();
    save.mutate({ concertId, ...changed });
  }

  return (
    <form onSubmit={submit} noValidate className="form-grid admin-form" aria-label={t("editConcert")}>
      <TextField label={t("title")} {...bind("title")} required />
      <TextField label={t("artist")} {...bind("artist")} required />
      <TextField label={t("venue")} {...bind("venue")} required />
      <TextAreaField label={t("description")} {...bind("description")} />
      <EditFooter label={t("saveChanges")} save={save} onDone={onDone} />
    </form>
  );
}

type Section = { name: string; fromSeat: number; toSeat: number; price: number };

/**
 * "Edit date": a new start, new prices for its unsold seats (one per section), or more (or fewer
 * free) seats. Blank fields stay as they are; the server refuses removing a sold or held seat and
 * says which.
 */
export function EditDateButton({
  scheduleId,
  startsAt,
  sections,
}: {
  scheduleId: string;
  startsAt: string;
  sections: Section[];
}) {
  const [open, setOpen] = useState(false);
  const t = useTranslations("editForms");
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        {t("editDate")}
      </Button>
      {open ? (
        <EditDateForm scheduleId={scheduleId} startsAt={startsAt} sections={sections} onDone={() => setOpen(false)} />
      ) : null}
    </>
  );
}

/** The sections cut or stretched to `seatCount` seats: the last one kept ends at it. */
function fitSections(sections: readonly Section[], seatCount: number): Section[] {
  const kept = sections.filter((s) => s.fromSeat <= seatCount);
  return kept.map((s, i) => (i === kept.length - 1 ? { ...s, toSeat: seatCount } : s));
}

function EditDateForm({
  scheduleId,
  startsAt,
  sections,
  onDone,
}: {
  scheduleId: string;
  startsAt: string;
  sections: Section[];
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const t = useTranslations("editForms");
  const f = useFormat();
  const refetch = useRefetchAfterEdit();
  const totalSeats = sections.at(-1)?.toSeat ?? 0;
  // The venue's wall-clock time, whatever the zone of this browser.
  const [start, setStart] = useState(() => f.toInput(startsAt));
  const [prices, setPrices] = useState<string[]>(() => sections.map(() => ""));
  const [seats, setSeats] = useState(String(totalSeats));
  const save = useMutation(
    trpc.changes.updateSchedule.mutationOptions({
      onSuccess: async () => {
        await refetch();
        onDone();
      },
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    const newStart = f.fromInput(start)?.toISOString();
    const moved = newStart !== undefined && start !== f.toInput(startsAt);
    const seatCount = Number(seats);
    const repriced = prices.some((p) => p.trim() !== "");
    const change = {
      ...(moved ? { startsAt: newStart, bookingClosesAt: newStart } : {}),
      ...(seatCount !== totalSeats ? { seatCount } : {}),
    };
    if (!repriced) return save.mutate({ scheduleId, ...change });
    if (sections.length === 1) return save.mutate({ scheduleId, ...change, price: Number(prices[0]) });
    const priced = sections.map(({ name, fromSeat, toSeat, price }, i) => ({
      name,
      fromSeat,
      toSeat,
      price: prices[i]!.trim() ? Number(prices[i]) : price,
    }));
    save.mutate({ scheduleId, ...change, sections: fitSections(priced, seatCount) });
  }

  return (
    <form onSubmit={submit} noValidate className="form-grid admin-form" aria-label={t("editDate")}>
      <TextField
        label={t("startsAt")}
        hint={t("startsAtHint", { zone: f.timeZone })}
        type="datetime-local"
        value={start}
        onChange={(e) => setStart(e.target.value)}
      />
      {sections.map((s, i) => (
        <TextField
          key={s.name}
          label={sections.length === 1 ? t("newPrice") : t("newSectionPrice", { section: s.name })}
          hint={t("priceHint", { price: f.won(s.price), from: s.fromSeat, to: s.toSeat })}
          inputMode="numeric"
          value={prices[i]}
          onChange={(e) => setPrices((p) => p.map((v, j) => (j === i ? e.target.value : v)))}
        />
      ))}
      <TextField
        label={t("seats")}
        hint={t("seatsHint")}
        inputMode="numeric"
        value={seats}
        onChange={(e) => setSeats(e.target.value)}
      />
      <EditFooter label={t("saveDate")} save={save} onDone={onDone} />
    </form>
  );
}

/** The error of the last save, if any, and the form's save and close buttons. */
function EditFooter({
  label,
  save,
  onDone,
}: {
  label: string;
  save: { error: unknown; isPending: boolean };
  onDone: () => void;
}) {
  const t = useTranslations("editForms");
  const errors = useErrorMessage();
  return (
    <>
      {save.error ? <Notice tone="danger">{errors.message(save.error)}</Notice> : null}
      <div>
        <Button type="submit" size="sm" busy={save.isPending}>
          {label}
        </Button>{" "}
        <Button type="button" variant="ghost" size="sm" onClick={onDone}>
          {t("close")}
        </Button>
      </div>
    </>
  );
}
