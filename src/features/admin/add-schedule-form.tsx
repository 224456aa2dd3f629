"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { TextField } from "@/components/field";
import { Notice } from "@/components/notice";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useFormat } from "@/i18n/use-format";
import { inputIssues } from "@/lib/errors";
import { LIMITS } from "@/lib/limits";
import { refetchAfterWrite } from "@/lib/trpc/refresh";
import { useTRPC } from "@/lib/trpc/client";

const MIN_SEATS = LIMITS.scheduleSeats.min;
const MAX_SEATS = LIMITS.scheduleSeats.max;
const MAX_PRICE = LIMITS.schedulePrice.max;

type Fields = { date: string; time: string; price: string; seats: string; opens: string; closes: string };

/** Where each input field of the request is typed in the form. */
const FIELD_OF_PATH: Record<string, keyof Fields> = {
  startsAt: "date",
  price: "price",
  seatCount: "seats",
  bookingOpensAt: "opens",
  bookingClosesAt: "closes",
};

function wholeNumber(text: string): number | null {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

type Parsed = { startsAt: Date; price: number | undefined; seatCount: number; opensAt?: Date; closesAt?: Date };

/** One section row as typed; the server checks that the rows cover the seats (its field issues). */
type SectionRow = { name: string; fromSeat: string; toSeat: string; price: string };
type SectionKey = keyof SectionRow;
const SECTION_PATH = /^sections\.(\d+)\.(name|fromSeat|toSeat|price)$/;

/**
 * The server's issues about the sections: per row and field, and about the rows as a whole.
 * `instead`: the words to show for each issue when the server's own (English) ones are not wanted.
 */
function sectionIssues(
  error: unknown,
  instead: string | undefined,
): { rows: Partial<Record<SectionKey, string>>[]; whole?: string } {
  const rows: Partial<Record<SectionKey, string>>[] = [];
  let whole: string | undefined;
  for (const issue of inputIssues(error)) {
    const m = SECTION_PATH.exec(issue.path);
    if (m) {
      const row = (rows[Number(m[1])] ??= {});
      row[m[2] as SectionKey] ??= instead ?? issue.message;
    } else if (issue.path === "sections") whole ??= instead ?? issue.message;
  }
  return { rows, whole };
}

function parseSections(rows: SectionRow[]) {
  const parsed = rows.map((r) => ({
    name: r.name.trim(),
    fromSeat: wholeNumber(r.fromSeat),
    toSeat: wholeNumber(r.toSeat),
    price: wholeNumber(r.price),
  }));
  const complete = parsed.every((r) => r.name && r.fromSeat !== null && r.toSeat !== null && r.price !== null);
  return complete ? (parsed as { name: string; fromSeat: number; toSeat: number; price: number }[]) : null;
}

type Check = {
  now: Date;
  withSections: boolean;
  /** Reads date and time inputs as the venue's wall-clock time. */
  fromInput: (value: string) => Date | undefined;
  t: ReturnType<typeof useTranslations<"addDate">>;
  count: (n: number) => string;
};

function validate(
  f: Fields,
  { now, withSections, fromInput, t, count }: Check,
): { errors: Partial<Record<keyof Fields, string>>; parsed?: Parsed } {
  const errors: Partial<Record<keyof Fields, string>> = {};
  const startsAt = f.date ? (fromInput(`${f.date}T${f.time || "00:00"}`) ?? null) : null;
  if (!f.date) errors.date = t("pickDate");
  if (!f.time) errors.time = t("pickTime");
  else if (startsAt && startsAt <= now) errors.date = t("inFuture");
  const price = withSections ? undefined : wholeNumber(f.price);
  if (price === null || (price !== undefined && price > MAX_PRICE))
    errors.price = t("badPrice", { max: count(MAX_PRICE) });
  const seatCount = wholeNumber(f.seats);
  if (seatCount === null || seatCount < MIN_SEATS || seatCount > MAX_SEATS)
    errors.seats = t("badSeats", { min: MIN_SEATS, max: MAX_SEATS });
  const opensAt = f.opens ? fromInput(f.opens) : undefined;
  const closesAt = f.closes ? fromInput(f.closes) : undefined;
  const closeLimit = closesAt ?? startsAt;
  if (opensAt && closeLimit && opensAt >= closeLimit) errors.opens = t("opensBeforeCloses");
  if (closesAt && startsAt && closesAt > startsAt) errors.closes = t("closesBeforeStart");
  if (Object.keys(errors).length || !startsAt || price === null || seatCount === null) return { errors };
  return { errors, parsed: { startsAt, price, seatCount, opensAt, closesAt } };
}

export function AddScheduleForm({
  concertId,
  concertTitle,
  onDone,
}: {
  concertId: string;
  concertTitle: string;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const t = useTranslations("addDate");
  const apiErrors = useErrorMessage();
  const f = useFormat();
  const queryClient = useQueryClient();
  const [fields, setFields] = useState<Fields>({
    date: "",
    time: "19:30",
    price: "",
    seats: String(LIMITS.scheduleSeats.default),
    opens: "",
    closes: "",
  });
  const [errors, setErrors] = useState<Partial<Record<keyof Fields, string>>>({});
  const [created, setCreated] = useState<string | null>(null);
  const [sections, setSections] = useState<SectionRow[]>([]);
  const [sectionsProblem, setSectionsProblem] = useState<string | null>(null);
  const create = useMutation(
    trpc.admin.createSchedule.mutationOptions({
      onSuccess: (s) => {
        setCreated(t("added", { date: f.dateTime(s.startsAt), seats: s.totalSeats }));
        void refetchAfterWrite(queryClient, trpc.admin.stats.queryFilter(), trpc.concerts.pathFilter());
      },
      onError: (error) => setErrors(apiErrors.fieldErrors(error, FIELD_OF_PATH)),
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    setCreated(null);
    const { errors: found, parsed } = validate(fields, {
      now: new Date(),
      withSections: sections.length > 0,
      fromInput: f.fromInput,
      t,
      count: f.count,
    });
    setErrors(found);
    const sectionInput = sections.length > 0 ? parseSections(sections) : undefined;
    setSectionsProblem(sectionInput === null ? t("incompleteSections") : null);
    if (!parsed || sectionInput === null) return;
    create.mutate({
      concertId,
      startsAt: parsed.startsAt.toISOString(),
      price: parsed.price,
      sections: sectionInput,
      seatCount: parsed.seatCount,
      bookingOpensAt: parsed.opensAt?.toISOString(),
      bookingClosesAt: parsed.closesAt?.toISOString(),
    });
  }

  const fromServer = create.isError
    ? sectionIssues(create.error, f.locale === "en" ? undefined : t("checkField"))
    : { rows: [] };
  const setRow = (i: number, key: SectionKey, value: string) =>
    setSections((rows) => rows.map((r, j) => (j === i ? { ...r, [key]: value } : r)));
  function addSection() {
    const seatCount = wholeNumber(fields.seats) ?? LIMITS.scheduleSeats.default;
    const last = wholeNumber(sections.at(-1)?.toSeat ?? "0") ?? 0;
    const next = Math.min(last + 1, seatCount);
    setSections((rows) => [
      ...rows,
      { name: "", fromSeat: String(next), toSeat: String(seatCount), price: fields.price },
    ]);
  }

  const bind = (key: keyof Fields) => ({
    value: fields[key],
    error: errors[key],
    onChange: (e: { target: { value: string } }) => setFields((prev) => ({ ...prev, [key]: e.target.value })),
  });

  return (
    <form
      onSubmit={submit}
      noValidate
      className="admin-form admin-form--inline"
      aria-label={t("formLabel", { title: concertTitle })}
    >
      <div className="form-grid form-grid--4">
        <TextField
          label={t("date")}
          type="date"
          hint={t("venueTime", { zone: f.timeZone })}
          {...bind("date")}
          required
        />
        <TextField label={t("startTime")} type="time" {...bind("time")} required />
        {sections.length === 0 ? (
          <TextField label={t("price")} inputMode="numeric" {...bind("price")} required />
        ) : null}
        <TextField
          label={t("seats")}
          inputMode="numeric"
          hint={t("seatsHint", { min: MIN_SEATS, max: MAX_SEATS })}
          {...bind("seats")}
          required
        />
        <div className="form-grid__half">
          <TextField label={t("opens")} type="datetime-local" hint={t("opensHint")} {...bind("opens")} />
        </div>
        <div className="form-grid__half">
          <TextField label={t("closes")} type="datetime-local" hint={t("closesHint")} {...bind("closes")} />
        </div>
      </div>
      <fieldset className="sections-editor">
        <legend>{t("sections")}</legend>
        {sections.length === 0 ? (
          <p className="muted">{t("noSections")}</p>
        ) : (
          sections.map((row, i) => (
            <div className="form-grid sections-editor__row" key={i} data-testid="section-row">
              <TextField
                label={t("sectionName", { n: i + 1 })}
                value={row.name}
                error={fromServer.rows[i]?.name}
                maxLength={LIMITS.sectionName.max}
                onChange={(e) => setRow(i, "name", e.target.value)}
              />
              <TextField
                label={t("firstSeat")}
                inputMode="numeric"
                value={row.fromSeat}
                error={fromServer.rows[i]?.fromSeat}
                onChange={(e) => setRow(i, "fromSeat", e.target.value)}
              />
              <TextField
                label={t("lastSeat")}
                inputMode="numeric"
                value={row.toSeat}
                error={fromServer.rows[i]?.toSeat}
                onChange={(e) => setRow(i, "toSeat", e.target.value)}
              />
              <TextField
                label={t("sectionPrice")}
                inputMode="numeric"
                value={row.price}
                error={fromServer.rows[i]?.price}
                onChange={(e) => setRow(i, "price", e.target.value)}
              />
              <Button
                variant="ghost"
                size="sm"
                onClick={() => setSections((rows) => rows.filter((_, j) => j !== i))}
                aria-label={t("removeSection", { n: i + 1 })}
              >
                {t("remove")}
              </Button>
            </div>
          ))
        )}
        {sectionsProblem || fromServer.whole ? (
          <p className="field__error" role="alert">
            {sectionsProblem ?? fromServer.whole}
          </p>
        ) : null}
        <Button variant="secondary" size="sm" onClick={addSection}>
          {t("addSection")}
        </Button>
      </fieldset>
      {create.isError ? (
        <Notice tone="danger">
          {apiErrors.message(create.error, { BAD_REQUEST: apiErrors.ruleMessage(create.error) })}
        </Notice>
      ) : null}
      {created ? <Notice tone="success">{created}</Notice> : null}
      <div className="form-actions">
        <Button variant="ghost" onClick={onDone}>
          {t("close")}
        </Button>
        <Button type="submit" busy={create.isPending}>
          {t("submit")}
        </Button>
      </div>
    </form>
  );
}
