"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { TextField } from "@/components/field";
import { Notice } from "@/components/notice";
import { errorMessage, fieldErrors, inputIssues, ruleMessage } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
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

/** Local date and time inputs, read in the admin's own time zone. */
function localInstant(date: string, time = "00:00"): Date | null {
  if (!date) return null;
  const d = new Date(`${date}T${time}`);
  return Number.isNaN(d.getTime()) ? null : d;
}

function wholeNumber(text: string): number | null {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

type Parsed = { startsAt: Date; price: number | undefined; seatCount: number; opensAt?: Date; closesAt?: Date };

/** One section row as typed; the server checks that the rows cover the seats (its field issues). */
type SectionRow = { name: string; fromSeat: string; toSeat: string; price: string };
type SectionKey = keyof SectionRow;
const SECTION_PATH = /^sections\.(\d+)\.(name|fromSeat|toSeat|price)$/;

/** The server's issues about the sections: per row and field, and about the rows as a whole. */
function sectionIssues(error: unknown): { rows: Partial<Record<SectionKey, string>>[]; whole?: string } {
  const rows: Partial<Record<SectionKey, string>>[] = [];
  let whole: string | undefined;
  for (const issue of inputIssues(error)) {
    const m = SECTION_PATH.exec(issue.path);
    if (m) {
      const row = (rows[Number(m[1])] ??= {});
      row[m[2] as SectionKey] ??= issue.message;
    } else if (issue.path === "sections") whole ??= issue.message;
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

function validate(
  f: Fields,
  now: Date,
  withSections: boolean,
): { errors: Partial<Record<keyof Fields, string>>; parsed?: Parsed } {
  const errors: Partial<Record<keyof Fields, string>> = {};
  const startsAt = localInstant(f.date, f.time || undefined);
  if (!f.date) errors.date = "Pick the date of the show.";
  if (!f.time) errors.time = "Pick the start time.";
  else if (startsAt && startsAt <= now) errors.date = "The show must start in the future.";
  const price = withSections ? undefined : wholeNumber(f.price);
  if (price === null || (price !== undefined && price > MAX_PRICE))
    errors.price = `A whole number of won, up to ${MAX_PRICE.toLocaleString("en-US")}.`;
  const seatCount = wholeNumber(f.seats);
  if (seatCount === null || seatCount < MIN_SEATS || seatCount > MAX_SEATS)
    errors.seats = `Between ${MIN_SEATS} and ${MAX_SEATS} seats.`;
  const opensAt = f.opens ? new Date(f.opens) : undefined;
  const closesAt = f.closes ? new Date(f.closes) : undefined;
  const closeLimit = closesAt ?? startsAt;
  if (opensAt && closeLimit && opensAt >= closeLimit) errors.opens = "Booking must open before it closes.";
  if (closesAt && startsAt && closesAt > startsAt) errors.closes = "Booking can't close after the show starts.";
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
        setCreated(`Added ${formatDateTime(s.startsAt)} with ${s.totalSeats} seats.`);
        void refetchAfterWrite(queryClient, trpc.admin.stats.queryFilter(), trpc.concerts.pathFilter());
      },
      onError: (error) => setErrors(fieldErrors(error, FIELD_OF_PATH)),
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    setCreated(null);
    const { errors: found, parsed } = validate(fields, new Date(), sections.length > 0);
    setErrors(found);
    const sectionInput = sections.length > 0 ? parseSections(sections) : undefined;
    setSectionsProblem(
      sectionInput === null ? "Give each section a name, its first and last seat, and a price." : null,
    );
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

  const fromServer = create.isError ? sectionIssues(create.error) : { rows: [] };
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
    onChange: (e: { target: { value: string } }) => setFields((f) => ({ ...f, [key]: e.target.value })),
  });

  return (
    <form
      onSubmit={submit}
      noValidate
      className="admin-form admin-form--inline"
      aria-label={`Add a date to ${concertTitle}`}
    >
      <div className="form-grid form-grid--4">
        <TextField label="Date" type="date" {...bind("date")} required />
        <TextField label="Start time" type="time" {...bind("time")} required />
        {sections.length === 0 ? (
          <TextField label="Price per seat (₩)" inputMode="numeric" {...bind("price")} required />
        ) : null}
        <TextField
          label="Seats"
          inputMode="numeric"
          hint={`${MIN_SEATS} to ${MAX_SEATS}`}
          {...bind("seats")}
          required
        />
        <div className="form-grid__half">
          <TextField
            label="Booking opens"
            type="datetime-local"
            hint="Leave empty to open right away"
            {...bind("opens")}
          />
        </div>
        <div className="form-grid__half">
          <TextField
            label="Booking closes"
            type="datetime-local"
            hint="Leave empty to close when the show starts"
            {...bind("closes")}
          />
        </div>
      </div>
      <fieldset className="sections-editor">
        <legend>Sections</legend>
        {sections.length === 0 ? (
          <p className="muted">One price for every seat. Add sections to price ranges of seats apart.</p>
        ) : (
          sections.map((row, i) => (
            <div className="form-grid sections-editor__row" key={i} data-testid="section-row">
              <TextField
                label={`Section ${i + 1} name`}
                value={row.name}
                error={fromServer.rows[i]?.name}
                maxLength={LIMITS.sectionName.max}
                onChange={(e) => setRow(i, "name", e.target.value)}
              />
              <TextField
                label="First seat"
                inputMode="numeric"
                value={row.fromSeat}
                error={fromServer.rows[i]?.fromSeat}
                onChange={(e) => setRow(i, "fromSeat", e.target.value)}
              />
              <TextField
                label="Last seat"
                inputMode="numeric"
                value={row.toSeat}
                error={fromServer.rows[i]?.toSeat}
                onChange={(e) => setRow(i, "toSeat", e.target.value)}
              />
              <TextField
                label="Price (₩)"
                inputMode="numeric"
                value={row.price}
                error={fromServer.rows[i]?.price}
                onChange={(e) => setRow(i, "price", e.target.value)}
              />
              <Button
                variant="ghost"
                size="sm"
                onClick={() => setSections((rows) => rows.filter((_, j) => j !== i))}
                aria-label={`Remove section ${i + 1}`}
              >
                Remove
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
          Add a section
        </Button>
      </fieldset>
      {create.isError ? (
        <Notice tone="danger">{errorMessage(create.error, { BAD_REQUEST: ruleMessage(create.error) })}</Notice>
      ) : null}
      {created ? <Notice tone="success">{created}</Notice> : null}
      <div className="form-actions">
        <Button variant="ghost" onClick={onDone}>
          Close
        </Button>
        <Button type="submit" busy={create.isPending}>
          Add date
        </Button>
      </div>
    </form>
  );
}
