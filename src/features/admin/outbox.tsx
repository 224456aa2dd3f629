"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { LoadMore } from "@/components/load-more";
import { Notice } from "@/components/notice";
import { LoadingBlock } from "@/components/skeleton";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useFormat } from "@/i18n/use-format";
import { useTRPC, useTRPCClient } from "@/lib/trpc/client";
import { REFRESH_MS } from "./refresh";
import "./outbox.css";

const PAGE_SIZE = 10;

/**
 * The mail the service wrote (password reset links), newest first. Without SMTP_URL this is the
 * only place it goes: staff read a link out to a fan who asks for it.
 */
export function Outbox() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const t = useTranslations("outbox");
  const errors = useErrorMessage();
  const f = useFormat();
  // A plain query function: the outbox input takes no `direction`, which tRPC's infinite options add.
  const outbox = useInfiniteQuery({
    queryKey: [...trpc.accounts.outbox.pathKey(), { pages: PAGE_SIZE }],
    queryFn: ({ pageParam }) => client.accounts.outbox.query({ limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: REFRESH_MS * 5,
    refetchIntervalInBackground: false,
  });
  const mails = outbox.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section className="card audit" aria-labelledby="outbox-title">
      <h2 className="section-title" id="outbox-title">
        {t("title")}
      </h2>
      {outbox.isPending ? <LoadingBlock label={t("loading")} height={120} /> : null}
      {outbox.isError ? (
        <Notice tone="danger" title={t("loadFailed")}>
          {errors.message(outbox.error)}
        </Notice>
      ) : null}
      {outbox.isSuccess && mails.length === 0 ? <p className="muted">{t("empty")}</p> : null}
      {mails.length > 0 ? (
        <ol className="audit__list">
          {mails.map((m) => (
            <li key={m.mailId} className="audit-entry" data-testid="outbox-mail">
              <p>{t.rich("to", { subject: m.subject, to: m.to, b: (chunks) => <strong>{chunks}</strong> })}</p>
              <p className="muted">
                {f.timestamp(m.createdAt)} · {m.sentAt ? t("sent", { at: f.timestamp(m.sentAt) }) : t("kept")}
              </p>
              <pre className="outbox-body">{m.body}</pre>
            </li>
          ))}
        </ol>
      ) : null}
      <LoadMore query={outbox} label={t("more")} testId="outbox-more" />
    </section>
  );
}
