"use client";

import { useQuery } from "@tanstack/react-query";
import { Notice } from "@/components/notice";
import { LoadingBlock } from "@/components/skeleton";
import { errorMessage } from "@/lib/errors";
import { useTRPC } from "@/lib/trpc/client";
import { AdminDashboard } from "./admin-dashboard";
import { AdminLogin } from "./admin-login";

/** The admin cookie decides: the sign-in form or the dashboard. */
export function AdminApp() {
  const trpc = useTRPC();
  const session = useQuery(trpc.session.admin.queryOptions(undefined, { staleTime: Infinity }));
  if (session.isPending) return <LoadingBlock label="Checking your admin session…" height={240} />;
  if (session.isError) return <Notice tone="danger">{errorMessage(session.error)}</Notice>;
  return session.data.signedIn ? <AdminDashboard /> : <AdminLogin />;
}
