"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useFormat } from "@/i18n/use-format";
import { useTRPC } from "@/lib/trpc/client";
import { useSession } from "../session/session";

/** The fan's balance in the header, one click from charging more. */
export function BalanceChip() {
  const trpc = useTRPC();
  const { ready } = useSession();
  const t = useTranslations("points");
  const f = useFormat();
  const balance = useQuery(trpc.points.balance.queryOptions(undefined, { enabled: ready }));
  return (
    <Link
      href="/points"
      className="balance-chip"
      aria-label={balance.data ? t("chipBalance", { balance: f.points(balance.data.balance) }) : t("chip")}
    >
      <span className="balance-chip__coin" aria-hidden="true">
        P
      </span>
      <span className="balance-chip__amount">{balance.data ? f.count(balance.data.balance) : "–"}</span>
    </Link>
  );
}
