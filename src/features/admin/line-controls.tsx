"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent, type ReactNode } from "react";
import { Badge, type BadgeTone } from "@/components/badge";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { TextField } from "@/components/field";
import { Notice } from "@/components/notice";
import { useNow } from "@/components/use-now";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useFormat, type Format } from "@/i18n/use-format";
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
  const t = useTranslations("line");
  const f = useFormat();
  return (
    <dl className="line-stats__numbers">
      <div>
        <dt>{t("prequeue")}</dt>
        <dd data-testid="line-prequeue">{controls ? f.count(controls.prequeue) : "–"}</dd>
      </div>
      <div>
        <dt>{t("waiting")}</dt>
        <dd data-testid="line-waiting">{f.count(waiting)}</dd>
      </div>
      <div>
        <dt>{t("bookingNow")}</dt>
        <dd>
          <span data-testid="line-active">{f.count(active)}</span>
          {controls ? <span className="line-stats__of"> {t("of", { max: f.count(controls.maxActive) })}</span> : null}
        </dd>
      </div>
      <div>
        <dt>{t("letInLastMin")}</dt>
        <dd data-testid="line-admitted">{f.count(admitted)}</dd>
      </div>
    </dl>
  );
}

function lineState(
  c: LineControls,
  now: number,
  t: ReturnType<typeof useTranslations<"line">>,
  f: Format,
): { tone: BadgeTone; label: string; text: string } {
  if (c.closed) return { tone: "danger", label: t("closed"), text: t("closedText") };
  if (c.paused) return { tone: "warning", label: t("paused"), text: t("pausedText") };
  const opensAt = c.onSaleAt ? Date.parse(c.onSaleAt) : 0;
  if (opensAt > now)
    return {
      tone: "accent",
      label: t("opensIn", { countdown: f.countdown(opensAt - now) }),
      text: t("opensInText"),
    };
  return {
    tone: "success",
    label: t("open"),
    text: c.admitPerMinute === null ? t("openText") : t("openPacedText", { pace: f.count(c.admitPerMinute) }),
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
  const t = useTranslations("line");
  const f = useFormat();
  const errors = useErrorMessage();
  const update = useUpdateLineControls(concertId);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const pending = update.isPending ? update.variables : undefined;
  const problem = update.isError
    ? errors.message(update.error, { BAD_REQUEST: errors.ruleMessage(update.error) })
    : null;

  const change = (fields: Change, onDone?: () => void) =>
    update.mutate({ concertId, ...fields }, { onSuccess: () => onDone?.() });

  if (!controls) {
    return (
      <section className="line-controls" aria-label={t("controlsOf", { title })} data-testid="line-controls">
        {loadError ? (
          <Notice tone="danger" title={t("loadFailed")}>
            {errors.message(loadError)}
          </Notice>
        ) : (
          <p className="muted">{t("loading")}</p>
        )}
      </section>
    );
  }

  const state = lineState(controls, now, t, f);
  const inLine = controls.waiting + controls.prequeue;
  const inLineNow = t("inLineNow", { count: inLine, fans: f.count(inLine) });

  return (
    <section className="line-controls" aria-label={t("controlsOf", { title })} data-testid="line-controls">
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
              {t("resume")}
            </Button>
          ) : (
            <Button size="sm" variant="secondary" onClick={() => setConfirming("pause")} disabled={controls.closed}>
              {t("pause")}
            </Button>
          )}
          {controls.closed ? (
            <Button
              size="sm"
              variant="secondary"
              onClick={() => change({ closed: false })}
              busy={pending?.closed === false}
            >
              {t("reopen")}
            </Button>
          ) : (
            <Button size="sm" variant="danger" onClick={() => setConfirming("close")}>
              {t("close")}
            </Button>
          )}
        </div>
      </div>

      <div className="line-controls__settings">
        <NumberSetting
          key={`cap-${controls.maxActive}`}
          label={t("cap")}
          hint={t("capHint", { max: f.count(MAX_ACTIVE_LIMIT), now: f.count(controls.maxActive) })}
          current={String(controls.maxActive)}
          max={MAX_ACTIVE_LIMIT}
          saveLabel={t("saveCap")}
          busy={pending?.maxActive !== undefined}
          onSave={(n) => change({ maxActive: n })}
        />
        <NumberSetting
          key={`pace-${controls.admitPerMinute}`}
          label={t("pace")}
          hint={
            controls.admitPerMinute === null
              ? t("noPaceHint")
              : t("paceHint", { pace: f.count(controls.admitPerMinute) })
          }
          current={controls.admitPerMinute === null ? "" : String(controls.admitPerMinute)}
          max={PACE_LIMIT}
          saveLabel={t("savePace")}
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
                {t("noPacing")}
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
          title={t("pauseTitle", { title })}
          confirmLabel={t("pause")}
          busy={update.isPending}
          error={problem}
          onConfirm={() => change({ paused: true }, () => setConfirming(null))}
          onCancel={() => {
            update.reset();
            setConfirming(null);
          }}
        >
          <p>{t("pauseText")}</p>
          <p>{inLineNow}</p>
        </ConfirmDialog>
      ) : null}
      {confirming === "close" ? (
        <ConfirmDialog
          title={t("closeTitle", { title })}
          confirmLabel={t("close")}
          busy={update.isPending}
          error={problem}
          onConfirm={() => change({ closed: true }, () => setConfirming(null))}
          onCancel={() => {
            update.reset();
            setConfirming(null);
          }}
        >
          <p>{t("closeText")}</p>
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
  const t = useTranslations("line");
  const f = useFormat();

  function submit(e: FormEvent) {
    e.preventDefault();
    const n = wholeNumber(value);
    if (n === null || n < 1 || n > max) {
      setError(t("badNumber", { max: f.count(max) }));
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
  const t = useTranslations("line");
  const f = useFormat();
  // The input holds the venue's wall-clock time, whatever the zone of this browser.
  const current = onSaleAt ? f.toInput(onSaleAt) : "";
  const [value, setValue] = useState(current);
  const [error, setError] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    const at = value ? f.fromInput(value) : undefined;
    if (!at) {
      setError(t("pickDateTime"));
      return;
    }
    setError(null);
    onSave(at.toISOString());
  }

  return (
    <form className="line-setting" onSubmit={submit} noValidate>
      <TextField
        label={t("saleOpens")}
        type="datetime-local"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        hint={onSaleAt ? t("saleOpensAt", { date: f.dateTime(onSaleAt), zone: f.timeZone }) : t("saleOpenNow")}
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
          {t("saveTime")}
        </Button>
        <Button
          size="sm"
          variant="ghost"
          busy={saving === null}
          onClick={() => {
            setError(null);
            onSave(null);
          }}
          title={t("useDatesTitle")}
        >
          {t("useDates")}
        </Button>
      </div>
    </form>
  );
}
