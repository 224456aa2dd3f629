"use client";

import { useTranslations } from "next-intl";
import { ButtonLink } from "@/components/button";
import { useAccount } from "./use-account";
import "./account.css";

/**
 * For a guest: an account keeps what they buy on any device. Making one here keeps the hold (the
 * guest becomes the account) and comes back to `returnTo`.
 */
export function KeepTicketsPrompt({ returnTo }: { returnTo: string }) {
  const account = useAccount();
  const t = useTranslations("keepTickets");
  if (account.data?.signedIn !== false) return null;
  return (
    <aside className="card keep-tickets" data-testid="keep-tickets">
      <div>
        <strong>{t("title")}</strong>
        <p className="muted">{t("text")}</p>
      </div>
      <ButtonLink href={`/account/sign-up?next=${encodeURIComponent(returnTo)}`} variant="secondary" size="sm">
        {t("create")}
      </ButtonLink>
    </aside>
  );
}
