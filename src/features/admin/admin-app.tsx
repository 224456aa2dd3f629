"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Notice } from "@/components/notice";
import { LoadingBlock } from "@/components/skeleton";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useTRPC } from "@/lib/trpc/client";
import { AdminDashboard } from "./admin-dashboard";
import { AdminLogin } from "./admin-login";

/** The admin cookie decides: the sign-in form or the dashboard. */
export function AdminApp() {
  const trpc = useTRPC();
  const t = useTranslations("admin");
  const errors = useErrorMessage();
  const session = useQuery(trpc.session.admin.queryOptions(undefined, { staleTime: Infinity }));
  if (session.isPending) return <LoadingBlock label={t("checkingSession")} height={240} />;
  if (session.isError) return <Notice tone="danger">{errors.message(session.error)}</Notice>;
  return session.data.signedIn ? <AdminDashboard /> : <AdminLogin />;
}
