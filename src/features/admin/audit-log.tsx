"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState, type ReactNode } from "react";
import { Button } from "@/components/button";
import { TextField } from "@/components/field";
import { Notice } from "@/components/notice";
import { LoadingBlock } from "@/components/skeleton";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useFormat, type Format } from "@/i18n/use-format";
import { useTRPC, useTRPCClient } from "@/lib/trpc/client";
import type { AuditEntry } from "@/lib/trpc/types";
import { REFRESH_MS } from "./refresh";

const PAGE_SIZE = 20;

type Field = { label: string; format: (value: unknown) => string };
type T = ReturnType<typeof useTranslations<"audit">>;

/**
 * The fields an admin names: the line controls, then those of dates and cancellations as the box
 * office reads them; any other field is shown as it is stored.
 */
function fieldsOf(t: T, f: Format): Record<string, Field> {
  const plain = (value: unknown) => plainValue(value, t("none"));
  const yesNo = (v: unknown) => (v === true ? t("yes") : v === false ? t("no") : String(v));
  const won = (v: unknown) => (typeof v === "number" ? f.won(v) : plain(v));
  const when = (v: unknown) => (typeof v === "string" ? f.dateTime(v) : plain(v));
  const count = (v: unknown) => (typeof v === "number" ? f.count(v) : plain(v));
  return {
    onSaleAt: { label: t("field.onSaleAt"), format: (v) => (typeof v === "string" ? f.dateTime(v) : t("noOpening")) },
    paused: { label: t("field.paused"), format: yesNo },
    closed: { label: t("field.closed"), format: yesNo },
    maxActive: { label: t("field.maxActive"), format: (v) => (typeof v === "number" ? f.count(v) : String(v)) },
    admitPerMinute: {
      label: t("field.admitPerMinute"),
      format: (v) => (typeof v === "number" ? t("perMinute", { pace: f.count(v) }) : t("noPacing")),
    },
    startsAt: { label: t("field.startsAt"), format: when },
    bookingOpensAt: { label: t("field.bookingOpensAt"), format: when },
    bookingClosesAt: { label: t("field.bookingClosesAt"), format: when },
    totalSeats: { label: t("field.totalSeats"), format: count },
    price: { label: t("field.price"), format: won },
    sections: {
      label: t("field.sections"),
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
    refundedReservations: { label: t("field.refundedReservations"), format: count },
    refundedAmount: { label: t("field.refundedAmount"), format: won },
    cancelledAt: { label: t("field.cancelledAt"), format: when },
    lineClosed: { label: t("field.lineClosed"), format: yesNo },
    scheduleIds: { label: t("field.scheduleIds"), format: plain },
    concertId: { label: t("field.concertId"), format: plain },
    title: { label: t("field.title"), format: plain },
    artist: { label: t("field.artist"), format: plain },
    venue: { label: t("field.venue"), format: plain },
    description: { label: t("field.description"), format: plain },
    login: { label: t("field.login"), format: plain },
    role: { label: t("field.role"), format: plain },
  };
}

/** The filters an admin types, applied together when the form is sent. */
type TextFilters = { actor: string; action: string; targetType: string };
const NO_FILTERS: TextFilters = { actor: "", action: "", targetType: "" };

function plainValue(value: unknown, none: string): string {
  if (value === null || value === undefined) return none;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The fields an entry changed, each from before to after. */
function changesOf(
  entry: Pick<AuditEntry, "before" | "after">,
  fields: Record<string, Field>,
  none: string,
): { label: string; before: string; after: string }[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => {
      const field = Object.hasOwn(fields, k) ? fields[k] : undefined;
      const show = (v: unknown) => (v === undefined ? none : field ? field.format(v) : plainValue(v, none));
      return { label: field?.label ?? k, before: show(before[k]), after: show(after[k]) };
    });
}

/** Who changed what and when, newest first, a page at a time. */
export function AuditLog({ concerts }: { concerts: { concertId: string; title: string }[] }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const t = useTranslations("audit");
  const errors = useErrorMessage();
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
          {t("title")}
        </h2>
        <div className="audit__filter">
          <label className="field__label" htmlFor={filterId}>
            {t("show")}
          </label>
          <select id={filterId} className="input" value={targetId} onChange={(e) => setTargetId(e.target.value)}>
            <option value="">{t("allConcerts")}</option>
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
        aria-label={t("filterLabel")}
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <TextField
          label={t("who")}
          placeholder={t("whoPlaceholder")}
          value={draft.actor}
          onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
        />
        <TextField
          label={t("action")}
          placeholder={t("actionPlaceholder")}
          value={draft.action}
          onChange={(e) => setDraft({ ...draft, action: e.target.value })}
        />
        <TextField
          label={t("targetType")}
          placeholder={t("targetTypePlaceholder")}
          value={draft.targetType}
          onChange={(e) => setDraft({ ...draft, targetType: e.target.value })}
        />
        <Button type="submit" variant="secondary" size="sm">
          {t("filter")}
        </Button>
      </form>

      {audit.isPending ? <LoadingBlock label={t("loading")} height={120} /> : null}
      {audit.isError ? (
        <Notice tone="danger" title={t("loadFailed")}>
          {errors.message(audit.error)}
        </Notice>
      ) : null}
      {audit.isSuccess && entries.length === 0 ? <p className="muted">{t("empty")}</p> : null}

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
            {t("more")}
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
  const t = useTranslations("audit");
  const f = useFormat();
  const changes = changesOf(entry, fieldsOf(t, f), t("none"));
  // The action names of the log ("staff.create") are the message keys under `actions`.
  const action = `actions.${entry.action}` as "actions.concert.create";
  const values = {
    actor: entry.actor,
    action: entry.action,
    target: target ?? `${entry.targetType} ${entry.targetId.slice(0, 8)}`,
    b: (chunks: ReactNode) => <strong>{chunks}</strong>,
  };
  return (
    <li className="audit-entry" data-testid="audit-entry">
      <p className="audit-entry__summary">
        <time dateTime={entry.at} className="audit-entry__time">
          {f.timestamp(entry.at)}
        </time>{" "}
        {t.has(action) ? t.rich(action, values) : t.rich("otherAction", values)}
      </p>
      {changes.length > 0 ? (
        <ul className="audit-entry__changes">
          {changes.map((c) => (
            <li key={c.label}>
              <span className="audit-entry__field">{c.label}</span>{" "}
              <span className="audit-entry__before">{c.before}</span> <span aria-hidden="true">→</span>
              <span className="visually-hidden">{t("changedTo")}</span>{" "}
              <span className="audit-entry__after">{c.after}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
