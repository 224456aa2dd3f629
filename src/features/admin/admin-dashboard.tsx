"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Fragment, useEffect, useState } from "react";
import { Button, ButtonLink } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { LoadingBlock } from "@/components/skeleton";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useFormat } from "@/i18n/use-format";
import { errorReason } from "@/lib/errors";
import { refetchAfterWrite } from "@/lib/trpc/refresh";
import { useTRPC } from "@/lib/trpc/client";
import type { ConcertStats, SectionStats } from "@/lib/trpc/types";
import { AddScheduleForm } from "./add-schedule-form";
import { AuditLog } from "./audit-log";
import { Outbox } from "./outbox";
import { CancelConcertButton, CancelDateButton } from "./cancel-buttons";
import { EditConcertButton, EditDateButton } from "./edit-forms";
import { SeatsBar, Sparkline } from "./charts";
import { LineControlsPanel, LineNumbers, useLineControls } from "./line-controls";
import { NewConcertForm } from "./new-concert-form";
import { REFRESH_MS } from "./refresh";
import { StaffPanel } from "./staff-panel";
import { useLineHistory } from "./use-line-history";

export function AdminDashboard() {
  const trpc = useTRPC();
  const t = useTranslations("admin");
  const errors = useErrorMessage();
  const f = useFormat();
  const queryClient = useQueryClient();
  const stats = useQuery(
    trpc.admin.stats.queryOptions(undefined, { refetchInterval: REFRESH_MS, refetchIntervalInBackground: false }),
  );
  const history = useLineHistory(stats.data, stats.dataUpdatedAt);
  const [creating, setCreating] = useState(false);
  const [addingTo, setAddingTo] = useState<string | null>(null);
  const logout = useMutation(
    trpc.session.adminLogout.mutationOptions({
      onSuccess: () => refetchAfterWrite(queryClient, trpc.session.admin.queryFilter()),
    }),
  );

  const signedOut = errorReason(stats.error) === "UNAUTHORIZED";
  useEffect(() => {
    if (signedOut) void queryClient.invalidateQueries(trpc.session.admin.queryFilter());
  }, [signedOut, queryClient, trpc]);

  const concerts = stats.data?.concerts ?? [];
  const totals = concerts.reduce(
    (sum, c) => {
      sum.waiting += c.waiting;
      sum.active += c.active;
      for (const s of c.schedules) {
        sum.sold += s.sold;
        sum.revenue += s.revenue;
      }
      return sum;
    },
    { waiting: 0, active: 0, sold: 0, revenue: 0 },
  );

  return (
    <>
      <PageHeader
        eyebrow={
          <span className="live-label">
            <span className="live-dot" aria-hidden="true" /> {t("live", { seconds: REFRESH_MS / 1000 })}
          </span>
        }
        title={t("dashboard")}
        actions={
          <>
            <Button onClick={() => setCreating(true)} disabled={creating}>
              {t("newConcert")}
            </Button>
            <ButtonLink href="/admin/check-in" variant="secondary">
              {t("checkIn")}
            </ButtonLink>
            <Button variant="ghost" onClick={() => logout.mutate()} busy={logout.isPending}>
              {t("signOut")}
            </Button>
          </>
        }
      />

      {creating ? (
        <NewConcertForm
          onDone={(concertId) => {
            setCreating(false);
            if (concertId) setAddingTo(concertId);
          }}
        />
      ) : null}

      {stats.isError && !signedOut ? (
        <Notice tone="danger" title={t("statsFailed")}>
          {errors.message(stats.error)}
        </Notice>
      ) : null}

      <dl className="tiles">
        <Tile label={t("tiles.concerts")} value={f.count(concerts.length)} />
        <Tile label={t("tiles.inLine")} value={f.count(totals.waiting)} />
        <Tile label={t("tiles.booking")} value={f.count(totals.active)} />
        <Tile label={t("tiles.sold")} value={f.count(totals.sold)} />
        <Tile label={t("tiles.revenue")} value={f.won(totals.revenue)} />
      </dl>

      {stats.isPending ? <LoadingBlock label={t("loadingStats")} height={240} /> : null}
      {stats.data && concerts.length === 0 ? (
        <EmptyState
          title={t("emptyTitle")}
          action={<Button onClick={() => setCreating(true)}>{t("createFirst")}</Button>}
        >
          {t("emptyText")}
        </EmptyState>
      ) : null}

      <div className="concert-stats-list">
        {concerts.map((c) => (
          <ConcertStatsCard
            key={c.concertId}
            concert={c}
            history={history[c.concertId] ?? []}
            adding={addingTo === c.concertId}
            onAdd={() => setAddingTo(c.concertId)}
            onAdded={() => setAddingTo(null)}
          />
        ))}
      </div>

      {stats.data ? <StaffPanel /> : null}
      {stats.data ? <AuditLog concerts={concerts} /> : null}
      {stats.data ? <Outbox /> : null}
    </>
  );
}

function Tile({ label, value }: { label: string; value: string }) {
  return (
    <div className="tile">
      <dt className="tile__label">{label}</dt>
      <dd className="tile__value">{value}</dd>
    </div>
  );
}

function ConcertStatsCard({
  concert: c,
  history,
  adding,
  onAdd,
  onAdded,
}: {
  concert: ConcertStats;
  history: number[];
  adding: boolean;
  onAdd: () => void;
  onAdded: () => void;
}) {
  const t = useTranslations("admin");
  const f = useFormat();
  const headingId = `concert-${c.concertId}`;
  const controls = useLineControls(c.concertId);
  return (
    <section className="card concert-stats" aria-labelledby={headingId} data-testid="concert-stats">
      <div className="concert-stats__head">
        <h2 className="concert-stats__title" id={headingId}>
          {c.title}
        </h2>
        {c.cancelled ? null : (
          <>
            <Button variant="secondary" size="sm" onClick={onAdd} disabled={adding}>
              {t("addDate")}
            </Button>
            <EditConcertButton concertId={c.concertId} />
          </>
        )}
        <CancelConcertButton concertId={c.concertId} title={c.title} cancelled={c.cancelled} />
      </div>
      <div className="line-stats">
        <LineNumbers controls={controls.data} stats={c} />
        <figure className="line-stats__chart">
          <Sparkline
            values={history}
            label={t("sparkline", { refreshes: history.length, now: c.waiting + c.active })}
          />
          <figcaption className="muted">{t("sparklineCaption")}</figcaption>
        </figure>
      </div>
      <LineControlsPanel concertId={c.concertId} title={c.title} controls={controls.data} loadError={controls.error} />

      {adding ? <AddScheduleForm concertId={c.concertId} concertTitle={c.title} onDone={onAdded} /> : null}

      {c.schedules.length === 0 ? (
        <p className="muted">{t("noDates")}</p>
      ) : (
        <div className="table-wrap">
          <table className="schedule-table">
            <caption className="visually-hidden">{t("datesOf", { title: c.title })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("col.date")}</th>
                <th scope="col">{t("col.seats")}</th>
                <th scope="col" className="num">
                  {t("col.free")}
                </th>
                <th scope="col" className="num">
                  {t("col.held")}
                </th>
                <th scope="col" className="num">
                  {t("col.sold")}
                </th>
                <th scope="col" className="num">
                  {t("col.revenue")}
                </th>
                <th scope="col" className="num">
                  {t("col.refunds")}
                </th>
                <th scope="col">{t("col.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {c.schedules.map((s) => (
                <Fragment key={s.scheduleId}>
                  <tr>
                    <td>{f.dateTime(s.startsAt)}</td>
                    <td className="schedule-table__bar">
                      <SeatsBar sold={s.sold} held={s.held} available={s.available} total={s.totalSeats} />
                    </td>
                    <td className="num">{f.count(s.available)}</td>
                    <td className="num">{f.count(s.held)}</td>
                    <td className="num">{f.count(s.sold)}</td>
                    <td className="num">{f.won(s.revenue)}</td>
                    <td className="num">{f.won(s.refunded)}</td>
                    <td>
                      <a
                        href={`/api/v1/admin/schedules/${s.scheduleId}/sales.csv`}
                        download
                        aria-label={t("csv", { date: f.dateTime(s.startsAt) })}
                      >
                        CSV
                      </a>
                      {s.cancelled ? null : (
                        <>
                          {" "}
                          <EditDateButton scheduleId={s.scheduleId} startsAt={s.startsAt} sections={s.sections} />
                        </>
                      )}{" "}
                      <CancelDateButton
                        scheduleId={s.scheduleId}
                        when={f.dateTime(s.startsAt)}
                        cancelled={s.cancelled}
                      />
                    </td>
                  </tr>
                  {s.sections.length > 1 ? <SectionRows sections={s.sections} /> : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A date's figures per section, under the date's own row. */
function SectionRows({ sections }: { sections: SectionStats[] }) {
  const t = useTranslations("admin");
  const f = useFormat();
  return sections.map((x) => (
    <tr key={x.name} className="schedule-table__section" data-testid="section-stats">
      <th scope="row">
        {x.name}{" "}
        <span className="muted">
          · {t("sectionSeats", { from: x.fromSeat, to: x.toSeat })} · {f.won(x.price)}
        </span>
      </th>
      <td className="schedule-table__bar">
        <SeatsBar sold={x.sold} held={x.held} available={x.available} total={x.totalSeats} />
      </td>
      <td className="num">{f.count(x.available)}</td>
      <td className="num">{f.count(x.held)}</td>
      <td className="num">{f.count(x.sold)}</td>
      <td className="num">{f.won(x.revenue)}</td>
      <td className="num">{f.won(x.refunded)}</td>
      <td />
    </tr>
  ));
}
