import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AdminCheckIn } from "@/features/admin/check-in";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pageTitles"))("checkIn") };
}

export default function CheckInPage() {
  return <AdminCheckIn />;
}
