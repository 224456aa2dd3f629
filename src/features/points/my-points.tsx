"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { LoadMore } from "@/components/load-more";
import { EmptyState } from "@/components/empty-state";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { LoadingBlock, Skeleton } from "@/components/skeleton";
import { errorMessage } from "@/lib/errors";
import { formatDateTime, formatPoints } from "@/lib/format";
import { useTRPC, useTRPCClient } from "@/lib/trpc/client";
import type { LedgerEntry } from "@/lib/trpc/types";
import { useSession } from "../session/session";
import { ChargeForm } from "./charge-form";

const TYPE_LABEL: Record<LedgerEntry["type"], string> = {
  CHARGE: "Charged",
  PAYMENT: "Paid for tickets",
  REFUND: "Refund",
};

const PAGE_SIZE = 20;

export function MyPoints() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { ready } = useSession();
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
      <PageHeader title="My points" lead="Points pay for tickets. 1 point = ₩1." />
      <div className="points">
        <section className="card balance-card" aria-labelledby="balance-title">
          <h2 className="balance-card__label" id="balance-title">
            Balance
          </h2>
          <p className="balance-card__amount" data-testid="points-balance">
            {balance.data ? formatPoints(balance.data.balance) : <Skeleton height={40} width={180} />}
          </p>
          {balance.isError ? <Notice tone="danger">{errorMessage(balance.error)}</Notice> : null}
          <ChargeForm />
        </section>
        <section className="card list-card" aria-labelledby="history-title">
          <h2 className="section-title" id="history-title">
            History
          </h2>
          {history.isError ? <Notice tone="danger">{errorMessage(history.error)}</Notice> : null}
          {history.isPending ? <LoadingBlock label="Loading history…" /> : null}
          {history.data && entries.length === 0 ? (
            <EmptyState title="Nothing here yet">Charges and payments will be listed here.</EmptyState>
          ) : null}
          {entries.length > 0 ? (
            <table className="ledger">
              <caption className="visually-hidden">Points history, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">What</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col" className="num">
                    Balance
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.map((t) => (
                  <tr key={t.transactionId}>
                    <td>{formatDateTime(t.createdAt)}</td>
                    <td>{TYPE_LABEL[t.type]}</td>
                    <td className={`num ${t.amount >= 0 ? "text-success" : ""}`}>
                      {t.amount > 0 ? "+" : t.amount < 0 ? "−" : ""}
                      {formatPoints(Math.abs(t.amount))}
                    </td>
                    <td className="num">{formatPoints(t.balanceAfter)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <LoadMore query={history} label="Load more history" testId="history-more" />
        </section>
      </div>
    </>
  );
}
