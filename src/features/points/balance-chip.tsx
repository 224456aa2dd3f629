"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatPoints } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/client";
import { useSession } from "../session/session";

/** The fan's balance in the header, one click from charging more. */
export function BalanceChip() {
  const trpc = useTRPC();
  const { ready } = useSession();
  const balance = useQuery(trpc.points.balance.queryOptions(undefined, { enabled: ready }));
  return (
    <Link
      href="/points"
      className="balance-chip"
      aria-label={balance.data ? `Points balance ${formatPoints(balance.data.balance)}` : "Points"}
    >
      <span className="balance-chip__coin" aria-hidden="true">
        P
      </span>
      <span className="balance-chip__amount">
        {balance.data ? formatPoints(balance.data.balance).replace(" P", "") : "–"}
      </span>
    </Link>
  );
}
