"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

export type NavItem = { href: string; label: string; match?: (path: string) => boolean };

/** The top bar: brand, primary navigation and a slot for the account controls. */
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
        <nav className="site-nav" aria-label="Main">
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
        <div className="site-header__end">{end}</div>
      </div>
    </header>
  );
}
