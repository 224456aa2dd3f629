"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { useSession } from "../session/session";

/** Whether the fan's cookies stand for an account, and its email; asked once the session is there. */
export function useAccount() {
  const trpc = useTRPC();
  const { ready } = useSession();
  return useQuery(trpc.session.account.queryOptions(undefined, { enabled: ready }));
}
