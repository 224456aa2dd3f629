"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useEffect, useState } from "react";
import { Button } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { LoadingBlock } from "@/components/skeleton";
import { errorMessage, errorReason } from "@/lib/errors";
import { formatCount, formatDateTime, formatWon } from "@/lib/format";
import { refetchAfterWrite } from "@/lib/trpc/refresh";
import { useTRPC } from "@/lib/trpc/client";
import type { ConcertStats, SectionStats } from "@/lib/trpc/types";
import { AddScheduleForm } from "./add-schedule-form";
import { AuditLog } from "./audit-log";
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
    (t, c) => {
      t.waiting += c.waiting;
      t.active += c.active;
      for (const s of c.schedules) {
        t.sold += s.sold;
        t.revenue += s.revenue;
      }
      return t;
    },
    { waiting: 0, active: 0, sold: 0, revenue: 0 },
  );

  return (
    <>
      <PageHeader
        eyebrow={
          <span className="live-label">
            <span className="live-dot" aria-hidden="true" /> Live · refreshes every {REFRESH_MS / 1000} s
          </span>
        }
        title="Dashboard"
        actions={
          <>
            <Button onClick={() => setCreating(true)} disabled={creating}>
              New concert
            </Button>
            <Button variant="ghost" onClick={() => logout.mutate()} busy={logout.isPending}>
              Sign out
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
        <Notice tone="danger" title="Stats didn't refresh">
          {errorMessage(stats.error)}
        </Notice>
      ) : null}

      <dl className="tiles">
        <Tile label="Concerts" value={formatCount(concerts.length)} />
        <Tile label="In line now" value={formatCount(totals.waiting)} />
        <Tile label="Booking now" value={formatCount(totals.active)} />
        <Tile label="Seats sold" value={formatCount(totals.sold)} />
        <Tile label="Revenue" value={formatWon(totals.revenue)} />
      </dl>

      {stats.isPending ? <LoadingBlock label="Loading stats…" height={240} /> : null}
      {stats.data && concerts.length === 0 ? (
        <EmptyState
          title="No concerts yet"
          action={<Button onClick={() => setCreating(true)}>Create the first one</Button>}
        >
          Create a concert, then add its dates to put it on sale.
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
              Add a date
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
            label={`People in line over the last ${history.length} refreshes; now ${c.waiting + c.active}`}
          />
          <figcaption className="muted">In line, last 2 min</figcaption>
        </figure>
      </div>
      <LineControlsPanel concertId={c.concertId} title={c.title} controls={controls.data} loadError={controls.error} />

      {adding ? <AddScheduleForm concertId={c.concertId} concertTitle={c.title} onDone={onAdded} /> : null}

      {c.schedules.length === 0 ? (
        <p className="muted">No dates yet. Add one to put this concert on sale.</p>
      ) : (
        <div className="table-wrap">
          <table className="schedule-table">
            <caption className="visually-hidden">Dates of {c.title}</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Seats</th>
                <th scope="col" className="num">
                  Free
                </th>
                <th scope="col" className="num">
                  Held
                </th>
                <th scope="col" className="num">
                  Sold
                </th>
                <th scope="col" className="num">
                  Revenue
                </th>
                <th scope="col" className="num">
                  Refunds
                </th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {c.schedules.map((s) => (
                <Fragment key={s.scheduleId}>
                  <tr>
                    <td>{formatDateTime(s.startsAt)}</td>
                    <td className="schedule-table__bar">
                      <SeatsBar sold={s.sold} held={s.held} available={s.available} total={s.totalSeats} />
                    </td>
                    <td className="num">{formatCount(s.available)}</td>
                    <td className="num">{formatCount(s.held)}</td>
                    <td className="num">{formatCount(s.sold)}</td>
                    <td className="num">{formatWon(s.revenue)}</td>
                    <td className="num">{formatWon(s.refunded)}</td>
                    <td>
                      <a
                        href={`/api/v1/admin/schedules/${s.scheduleId}/sales.csv`}
                        download
                        aria-label={`Sales of ${formatDateTime(s.startsAt)} as CSV`}
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
                        when={formatDateTime(s.startsAt)}
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
  return sections.map((x) => (
    <tr key={x.name} className="schedule-table__section" data-testid="section-stats">
      <th scope="row">
        {x.name}{" "}
        <span className="muted">
          · seats {x.fromSeat}-{x.toSeat} · {formatWon(x.price)}
        </span>
      </th>
      <td className="schedule-table__bar">
        <SeatsBar sold={x.sold} held={x.held} available={x.available} total={x.totalSeats} />
      </td>
      <td className="num">{formatCount(x.available)}</td>
      <td className="num">{formatCount(x.held)}</td>
      <td className="num">{formatCount(x.sold)}</td>
      <td className="num">{formatWon(x.revenue)}</td>
      <td className="num">{formatWon(x.refunded)}</td>
      <td />
    </tr>
  ));
}
