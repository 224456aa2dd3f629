"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { AccountLink } from "@/features/account/account-link";
import { LanguageSwitcher } from "./language-switcher";

export type NavItem = { href: string; label: string; match?: (path: string) => boolean };

/** The top bar: brand, primary navigation, the fan's account link, a slot for more controls, the language. */
export function SiteHeader({
  nav,
  brandHref = "/",
  tag,
  end,
}: {
  nav: NavItem[];
  brandHref?: string;
  tag?: string;
  end?: ReactNode;
}) {
  const path = usePathname();
  const t = useTranslations("header");
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <Link href={brandHref} className="brand">
          <span className="brand__mark" aria-hidden="true">
            ♪
          </span>
          <span className="brand__name">Encore</span>
          {tag ? <span className="brand__tag">{tag}</span> : null}
        </Link>
        <nav className="site-nav" aria-label={t("main")}>
          {nav.map((item) => {
            const current = item.match ? item.match(path) : path === item.href;
            return (
              <Link
                key={item.href}
                href={item.href}
                className="site-nav__link"
                aria-current={current ? "page" : undefined}
              >
                {item.label}
              </Link>
            );
          })}
        </nav>
        <div className="site-header__end">
          {/* The fan side's way to an account (the admin side has its own sign-in). */}
          {path.startsWith("/admin") ? null : <AccountLink />}
          {end}
          <LanguageSwitcher />
        </div>
      </div>
    </header>
  );
}
