"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { SiteHeader, type NavItem } from "@/components/site-header";
import { BalanceChip } from "../points/balance-chip";
import { NameEditor } from "./name-editor";
import { SessionProvider } from "./session";

/** The fan side of the site: a guest session from the first visit, the header, the page. */
export function FanShell({ children }: { children: ReactNode }) {
  const t = useTranslations("fanShell");
  const nav: NavItem[] = [
    { href: "/", label: t("concerts"), match: (p) => p === "/" || p.startsWith("/concerts") },
    { href: "/tickets", label: t("myTickets"), match: (p) => p.startsWith("/tickets") },
    { href: "/points", label: t("myPoints"), match: (p) => p.startsWith("/points") },
  ];
  return (
    <SessionProvider>
      <SiteHeader
        nav={nav}
        end={
          <>
            <BalanceChip />
            <NameEditor />
          </>
        }
      />
      <main id="main" className="container page">
        {children}
      </main>
      <footer className="site-footer">
        <div className="container site-footer__inner">
          <span>Encore</span>
          <span>{t("footer")}</span>
        </div>
      </footer>
    </SessionProvider>
  );
}
