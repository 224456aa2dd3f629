"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Notice } from "@/components/notice";
import { LoadingBlock } from "@/components/skeleton";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useTRPC } from "@/lib/trpc/client";
import { AdminDashboard } from "./admin-dashboard";
import { AdminLogin } from "./admin-login";

/** The admin cookie decides: the sign-in form, or what only staff may see. */
export function StaffOnly({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const t = useTranslations("admin");
  const errors = useErrorMessage();
  const session = useQuery(trpc.session.admin.queryOptions(undefined, { staleTime: Infinity }));
  if (session.isPending) return <LoadingBlock label={t("checkingSession")} height={240} />;
  if (session.isError) return <Notice tone="danger">{errors.message(session.error)}</Notice>;
  return session.data.signedIn ? children : <AdminLogin />;
}

export function AdminApp() {
  return (
    <StaffOnly>
      <AdminDashboard />
    </StaffOnly>
  );
}
