"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { Badge, type BadgeTone } from "@/components/badge";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { TextField } from "@/components/field";
import { Notice } from "@/components/notice";
import { useNow } from "@/components/use-now";
import { errorMessage, ruleMessage } from "@/lib/errors";
import { formatCount, formatCountdown, formatDateTime, toDateTimeLocal } from "@/lib/format";
import { LIMITS } from "@/lib/limits";
import { refetchAfterWrite } from "@/lib/trpc/refresh";
import { useTRPC } from "@/lib/trpc/client";
import type { ConcertStats, LineControls } from "@/lib/trpc/types";
import { REFRESH_MS } from "./refresh";

const MAX_ACTIVE_LIMIT = LIMITS.lineMaxActive.max;
const PACE_LIMIT = LIMITS.lineAdmitPerMinute.max;

type Change = {
  onSaleAt?: string | null;
  paused?: boolean;
  closed?: boolean;
  maxActive?: number;
  admitPerMinute?: number | null;
};

/** A line's controls and counts, live. */
export function useLineControls(concertId: string) {
  const trpc = useTRPC();
  return useQuery(
    trpc.admin.lineControls.queryOptions(
      { concertId },
      { refetchInterval: REFRESH_MS, refetchIntervalInBackground: false },
    ),
  );
}

function useUpdateLineControls(concertId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.admin.updateLineControls.mutationOptions({
      onSuccess: async (controls) => {
        // A refresh already in flight would answer with the controls from before the change.
        const own = trpc.admin.lineControls.queryFilter({ concertId });
        await queryClient.cancelQueries(own);
        queryClient.setQueryData(trpc.admin.lineControls.queryKey({ concertId }), controls);
        void refetchAfterWrite(queryClient, trpc.admin.audit.pathFilter(), trpc.admin.stats.queryFilter());
      },
    }),
  );
}

function wholeNumber(text: string): number | null {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

/** The line's counts, with the stats' figures while the controls load. */
export function LineNumbers({ controls, stats }: { controls: LineControls | undefined; stats: ConcertStats }) {
  const waiting = controls?.waiting ?? stats.waiting;
  const active = controls?.active ?? stats.active;
  const admitted = controls?.admittedLastMinute ?? stats.admittedLastMinute;
  return (
    <dl className="line-stats__numbers">
      <div>
        <dt>Pre-queue</dt>
        <dd data-testid="line-prequeue">{controls ? formatCount(controls.prequeue) : "–"}</dd>
      </div>
      <div>
        <dt>Waiting</dt>
        <dd data-testid="line-waiting">{formatCount(waiting)}</dd>
      </div>
      <div>
        <dt>Booking now</dt>
        <dd>
          <span data-testid="line-active">{formatCount(active)}</span>
          {controls ? <span className="line-stats__of"> of {formatCount(controls.maxActive)}</span> : null}
        </dd>
      </div>
      <div>
        <dt>Let in, last min</dt>
        <dd data-testid="line-admitted">{formatCount(admitted)}</dd>
      </div>
    </dl>
  );
}

function lineState(c: LineControls, now: number): { tone: BadgeTone; label: string; text: string } {
  if (c.closed)
    return {
      tone: "danger",
      label: "Closed",
      text: "Nobody can join. Fans booking now can finish.",
    };
  if (c.paused)
    return { tone: "warning", label: "Paused", text: "Nobody is let in. Everyone in line keeps their place." };
  const opensAt = c.onSaleAt ? Date.parse(c.onSaleAt) : 0;
  if (opensAt > now)
    return {
      tone: "accent",
      label: `Opens in ${formatCountdown(opensAt - now)}`,
      text: "Fans who join now get a random place at the opening.",
    };
  return {
    tone: "success",
    label: "Open",
    text:
      c.admitPerMinute === null
        ? "Fans are let in as soon as a slot frees up."
        : `Fans are let in as slots free up, at most ${formatCount(c.admitPerMinute)} a minute.`,
  };
}

type Confirming = "pause" | "close" | null;

/** Pause, close, cap, pace and on-sale time of one concert's line. */
export function LineControlsPanel({
  concertId,
  title,
  controls,
  loadError,
}: {
  concertId: string;
  title: string;
  controls: LineControls | undefined;
  loadError: unknown;
}) {
  const now = useNow();
  const update = useUpdateLineControls(concertId);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const pending = update.isPending ? update.variables : undefined;
  const problem = update.isError ? errorMessage(update.error, { BAD_REQUEST: ruleMessage(update.error) }) : null;

  const change = (fields: Change, onDone?: () => void) =>
    update.mutate({ concertId, ...fields }, { onSuccess: () => onDone?.() });

  if (!controls) {
    return (
      <section className="line-controls" aria-label={`Line controls of ${title}`} data-testid="line-controls">
        {loadError ? (
          <Notice tone="danger" title="Line controls didn't load">
            {errorMessage(loadError)}
          </Notice>
        ) : (
          <p className="muted">Loading the line&apos;s controls…</p>
        )}
      </section>
    );
  }

  const state = lineState(controls, now);
  const inLine = controls.waiting + controls.prequeue;
  const inLineNow = `${formatCount(inLine)} ${inLine === 1 ? "fan is" : "fans are"} in line now.`;

  return (
    <section className="line-controls" aria-label={`Line controls of ${title}`} data-testid="line-controls">
      <div className="line-controls__head">
        <div className="line-controls__state">
          <span data-testid="line-state">
            <Badge tone={state.tone}>{state.label}</Badge>
          </span>
          <span className="muted">{state.text}</span>
        </div>
        <div className="line-controls__actions">
          {controls.paused ? (
            <Button
              size="sm"
              variant="secondary"
              onClick={() => change({ paused: false })}
              busy={pending?.paused === false}
            >
              Resume line
            </Button>
          ) : (
            <Button size="sm" variant="secondary" onClick={() => setConfirming("pause")} disabled={controls.closed}>
              Pause line
            </Button>
          )}
          {controls.closed ? (
            <Button
              size="sm"
              variant="secondary"
              onClick={() => change({ closed: false })}
              busy={pending?.closed === false}
            >
              Reopen line
            </Button>
          ) : (
            <Button size="sm" variant="danger" onClick={() => setConfirming("close")}>
              Close line
            </Button>
          )}
        </div>
      </div>

      <div className="line-controls__settings">
        <NumberSetting
          key={`cap-${controls.maxActive}`}
          label="Booking at once (cap)"
          hint={`1 to ${formatCount(MAX_ACTIVE_LIMIT)}. Now ${formatCount(controls.maxActive)}.`}
          current={String(controls.maxActive)}
          max={MAX_ACTIVE_LIMIT}
          saveLabel="Save cap"
          busy={pending?.maxActive !== undefined}
          onSave={(n) => change({ maxActive: n })}
        />
        <NumberSetting
          key={`pace-${controls.admitPerMinute}`}
          label="Let in per minute (pace)"
          hint={
            controls.admitPerMinute === null
              ? "No pacing now: fans go in as slots free up."
              : `Now ${formatCount(controls.admitPerMinute)} a minute, spread evenly.`
          }
          current={controls.admitPerMinute === null ? "" : String(controls.admitPerMinute)}
          max={PACE_LIMIT}
          saveLabel="Save pace"
          busy={pending?.admitPerMinute !== undefined && pending.admitPerMinute !== null}
          onSave={(n) => change({ admitPerMinute: n })}
          extra={
            controls.admitPerMinute !== null ? (
              <Button
                size="sm"
                variant="ghost"
                onClick={() => change({ admitPerMinute: null })}
                busy={pending?.admitPerMinute === null}
              >
                No pacing
              </Button>
            ) : null
          }
        />
        <OnSaleSetting
          key={`sale-${controls.onSaleAt}`}
          onSaleAt={controls.onSaleAt}
          saving={pending?.onSaleAt}
          onSave={(iso) => change({ onSaleAt: iso })}
        />
      </div>

      {problem && !confirming ? <Notice tone="danger">{problem}</Notice> : null}

      {confirming === "pause" ? (
        <ConfirmDialog
          title={`Pause the line for ${title}?`}
          confirmLabel="Pause line"
          busy={update.isPending}
          error={problem}
          onConfirm={() => change({ paused: true }, () => setConfirming(null))}
          onCancel={() => {
            update.reset();
            setConfirming(null);
          }}
        >
          <p>Nobody is let in until you resume. Everyone in line keeps their place, and fans booking now can finish.</p>
          <p>{inLineNow}</p>
        </ConfirmDialog>
      ) : null}
      {confirming === "close" ? (
        <ConfirmDialog
          title={`Close the line for ${title}?`}
          confirmLabel="Close line"
          busy={update.isPending}
          error={problem}
          onConfirm={() => change({ closed: true }, () => setConfirming(null))}
          onCancel={() => {
            update.reset();
            setConfirming(null);
          }}
        >
          <p>
            Everyone in line loses their place and is told the line is closed, and nobody can join until you reopen it.
            Fans booking now can finish.
          </p>
          <p>{inLineNow}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

/**
 * A whole-number setting. Keyed by the server's value, so the field starts afresh when that
 * changes, and is left alone by the refreshes while the admin types.
 */
function NumberSetting({
  label,
  hint,
  current,
  max,
  saveLabel,
  busy,
  onSave,
  extra,
}: {
  label: string;
  hint: string;
  current: string;
  max: number;
  saveLabel: string;
  busy: boolean;
  onSave: (value: number) => void;
  extra?: ReactNode;
}) {
  const [value, setValue] = useState(current);
  const [error, setError] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    const n = wholeNumber(value);
    if (n === null || n < 1 || n > max) {
      setError(`A whole number from 1 to ${formatCount(max)}.`);
      return;
    }
    setError(null);
    onSave(n);
  }

  return (
    <form className="line-setting" onSubmit={submit} noValidate>
      <TextField
        label={label}
        inputMode="numeric"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        hint={hint}
        error={error}
      />
      <div className="line-setting__actions">
        <Button type="submit" size="sm" variant="secondary" busy={busy} disabled={value.trim() === current}>
          {saveLabel}
        </Button>
        {extra}
      </div>
    </form>
  );
}

function OnSaleSetting({
  onSaleAt,
  saving,
  onSave,
}: {
  onSaleAt: string | null;
  /** The value being saved: a time, null (back to the dates' opening), or undefined (none). */
  saving: string | null | undefined;
  onSave: (iso: string | null) => void;
}) {
  const current = onSaleAt ? toDateTimeLocal(onSaleAt) : "";
  const [value, setValue] = useState(current);
  const [error, setError] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    // The input holds local time, read in the admin's own time zone.
    const at = value ? new Date(value) : null;
    if (!at || Number.isNaN(at.getTime())) {
      setError("Pick a date and time.");
      return;
    }
    setError(null);
    onSave(at.toISOString());
  }

  return (
    <form className="line-setting" onSubmit={submit} noValidate>
      <TextField
        label="Sale opens"
        type="datetime-local"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        hint={onSaleAt ? `Now ${formatDateTime(onSaleAt)}.` : "Now open, with no opening time."}
        error={error}
      />
      <div className="line-setting__actions">
        <Button
          type="submit"
          size="sm"
          variant="secondary"
          busy={typeof saving === "string"}
          disabled={!value || value === current}
        >
          Save time
        </Button>
        <Button
          size="sm"
          variant="ghost"
          busy={saving === null}
          onClick={() => {
            setError(null);
            onSave(null);
          }}
          title="Open the sale when the first date opens for booking"
        >
          Use the dates&apos; opening
        </Button>
      </div>
    </form>
  );
}
