import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AccountOverview } from "@/features/account/account-overview";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pageTitles"))("account") };
}

export default function AccountPage() {
  return <AccountOverview />;
}
