import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { clientMessages } from "@/i18n/messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pageTitles"))("admin") };
}

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const [t, messages] = await Promise.all([getTranslations("adminNav"), getMessages()]);
  const nav = [
    { href: "/admin", label: t("dashboard") },
    { href: "/", label: t("viewSite") },
  ];
  // The staff screens' texts on top of the fan side's (see the root layout).
  return (
    <NextIntlClientProvider messages={clientMessages(messages, "admin")}>
      <SiteHeader nav={nav} brandHref="/admin" tag={t("tag")} />
      <main id="main" className="container page">
        {children}
      </main>
    </NextIntlClientProvider>
  );
}
