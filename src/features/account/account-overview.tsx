"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { ButtonLink, Button } from "@/components/button";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { LoadingBlock } from "@/components/skeleton";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useTRPC } from "@/lib/trpc/client";
import { useAccount } from "./use-account";
import "./account.css";

/** The fan's account: who is signed in, and signing out here or everywhere. */
export function AccountOverview() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const account = useAccount();
  const t = useTranslations("account");
  const errors = useErrorMessage();
  // Everything read as the account is dropped; the session starts again as a new guest.
  const signOut = useMutation(
    trpc.session.signOut.mutationOptions({
      onSuccess: async () => {
        await queryClient.resetQueries();
        router.push("/");
      },
    }),
  );

  let body: ReactNode;
  if (account.isError) body = <Notice tone="danger">{errors.message(account.error)}</Notice>;
  else if (!account.data) body = <LoadingBlock label={t("loading")} />;
  else if (!account.data.signedIn) {
    body = (
      <section className="card stack account-card">
        <h2 className="section-title">{t("guestTitle")}</h2>
        <p className="muted">{t("guestText")}</p>
        <div className="account-actions">
          <ButtonLink href="/account/sign-up">{t("create")}</ButtonLink>
          <ButtonLink href="/account/sign-in" variant="secondary">
            {t("signIn")}
          </ButtonLink>
        </div>
      </section>
    );
  } else {
    body = (
      <section className="card stack account-card">
        <h2 className="section-title">{t("signedIn")}</h2>
        <p data-testid="account-email">{account.data.email}</p>
        <p className="muted">{t("signedInText")}</p>
        {signOut.isError ? <Notice tone="danger">{errors.message(signOut.error)}</Notice> : null}
        <div className="account-actions">
          <Button variant="secondary" busy={signOut.isPending} onClick={() => signOut.mutate({ all: false })}>
            {t("signOut")}
          </Button>
          <Button variant="danger" busy={signOut.isPending} onClick={() => signOut.mutate({ all: true })}>
            {t("signOutAll")}
          </Button>
        </div>
      </section>
    );
  }
  return (
    <>
      <PageHeader title={t("account")} />
      {body}
    </>
  );
}
