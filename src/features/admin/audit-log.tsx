"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Button } from "@/components/button";
import { TextField } from "@/components/field";
import { Notice } from "@/components/notice";
import { LoadingBlock } from "@/components/skeleton";
import { errorMessage } from "@/lib/errors";
import { formatCount, formatDateTime, formatTimestamp, formatWon } from "@/lib/format";
import { useTRPC, useTRPCClient } from "@/lib/trpc/client";
import type { AuditEntry } from "@/lib/trpc/types";
import { REFRESH_MS } from "./refresh";

const PAGE_SIZE = 20;

type Field = { label: string; format: (value: unknown) => string };

const yesNo = (v: unknown) => (v === true ? "yes" : v === false ? "no" : String(v));

/** The line controls as an admin names them; any other field is shown as it is stored. */
const FIELDS: Record<string, Field> = {
  onSaleAt: {
    label: "Sale opens",
    format: (v) => (typeof v === "string" ? formatDateTime(v) : "no opening time"),
  },
  paused: { label: "Paused", format: yesNo },
  closed: { label: "Closed", format: yesNo },
  maxActive: { label: "Cap", format: (v) => (typeof v === "number" ? formatCount(v) : String(v)) },
  admitPerMinute: {
    label: "Pace",
    format: (v) => (typeof v === "number" ? `${formatCount(v)} a minute` : "no pacing"),
  },
};

const won = (v: unknown) => (typeof v === "number" ? formatWon(v) : plain(v));
const when = (v: unknown) => (typeof v === "string" ? formatDateTime(v) : plain(v));

/** The fields of dates and cancellations as the box office reads them. */
const DATE_FIELDS: Record<string, Field> = {
  startsAt: { label: "Starts", format: when },
  bookingOpensAt: { label: "Booking opens", format: when },
  bookingClosesAt: { label: "Booking closes", format: when },
  totalSeats: { label: "Seats", format: (v) => (typeof v === "number" ? formatCount(v) : plain(v)) },
  price: { label: "Price from", format: won },
  sections: {
    label: "Sections",
    format: (v) =>
      Array.isArray(v)
        ? v
            .map(
              (x: { name?: unknown; fromSeat?: unknown; toSeat?: unknown; price?: unknown }) =>
                `${plain(x.name)} ${plain(x.fromSeat)}-${plain(x.toSeat)} ${won(x.price)}`,
            )
            .join(", ")
        : plain(v),
  },
  refundedReservations: {
    label: "Bookings refunded",
    format: (v) => (typeof v === "number" ? formatCount(v) : plain(v)),
  },
  refundedAmount: { label: "Refunded", format: won },
};

const ACTIONS: Record<string, string> = {
  "concert.create": "added the concert",
  "concert.update": "edited the concert",
  "concert.cancel": "cancelled the concert",
  "schedule.create": "added the date",
  "schedule.update": "edited the date",
  "schedule.cancel": "cancelled the date",
  "queue.update": "changed the line of",
  "staff.create": "added the account",
  "staff.delete": "removed the account",
  "staff.password": "set the password of",
};

/** The filters an admin types, applied together when the form is sent. */
type TextFilters = { actor: string; action: string; targetType: string };
const NO_FILTERS: TextFilters = { actor: "", action: "", targetType: "" };

function plain(value: unknown): string {
  if (value === null || value === undefined) return "none";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The fields an entry changed, each from before to after. */
function changesOf(entry: Pick<AuditEntry, "before" | "after">): { label: string; before: string; after: string }[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => {
      const field = FIELDS[k] ?? DATE_FIELDS[k];
      const show = (v: unknown) => (v === undefined ? "none" : field ? field.format(v) : plain(v));
      return { label: field?.label ?? k, before: show(before[k]), after: show(after[k]) };
    });
}

/** Who changed what and when, newest first, a page at a time. */
export function AuditLog({ concerts }: { concerts: { concertId: string; title: string }[] }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const filterId = useId();
  const [targetId, setTargetId] = useState("");
  const [draft, setDraft] = useState<TextFilters>(NO_FILTERS);
  const [filters, setFilters] = useState<TextFilters>(NO_FILTERS);
  const given = (v: string) => v.trim().toLowerCase() || undefined;
  // A plain query function: the audit input takes no `direction`, which tRPC's infinite options add.
  const audit = useInfiniteQuery({
    queryKey: [...trpc.admin.audit.pathKey(), { targetId: targetId || null, ...filters }],
    queryFn: ({ pageParam }) =>
      client.admin.audit.query({
        limit: PAGE_SIZE,
        cursor: pageParam,
        targetId: targetId || undefined,
        actor: given(filters.actor),
        action: given(filters.action),
        targetType: given(filters.targetType),
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: REFRESH_MS * 5,
    refetchIntervalInBackground: false,
  });
  const titles = new Map(concerts.map((c) => [c.concertId, c.title]));
  const entries = audit.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section className="card audit" aria-labelledby="audit-title">
      <div className="audit__head">
        <h2 className="section-title" id="audit-title">
          Audit log
        </h2>
        <div className="audit__filter">
          <label className="field__label" htmlFor={filterId}>
            Show
          </label>
          <select id={filterId} className="input" value={targetId} onChange={(e) => setTargetId(e.target.value)}>
            <option value="">All concerts</option>
            {concerts.map((c) => (
              <option key={c.concertId} value={c.concertId}>
                {c.title}
              </option>
            ))}
          </select>
        </div>
      </div>
      <form
        className="audit__filters"
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <TextField
          label="Who"
          placeholder="any login"
          value={draft.actor}
          onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
        />
        <TextField
          label="Action"
          placeholder="e.g. staff.create"
          value={draft.action}
          onChange={(e) => setDraft({ ...draft, action: e.target.value })}
        />
        <TextField
          label="Target type"
          placeholder="e.g. concert, staff"
          value={draft.targetType}
          onChange={(e) => setDraft({ ...draft, targetType: e.target.value })}
        />
        <Button type="submit" variant="secondary" size="sm">
          Filter
        </Button>
      </form>

      {audit.isPending ? <LoadingBlock label="Loading the audit log…" height={120} /> : null}
      {audit.isError ? (
        <Notice tone="danger" title="The audit log didn't load">
          {errorMessage(audit.error)}
        </Notice>
      ) : null}
      {audit.isSuccess && entries.length === 0 ? (
        <p className="muted">No entries. Every change to a line&apos;s controls or a staff account is recorded here.</p>
      ) : null}

      {entries.length > 0 ? (
        <ol className="audit__list">
          {entries.map((e) => (
            <AuditRow key={e.auditId} entry={e} target={titles.get(e.targetId) ?? staffLoginOf(e)} />
          ))}
        </ol>
      ) : null}

      {audit.hasNextPage ? (
        <div className="audit__more">
          <Button variant="secondary" onClick={() => audit.fetchNextPage()} busy={audit.isFetchingNextPage}>
            Load more
          </Button>
        </div>
      ) : null}
    </section>
  );
}

/** A staff entry names its account by login (kept in its before or after state). */
function staffLoginOf(entry: AuditEntry): string | undefined {
  if (entry.targetType !== "staff") return undefined;
  const login = (entry.after ?? entry.before)?.login;
  return typeof login === "string" ? login : undefined;
}

function AuditRow({ entry, target }: { entry: AuditEntry; target: string | undefined }) {
  const changes = changesOf(entry);
  return (
    <li className="audit-entry" data-testid="audit-entry">
      <p className="audit-entry__summary">
        <time dateTime={entry.at} className="audit-entry__time">
          {formatTimestamp(entry.at)}
        </time>{" "}
        <strong>{entry.actor}</strong> {ACTIONS[entry.action] ?? `${entry.action}:`}{" "}
        <strong>{target ?? `${entry.targetType} ${entry.targetId.slice(0, 8)}`}</strong>
      </p>
      {changes.length > 0 ? (
        <ul className="audit-entry__changes">
          {changes.map((c) => (
            <li key={c.label}>
              <span className="audit-entry__field">{c.label}</span>{" "}
              <span className="audit-entry__before">{c.before}</span> <span aria-hidden="true">→</span>
              <span className="visually-hidden">changed to</span> <span className="audit-entry__after">{c.after}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
