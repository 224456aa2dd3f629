"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useAccount } from "./use-account";

/** The header's way to an account: "Sign in" for a guest, "Account" once signed in. */
export function AccountLink() {
  const account = useAccount();
  const t = useTranslations("account");
  if (!account.data) return null;
  return account.data.signedIn ? (
    <Link href="/account" className="site-nav__link" data-testid="account-link" title={account.data.email}>
      {t("account")}
    </Link>
  ) : (
    <Link href="/account/sign-in" className="site-nav__link" data-testid="account-link">
      {t("signIn")}
    </Link>
  );
}
