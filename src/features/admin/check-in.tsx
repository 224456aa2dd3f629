"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState, useSyncExternalStore, type FormEvent } from "react";
import { Button } from "@/components/button";
import { TextAreaField } from "@/components/field";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useFormat } from "@/i18n/use-format";
import { errorReason } from "@/lib/errors";
import { useTRPC } from "@/lib/trpc/client";
import type { CheckInResult } from "@/lib/trpc/types";
import { StaffOnly } from "./admin-app";
import "./check-in.css";

/** The check-in desk for signed-in staff; the sign-in form otherwise. */
export function AdminCheckIn() {
  return (
    <StaffOnly>
      <CheckInDesk />
    </StaffOnly>
  );
}

/** What the last check-in answered, as the door needs to see it. */
type Outcome =
  | { kind: "admitted"; result: CheckInResult }
  | { kind: "used"; usedAt: string }
  | { kind: "notValid"; why: string }
  | { kind: "notOurs" }
  | { kind: "failed"; message: string };

/** `english`: the server's own sentence of why a ticket is not valid is English; other languages get the code's. */
function outcomeOf(error: unknown, errors: ReturnType<typeof useErrorMessage>, english: boolean): Outcome {
  switch (errorReason(error)) {
    case "ALREADY_USED": {
      const usedAt = (error as { data?: { usedAt?: unknown } }).data?.usedAt;
      return typeof usedAt === "string" ? { kind: "used", usedAt } : { kind: "failed", message: errors.message(error) };
    }
    case "NOT_VALID": {
      const why = (error as { message?: string }).message;
      return { kind: "notValid", why: english && why ? why : errors.message(error) };
    }
    case "INVALID_TICKET":
      return { kind: "notOurs" };
    default:
      return { kind: "failed", message: errors.message(error) };
  }
}

function CheckInDesk() {
  const trpc = useTRPC();
  const t = useTranslations("checkIn");
  const errors = useErrorMessage();
  const { locale } = useFormat();
  const [code, setCode] = useState("");
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [scanning, setScanning] = useState(false);
  const canScan = useCanScan();
  const inputId = useId();
  const check = useMutation(
    trpc.tickets.checkIn.mutationOptions({
      onSuccess: (result) => setOutcome({ kind: "admitted", result }),
      onError: (error) => setOutcome(outcomeOf(error, errors, locale === "en")),
      onSettled: () => {
        setCode("");
        document.getElementById(inputId)?.focus();
      },
    }),
  );

  function send(value: string) {
    const trimmed = value.trim();
    if (!trimmed) return;
    setOutcome(null);
    check.mutate({ code: trimmed });
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    send(code);
  }

  return (
    <>
      <PageHeader title={t("title")} lead={t("lead")} />
      <div className="check-in">
        <form className="card check-in__form stack" onSubmit={submit} noValidate>
          <TextAreaField
            id={inputId}
            label={t("code")}
            hint={t("codeHint")}
            rows={3}
            autoCapitalize="none"
            autoComplete="off"
            spellCheck={false}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.shiftKey) {
                e.preventDefault();
                send(code);
              }
            }}
            autoFocus
          />
          <div className="check-in__actions">
            <Button type="submit" busy={check.isPending} disabled={!code.trim()}>
              {t("submit")}
            </Button>
            {canScan ? (
              <Button type="button" variant="secondary" onClick={() => setScanning(true)} disabled={scanning}>
                {t("scan")}
              </Button>
            ) : null}
          </div>
          {scanning ? (
            <Scanner
              onCode={(value) => {
                setScanning(false);
                send(value);
              }}
              onClose={() => setScanning(false)}
            />
          ) : null}
        </form>
        <div className="check-in__result" aria-live="polite">
          {outcome ? (
            <div className="check-in__outcome" data-testid="check-in-outcome">
              <OutcomeNotice outcome={outcome} />
            </div>
          ) : null}
        </div>
      </div>
    </>
  );
}

function OutcomeNotice({ outcome }: { outcome: Outcome }) {
  const t = useTranslations("checkIn");
  const f = useFormat();
  switch (outcome.kind) {
    case "admitted": {
      const r = outcome.result;
      return (
        <Notice tone="success" title={t("admitted")}>
          <span className="check-in__seat">{t("seat", { seat: r.seatNumber })}</span>
          {r.title} · {f.dateTime(r.startsAt)}
        </Notice>
      );
    }
    case "used":
      return (
        <Notice tone="danger" title={t("usedTitle", { time: f.time(outcome.usedAt) })}>
          {t("usedText", { date: f.dateTime(outcome.usedAt) })}
        </Notice>
      );
    case "notValid":
      return (
        <Notice tone="danger" title={t("notValid")}>
          {outcome.why}
        </Notice>
      );
    case "notOurs":
      return (
        <Notice tone="danger" title={t("notOursTitle")}>
          {t("notOursText")}
        </Notice>
      );
    case "failed":
      return (
        <Notice tone="warning" title={t("failed")}>
          {outcome.message}
        </Notice>
      );
  }
}

/** The part of the Barcode Detection API the scanner uses (not in TypeScript's DOM types yet). */
type BarcodeDetectorClass = new (options: { formats: string[] }) => {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
};

function barcodeDetector(): BarcodeDetectorClass | undefined {
  return (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
}

const noChanges = () => () => {};

/** Whether this browser can scan: a BarcodeDetector and a camera API (never while rendering on the server). */
function useCanScan(): boolean {
  return useSyncExternalStore(
    noChanges,
    () => Boolean(barcodeDetector() && navigator.mediaDevices?.getUserMedia),
    () => false,
  );
}

const SCAN_EVERY_MS = 200;

/** The device camera, read for a QR code until one is found or staff close it. */
function Scanner({ onCode, onClose }: { onCode: (code: string) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const found = useRef(onCode);
  const t = useTranslations("checkIn");
  const [problem, setProblem] = useState<boolean>(false);
  useEffect(() => {
    found.current = onCode;
  }, [onCode]);

  useEffect(() => {
    const Detector = barcodeDetector();
    if (!Detector) return;
    const detector = new Detector({ formats: ["qr_code"] });
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const scan = async () => {
      if (stopped || !video.current) return;
      const codes = await detector.detect(video.current).catch(() => []);
      const value = codes[0]?.rawValue;
      if (value && !stopped) found.current(value);
      else timer = setTimeout(() => void scan(), SCAN_EVERY_MS);
    };
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(async (s) => {
        stream = s;
        if (stopped || !video.current) return;
        video.current.srcObject = s;
        await video.current.play();
        void scan();
      })
      .catch(() => setProblem(true));
    return () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, []);

  return (
    <div className="check-in__scanner">
      {problem ? <Notice tone="warning">{t("noCamera")}</Notice> : null}
      <video ref={video} className="check-in__video" muted playsInline aria-label={t("camera")} />
      <Button type="button" variant="ghost" size="sm" onClick={onClose}>
        {t("stopScanning")}
      </Button>
    </div>
  );
}
