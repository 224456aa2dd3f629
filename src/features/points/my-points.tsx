"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { LoadMore } from "@/components/load-more";
import { EmptyState } from "@/components/empty-state";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { LoadingBlock, Skeleton } from "@/components/skeleton";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useFormat } from "@/i18n/use-format";
import { useTRPC, useTRPCClient } from "@/lib/trpc/client";
import { useSession } from "../session/session";
import { ChargeForm } from "./charge-form";

const PAGE_SIZE = 20;

export function MyPoints() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { ready } = useSession();
  const t = useTranslations("points");
  const errors = useErrorMessage();
  const f = useFormat();
  const balance = useQuery(trpc.points.balance.queryOptions(undefined, { enabled: ready }));
  // A plain query function: the history's input takes no `direction`, which tRPC's infinite options add.
  const history = useInfiniteQuery({
    queryKey: [...trpc.points.history.pathKey(), { pages: PAGE_SIZE }],
    queryFn: ({ pageParam }) => client.points.history.query({ limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: ready,
  });
  const entries = history.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader title={t("title")} lead={t("lead")} />
      <div className="points">
        <section className="card balance-card" aria-labelledby="balance-title">
          <h2 className="balance-card__label" id="balance-title">
            {t("balance")}
          </h2>
          <p className="balance-card__amount" data-testid="points-balance">
            {balance.data ? f.points(balance.data.balance) : <Skeleton height={40} width={180} />}
          </p>
          {balance.isError ? <Notice tone="danger">{errors.message(balance.error)}</Notice> : null}
          <ChargeForm />
        </section>
        <section className="card list-card" aria-labelledby="history-title">
          <h2 className="section-title" id="history-title">
            {t("history")}
          </h2>
          {history.isError ? <Notice tone="danger">{errors.message(history.error)}</Notice> : null}
          {history.isPending ? <LoadingBlock label={t("loadingHistory")} /> : null}
          {history.data && entries.length === 0 ? (
            <EmptyState title={t("emptyTitle")}>{t("emptyText")}</EmptyState>
          ) : null}
          {entries.length > 0 ? (
            <table className="ledger">
              <caption className="visually-hidden">{t("caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("when")}</th>
                  <th scope="col">{t("what")}</th>
                  <th scope="col" className="num">
                    {t("amount")}
                  </th>
                  <th scope="col" className="num">
                    {t("balance")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.transactionId}>
                    <td>{f.dateTime(entry.createdAt)}</td>
                    <td>{t(`type.${entry.type}`)}</td>
                    <td className={`num ${entry.amount >= 0 ? "text-success" : ""}`}>
                      {entry.amount > 0 ? "+" : entry.amount < 0 ? "−" : ""}
                      {f.points(Math.abs(entry.amount))}
                    </td>
                    <td className="num">{f.points(entry.balanceAfter)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <LoadMore query={history} label={t("more")} testId="history-more" />
        </section>
      </div>
    </>
  );
}
