import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";

export const metadata: Metadata = { title: "Admin" };

const NAV = [
  { href: "/admin", label: "Dashboard" },
  { href: "/", label: "View site" },
];

export default function AdminLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SiteHeader nav={NAV} brandHref="/admin" tag="Admin" />
      <main id="main" className="container page">
        {children}
      </main>
    </>
  );
}
