"use client";

import type { ReactNode } from "react";
import { SiteHeader, type NavItem } from "@/components/site-header";
import { BalanceChip } from "../points/balance-chip";
import { NameEditor } from "./name-editor";
import { SessionProvider } from "./session";

const NAV: NavItem[] = [
  { href: "/", label: "Concerts", match: (p) => p === "/" || p.startsWith("/concerts") },
  { href: "/tickets", label: "My tickets", match: (p) => p.startsWith("/tickets") },
  { href: "/points", label: "My points", match: (p) => p.startsWith("/points") },
];

/** The fan side of the site: a guest session from the first visit, the header, the page. */
export function FanShell({ children }: { children: ReactNode }) {
  return (
    <SessionProvider>
      <SiteHeader
        nav={NAV}
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
          <span>One fair line per concert · Seats held while you pay · Pay with points</span>
        </div>
      </footer>
    </SessionProvider>
  );
}
